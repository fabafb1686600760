"""The outside services, behind one module: CBS OData through ``cbsodata``, files through ``pooch``.

``cbsodata`` (the CBS-endorsed client) builds ``<scheme>://<catalogue>/ODataFeed/odata/<table>/<feed>``
and follows ``odata.nextLink`` until a feed is complete; its ``catalog_url`` argument takes any
host, so a mirror or the recorded-reply test server is reached the same way as CBS. It has no
retries and no timeout of its own: both are added here (a timeout is passed through to
``requests``; transient failures — connection errors, timeouts, HTTP 5xx/429 — are retried with
a growing pause). ``pooch`` downloads a file to a temporary name next to the target, checks its
SHA256 against the known hash and only then moves it into place.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import cbsodata
import pooch
import requests

logger = logging.getLogger(__name__)
pooch.get_logger().setLevel(logging.WARNING)  # our progress lines say what is downloaded
T = TypeVar("T")

#: HTTP statuses worth another try (the server may recover); others (404, 400) are final
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a request is repeated."""

    attempts: int = 3
    backoff: float = 2.0  #: seconds before the 2nd attempt; doubled each time
    timeout: float = 60.0  #: seconds per request (connect and read)


class TransientError(Exception):
    """Raised by :func:`with_retries` when every attempt failed on a transient problem."""


def is_transient(err: BaseException) -> bool:
    """A failure another attempt may cure.

    >>> is_transient(requests.ConnectionError()), is_transient(ValueError())
    (True, False)
    """
    if isinstance(err, requests.ConnectionError | requests.Timeout):
        return True
    if isinstance(err, requests.HTTPError):
        response = err.response
        if response is None and isinstance(err.__cause__, requests.HTTPError):
            response = err.__cause__.response  # cbsodata re-raises without the response
        return response is not None and response.status_code in RETRY_STATUSES
    return False


def with_retries(
    fn: Callable[[], T], policy: RetryPolicy, *, what: str, on_retry: Callable[[str], None] | None = None
) -> T:
    """Call ``fn`` until it succeeds, retrying transient failures ``policy.attempts`` times."""
    pause = policy.backoff
    for attempt in range(1, policy.attempts + 1):
        try:
            return fn()
        except Exception as err:
            if not is_transient(err) or attempt == policy.attempts:
                raise
            message = f"{what}: attempt {attempt} of {policy.attempts} failed ({describe(err)}); retrying"
            logger.warning(message)
            if on_retry:
                on_retry(message)
            time.sleep(pause)
            pause *= 2
    raise AssertionError("unreachable")


def describe(err: BaseException) -> str:
    """One line for a network failure (the status and URL, not a traceback)."""
    if isinstance(err, requests.HTTPError):
        response = err.response if err.response is not None else getattr(err.__cause__, "response", None)
        if response is not None:
            return f"HTTP {response.status_code} from {response.url}"
    if isinstance(err, requests.Timeout):
        return "timed out"
    if isinstance(err, requests.ConnectionError):
        return "cannot connect"
    return f"{type(err).__name__}: {err}"


def fetch_odata(
    table: str, *, base_url: str, select: tuple[str, ...] = (), filter: str = "", policy: RetryPolicy
) -> dict[str, list[dict]]:
    """Every feed of one CBS OData table (the TypedDataSet with ``$select``/``$filter``), as
    cbsodata returns them: ``{feed name: [row, …]}`` with keys as published (padded)."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"catalogue URL {base_url!r} is not http(s)://host[:port]")
    host = parts.netloc + parts.path.rstrip("/")
    old_https = cbsodata.options.use_https
    cbsodata.options.use_https = parts.scheme == "https"  # cbsodata's one switch for the scheme
    try:
        return with_retries(
            lambda: cbsodata.download_data(
                table,
                # cbsodata 1.3 drops the data set it names from the list it downloads, so
                # typed=False is what fetches the TypedDataSet (checked by odata.table_frame)
                typed=False,
                select=list(select) or None,
                filters=filter or None,
                catalog_url=host,
                timeout=policy.timeout,
                proxies=requests.utils.get_environ_proxies(base_url),  # honours no_proxy
            ),
            policy,
            what=f"{table} at {base_url}",
        )
    finally:
        cbsodata.options.use_https = old_https


def fetch_file(url: str, target: Path, *, known_hash: str | None, policy: RetryPolicy) -> str:
    """Download ``url`` to ``target`` (atomically, via pooch) and return its SHA256.

    With ``known_hash`` pooch keeps a present file with that hash (no request), and refuses a
    download with a different hash (``ValueError``; nothing is moved into place)."""
    downloader = pooch.HTTPDownloader(progressbar=False, timeout=policy.timeout)
    path = with_retries(
        lambda: pooch.retrieve(
            url,
            known_hash=f"sha256:{known_hash}" if known_hash else None,
            fname=target.name,
            path=target.parent,
            downloader=downloader,
            progressbar=False,
        ),
        policy,
        what=url,
    )
    return pooch.file_hash(path, alg="sha256")
