"""The house stays easy to change: no module over 400 lines, no function over 60, no Dash callback
over 25 (the work belongs in views and pure helpers), for every Python file of the project — tests
and benchmarks included — and for the browser files in assets/."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE, MAX_FUNCTION, MAX_CALLBACK = 400, 60, 25


def tracked(pattern: str) -> list[Path]:
    """The project's files matching ``pattern`` (git's view: no virtualenv, no node_modules)."""
    out = subprocess.run(["git", "ls-files", pattern], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / line for line in out.stdout.splitlines() if line]


PYTHON = tracked("*.py")


def _is_callback(fn: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Call) and getattr(d.func, "attr", "") == "callback" for d in fn.decorator_list)


def test_the_project_has_python_files_to_check():
    assert len(PYTHON) > 100 and ROOT / "app.py" in PYTHON


@pytest.mark.parametrize("path", [*PYTHON, *tracked("assets/*.js")], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_over_400_lines(path: Path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE, f"{path.relative_to(ROOT)}: {lines} lines; split it by meaning"


def test_no_function_over_60_lines_and_no_callback_over_25():
    too_long = []
    for path in PYTHON:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = node.end_lineno - node.lineno + 1
                limit = MAX_CALLBACK if _is_callback(node) else MAX_FUNCTION
                if size > limit:
                    too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({size} > {limit})")
    assert too_long == []


def test_the_checks_see_a_long_function(tmp_path: Path):
    """The line count is the one the checks use: a 61-line function counts as 61."""
    body = "\n".join(f"    x{i} = {i}" for i in range(60))
    tree = ast.parse(f"def f():\n{body}\n")
    fn = tree.body[0]
    assert fn.end_lineno - fn.lineno + 1 == 61
