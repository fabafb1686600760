"""Every knob of the project, its default and its environment variable.

Precedence: explicit argument > environment > default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import DataDirectoryMissing

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR_VAR = "ZOF_DATA_DIR"
CACHE_DIR_VAR = "ZOF_CACHE_DIR"
BASELINE_VAR = "ZOF_BASELINE_YEAR"
STATE_DIR_VAR = "ZOF_STATE_DIR"
DATABASE_VAR = "ZOF_DATABASE_URL"
SECRET_VAR = "ZOF_SECRET_KEY"
DEBUG_VAR = "ZOF_DEBUG"


@dataclass(frozen=True)
class Settings:
    """Configuration of the data layer and the app.

    Examples
    --------
    >>> s = Settings.from_env({"ZOF_DATA_DIR": "/tmp/x", "ZOF_BASELINE_YEAR": "2022"})
    >>> s.data_dir.as_posix(), s.baseline_year
    ('/tmp/x', 2022)
    """

    #: folder with boundaries/, indicators/ and focus_areas/ (the CBS/PDOK downloads)
    data_dir: Path = PROJECT_ROOT.parent / "shared" / "data"
    #: folder the built store is written to
    cache_dir: Path = PROJECT_ROOT / ".cache" / "store"
    #: 0-meting: the first available year from this year on is the baseline
    baseline_year: int = 2022
    #: folder of the state users write (the SQLite database of deliveries and accounts, the secret key)
    state_dir: Path = PROJECT_ROOT / ".state"
    #: SQLAlchemy URL of the deliveries database; None = SQLite in ``state_dir``
    database: str | None = None
    #: Flask session/CSRF key; None = a random key kept in ``state_dir/secret_key``
    secret_key: str | None = None
    #: development mode: Dash's dev routes (``/_reload-hash``) answer; off in production
    debug: bool = False
    #: extra knobs for the app (host, port, debug) are Dash's own HOST/PORT/DASH_DEBUG
    extra: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if environ is None else environ
        kwargs: dict[str, object] = {}
        if env.get(DATA_DIR_VAR):
            kwargs["data_dir"] = _resolve(env[DATA_DIR_VAR])
        if env.get(CACHE_DIR_VAR):
            kwargs["cache_dir"] = _resolve(env[CACHE_DIR_VAR])
        if env.get(BASELINE_VAR):
            try:
                kwargs["baseline_year"] = int(env[BASELINE_VAR])
            except ValueError as err:
                raise ValueError(f"{BASELINE_VAR}={env[BASELINE_VAR]!r} is not a year; set it to e.g. 2022") from err
        if env.get(STATE_DIR_VAR):
            kwargs["state_dir"] = _resolve(env[STATE_DIR_VAR])
        if env.get(DATABASE_VAR):
            kwargs["database"] = env[DATABASE_VAR]
        if env.get(SECRET_VAR):
            kwargs["secret_key"] = env[SECRET_VAR]
        flag = env.get(DEBUG_VAR) or env.get("DASH_DEBUG")  # Dash's own debug mode wants its dev routes
        if flag:
            kwargs["debug"] = flag.strip().lower() in ("1", "true", "yes", "ja")
        kwargs.update({k: v for k, v in overrides.items() if v is not None})
        for key in ("data_dir", "cache_dir", "state_dir"):
            if key in kwargs:
                kwargs[key] = _resolve(kwargs[key])
        return replace(cls(), **kwargs)

    @property
    def database_url(self) -> str:
        """``ZOF_DATABASE_URL``, default ``sqlite:///<state_dir>/zof.sqlite``.

        >>> Settings.from_env({"ZOF_STATE_DIR": "/tmp/st"}).database_url
        'sqlite:////tmp/st/zof.sqlite'
        """
        return self.database or f"sqlite:///{(self.state_dir / 'zof.sqlite').as_posix()}"

    def require_data_dir(self) -> Path:
        """Return the data directory or fail at once naming the path and the variable."""
        if not self.data_dir.is_dir():
            raise DataDirectoryMissing(self.data_dir, DATA_DIR_VAR)
        return self.data_dir


def _resolve(value: object) -> Path:
    path = Path(str(value)).expanduser()
    if not path.is_absolute():
        path = (PROJECT_ROOT / path).resolve()
    return path
