"""The lock file (``config/fetch.lock.yaml``): the SHA256 of every file fetch wrote, committed.

After the first download of a source its hash is recorded; from then on a download with another
hash is refused (the publisher changed the file: look, then accept with ``--update-lock``), and a
present file with the recorded hash is not downloaded again (resume).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import CatalogError
from ..hashing import sha256_file
from ..settings import PROJECT_ROOT
from ..yamlfile import read_yaml

LOCK_PATH = PROJECT_ROOT / "config" / "fetch.lock.yaml"
HEADER = (
    "# Hashes of the files `python -m geodata fetch` wrote (SHA256 of the file in the data directory).\n"
    "# Written by the fetcher; a download whose hash differs is refused until accepted with --update-lock.\n"
)


@dataclass
class Lock:
    path: Path
    entries: dict[str, dict] = field(default_factory=dict)

    def sha256(self, source_id: str) -> str | None:
        entry = self.entries.get(source_id)
        return entry.get("sha256") if entry else None

    def record(self, source_id: str, **fields: object) -> None:
        self.entries[source_id] = {k: v for k, v in fields.items() if v not in (None, "")}

    def save(self) -> None:
        """Write atomically (temp file + rename), entries sorted by source id."""
        text = HEADER + yaml.safe_dump({"files": dict(sorted(self.entries.items()))}, sort_keys=False)
        write_atomic(self.path, text.encode("utf-8"))


def load_lock(path: Path = LOCK_PATH) -> Lock:
    if not path.exists():
        return Lock(path)
    raw = read_yaml(path, CatalogError, "; restore it from git") or {}
    files = raw.get("files") or {}
    if not isinstance(files, dict):
        raise CatalogError(f"{path}: 'files' must be a mapping of source id -> {{sha256, …}}")
    return Lock(path, {str(k): dict(v or {}) for k, v in files.items()})


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place, so a reader
    sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = ["LOCK_PATH", "Lock", "load_lock", "sha256_file", "write_atomic"]
