"""Named errors whose messages name the offending value and the fix."""

from __future__ import annotations

from pathlib import Path


class GeodataError(Exception):
    """Base of every error the data layer raises on purpose.

    ``code`` and ``params`` let an interface say the same thing in its own words (the dashboard
    looks up ``error_<code>`` in its string table); ``str(err)`` is the English message with the fix.
    """

    code = "generic"
    params: dict = {}


class DataDirectoryMissing(GeodataError):
    def __init__(self, path: Path, variable: str) -> None:
        super().__init__(
            f"data directory {path} does not exist; point the environment variable "
            f"{variable} at the folder that holds boundaries/, indicators/ and focus_areas/"
        )
        self.path = path


class SourceFileError(GeodataError):
    """A source file is missing, unreadable, truncated or lacks expected columns."""

    def __init__(self, path: Path | str, problem: str, fix: str = "") -> None:
        message = f"{path}: {problem}"
        if fix:
            message += f"; {fix}"
        super().__init__(message)
        self.path = path


class AreaCodeError(GeodataError):
    """An area code that is malformed or not known in its boundary year."""

    code = "area"

    def __init__(self, value: object, problem: str, fix: str = "") -> None:
        message = f"area code {value!r}: {problem}"
        if fix:
            message += f"; {fix}"
        super().__init__(message)
        self.value = value
        self.params = {"value": _short(value)}


class CRSError(GeodataError):
    def __init__(self, what: str, expected: str, got: object) -> None:
        super().__init__(
            f"{what}: expected {expected}, got {got}; reproject with to_crs({expected!r}) "
            "or set the right CRS with set_crs() if the coordinates are already in it"
        )


class GeometryError(GeodataError):
    def __init__(self, what: str, problem: str) -> None:
        super().__init__(f"{what}: {problem}; repair the geometry (shapely.make_valid) or remove the feature")


class DuplicateRowsError(GeodataError):
    def __init__(self, what: str, keys: list[str], examples: list[object]) -> None:
        shown = ", ".join(map(str, examples[:5]))
        super().__init__(
            f"{what}: duplicate rows for key ({', '.join(keys)}), e.g. {shown}; "
            "keep one row per key (remove the duplicates from the file)"
        )


class CatalogError(GeodataError):
    """The indicator catalogue is malformed or refers to something that is not there."""


class FocusAreaDefinitionError(GeodataError):
    """The focus-area definition file is inconsistent with the boundaries."""


class UnknownIndicatorError(GeodataError):
    code = "indicator"

    def __init__(self, indicator: object, known: list[str]) -> None:
        super().__init__(f"unknown indicator {indicator!r}; choose one of: {', '.join(sorted(known))}")
        self.params = {"value": _short(indicator)}


class UnknownValueError(GeodataError):
    """A value outside a fixed set of choices (a map level, a language, an export format)."""

    code = "choice"

    def __init__(self, what: str, value: object, choices: list[str] | tuple[str, ...]) -> None:
        super().__init__(f"unknown {what} {value!r}; choose one of: {', '.join(choices)}")
        self.params = {"what": what, "value": _short(value), "choices": ", ".join(choices)}


def _short(value: object, limit: int = 40) -> str:
    """A bad value as a message may show it: short, and only letters, digits and ``-_.,: `` (so
    no markup, quotes or line breaks are echoed back).

    >>> _short("<script>alert(1)</script>"), _short("GM0363';X"), _short("2026-H1")
    ('?script?alert?1???script?', 'GM0363??X', '2026-H1')
    """
    text = "".join(ch if ch.isalnum() or ch in "-_.,: " else "?" for ch in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class StoreMissingError(GeodataError):
    code = "store"

    def __init__(self, path: Path) -> None:
        super().__init__(f"no data store in {path}; build it with `python -m geodata build` (or `make run`)")


class FetchError(GeodataError):
    """A source could not be fetched (network, server, or a reply that is not what was expected)."""

    code = "fetch"

    def __init__(self, source: str, problem: str, fix: str = "") -> None:
        message = f"source {source!r}: {problem}"
        if fix:
            message += f"; {fix}"
        super().__init__(message)
        self.source = source
        self.params = {"source": source}


class HashMismatchError(FetchError):
    """A download differs from the hash recorded in the lock file."""

    code = "fetch_hash"

    def __init__(self, source: str, file: str, expected: str, got: str, lock: Path) -> None:
        super().__init__(
            source,
            f"{file} has SHA256 {got[:12]}…, but {lock.name} records {expected[:12]}… (the publisher changed the "
            "file, or the download is corrupt); nothing was written",
            f"check the new release, then accept it with `python -m geodata fetch --only {source} --update-lock`",
        )
        self.file = file
        self.params = {"source": source, "file": file}


class SourcesUnreachableError(GeodataError):
    """No source could be reached: the machine is probably offline."""

    code = "fetch_offline"

    def __init__(self, data_dir: Path, variable: str, detail: str) -> None:
        super().__init__(
            f"data directory {data_dir} does not exist and the sources could not be reached ({detail}); "
            f"point {variable} at a folder with the downloads (e.g. {variable}=../shared/data) or run "
            "`python -m geodata fetch` on a machine that can reach CBS"
        )
        self.params = {"path": str(data_dir), "variable": variable}
