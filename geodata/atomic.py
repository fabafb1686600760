"""Writing a folder atomically: build it beside its target, then rename it into place.

Readers see the old folder or the new one, never half of either. A build that is killed leaves
its temporary folder behind (marked with the pid that wrote it); the next build removes such
leftovers, but never those of a build that still runs.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

TEMP_PREFIX = ".store-build-"


def new_build_folder(parent: Path) -> Path:
    """A fresh temporary folder in ``parent`` (beside the target, so the rename stays on one
    file system), marked with this process's pid."""
    tmp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=parent))
    (tmp / ".pid").write_text(str(os.getpid()))
    return tmp


def _alive(pid_file: Path) -> bool:
    """Whether the build that wrote ``pid_file`` still runs (a reused pid of another program, or
    this very process, does not count)."""
    try:
        pid = int(pid_file.read_text())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        try:
            if b"python" not in cmdline.read_bytes():
                return False
        except OSError:
            return False
    return pid != os.getpid()


def remove_stale_builds(folder: Path) -> list[Path]:
    """Remove the temporary folders of builds that were killed (whose process no longer runs),
    and old stores a killed swap left behind; a build that is still running is left alone."""
    removed = []
    for path in [*folder.glob(f"{TEMP_PREFIX}*"), *folder.glob("*.old-*")]:
        if path.is_dir() and not _alive(path / ".pid"):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    if removed:
        logger.info("removed %d leftover folder(s) of interrupted builds", len(removed))
    return removed


def swap_into_place(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with renames only, so readers see the old or the new store."""
    old = None
    (new / ".pid").unlink(missing_ok=True)
    if target.exists():
        old = target.with_name(target.name + f".old-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
