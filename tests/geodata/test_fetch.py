"""``python -m geodata fetch`` against recorded CBS OData replies served by a local test server.

The replies (tests/fixtures/odata/*.json, built by build_fixtures.py) hold real rows of the data
mirror's 85984NED files in StatLine's OData v3 shape; the live endpoints are not reachable here.
The parts that need no server (the manifest, the layout of a reply) are in test_fetch_layout.py.
"""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pandas as pd
import pytest
import yaml
from pytest_httpserver import HTTPServer

from geodata.__main__ import main
from geodata.fetch import RetryPolicy, fetch_sources, format_list, load_lock, load_manifest, parse_manifest
from geodata.sources.kwb import read_kwb_buurten_2024, read_kwb_gemeenten_wijken_2024

from .odata_server import RecordedOData, load_fixture

GMWK_FILE = "indicators/kwb_2024_85984NED_gemeenten_wijken.csv"
BUURT_FILE = "indicators/kwb_2024_85984NED_buurten_selectie.csv"
FAST = RetryPolicy(attempts=3, backoff=0.0, timeout=5.0)


def manifest(**entries: dict):
    """A manifest of ``id -> (file, fetch block)`` entries, as config/sources.yaml would give it."""
    return parse_manifest({"sources": {sid: {"file": file, "fetch": block} for sid, (file, block) in entries.items()}})


def odata(table: str = "85984NED", **extra) -> dict:
    return {"kind": "cbs_odata", "table": table, "catalogue": "opendata", **extra}


GMWK_SELECT = ["WijkenEnBuurten", "AantalInwoners_5", "Mannen_6", "Vrouwen_7", "Bevolkingsdichtheid_34"]


@pytest.fixture(scope="module")
def make_httpserver():
    """The recorded service, answering each request on its own thread as a real server does.

    pytest-httpserver's default server is single-threaded: a reply held back by ``"slow"`` would
    block the client's retry behind it until the sleep ends, so the retry could time out too.
    """
    server = HTTPServer(host="localhost", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def service(httpserver) -> RecordedOData:
    """The recorded 85984NED (gemeenten + wijken rows) and a second table, pages of 2 rows."""
    return RecordedOData(
        httpserver,
        {"85984NED": load_fixture("85984NED_gemeenten_wijken"), "85984BUU": load_fixture("85984NED_buurten")},
    )


def run(m, tmp_path: Path, service: RecordedOData, **kwargs):
    lock = kwargs.pop("lock", None) or load_lock(tmp_path / "fetch.lock.yaml")
    report = fetch_sources(
        m,
        tmp_path / "data",
        lock,
        catalogues={"opendata": service.base_url},
        policy=kwargs.pop("policy", FAST),
        **kwargs,
    )
    return report, lock


def leftovers(folder: Path) -> list[str]:
    """Temporary files or folders a fetch may have left behind."""
    return [p.name for p in folder.rglob(".*")] if folder.exists() else []


# ------------------------------------------------------------------------------ OData tables


def test_paging_follows_next_link_and_sends_select_and_filter(service, tmp_path):
    m = manifest(gmwk=(GMWK_FILE, odata(select=GMWK_SELECT, filter="substringof('WK',WijkenEnBuurten)")))
    report, lock = run(m, tmp_path, service)
    assert [o.status for o in report.outcomes] == ["fetched"]
    pages = service.hits("85984NED", "TypedDataSet")
    assert [p.get("$skip") for p in pages] == [None, "2", "4"]  # 6 rows, pages of 2
    assert pages[0]["$filter"] == "substringof('WK',WijkenEnBuurten)"
    assert pages[0]["$select"] == ",".join(GMWK_SELECT)
    written = pd.read_csv(tmp_path / "data" / GMWK_FILE, dtype=str, keep_default_na=False)
    assert len(written) == 6
    assert list(written.columns[:6]) == ["niveau", "code", "naam", "gemeentecode", "wijkcode", "WijkenEnBuurten"]
    assert written.set_index("code").loc["WK034403", "AantalInwoners_5"] == "35255"
    entry = lock.entries["gmwk"]
    assert entry["sha256"] == hashlib.sha256((tmp_path / "data" / GMWK_FILE).read_bytes()).hexdigest()
    assert entry["modified"] == "2025-03-27T02:00:00"  # TableInfos.Modified, the release on record
    assert yaml.safe_load((tmp_path / "fetch.lock.yaml").read_text())["files"]["gmwk"]["file"] == GMWK_FILE


def _mirror_rows(reader, path: Path, codes: set[str]) -> pd.DataFrame:
    frame = reader(path).frame
    return frame[frame["area_code"].isin(codes)].sort_values(["area_code", "column"]).reset_index(drop=True)


def test_round_trip_gemeenten_wijken_reads_as_the_mirror_file(service, tmp_path, data_dir):
    """Fetched 85984NED rows → the build's reader → the same values as the mirror's rows."""
    m = manifest(gmwk=(GMWK_FILE, odata()))
    report, _ = run(m, tmp_path, service)
    assert report.outcomes[0].status == "fetched", report.outcomes[0].detail
    codes = {r["WijkenEnBuurten"].strip() for r in load_fixture("85984NED_gemeenten_wijken")["TypedDataSet"]}
    fetched = _mirror_rows(read_kwb_gemeenten_wijken_2024, tmp_path / "data" / GMWK_FILE, codes)
    mirror = _mirror_rows(read_kwb_gemeenten_wijken_2024, data_dir / GMWK_FILE, codes)
    assert len(fetched) == 6 * 8
    pd.testing.assert_frame_equal(fetched, mirror)
    assert (fetched["status"] == "missing_or_secret").sum() == 2  # the two empty densities came back empty


def test_round_trip_buurten_with_names(service, tmp_path, data_dir):
    m = manifest(buurten=(BUURT_FILE, odata("85984BUU")))
    run(m, tmp_path, service)
    codes = {r["WijkenEnBuurten"].strip() for r in load_fixture("85984NED_buurten")["TypedDataSet"]}
    fetched_table = read_kwb_buurten_2024(tmp_path / "data" / BUURT_FILE)
    fetched = _mirror_rows(read_kwb_buurten_2024, tmp_path / "data" / BUURT_FILE, codes)
    mirror = _mirror_rows(read_kwb_buurten_2024, data_dir / BUURT_FILE, codes)
    pd.testing.assert_frame_equal(fetched, mirror)
    assert fetched_table.names["BU03440322"] == "Neckardreef en omgeving"
    assert set(fetched["level"]) == {"gemeente", "wijk", "buurt"}


def test_failing_source_does_not_stop_the_others_and_leaves_nothing(service, tmp_path):
    service.failures["85984BUU/TypedDataSet"] = ["always500"]
    m = manifest(
        a=("indicators/a.csv", odata()),
        b=("indicators/b.csv", odata("85984BUU")),
        c=("indicators/c.csv", odata(select=GMWK_SELECT)),
    )
    report, lock = run(m, tmp_path, service)
    assert [(o.source, o.status) for o in report.outcomes] == [("a", "fetched"), ("b", "failed"), ("c", "fetched")]
    assert "HTTP 500" in report.failed[0].detail and report.failed[0].unreachable
    assert len(service.hits("85984BUU", "TypedDataSet")) == FAST.attempts  # retried, then given up
    assert not (tmp_path / "data/indicators/b.csv").exists()
    assert leftovers(tmp_path / "data") == []
    assert set(lock.entries) == {"a", "c"}
    assert "FAILED b: HTTP 500" in report.summary()


def test_failing_source_keeps_the_previous_file(service, tmp_path):
    target = tmp_path / "data" / GMWK_FILE
    target.parent.mkdir(parents=True)
    target.write_text("the previous download\n")
    service.failures["85984NED/TypedDataSet"] = [500, 500, 500]
    report, _ = run(manifest(gmwk=(GMWK_FILE, odata())), tmp_path, service, force=True)
    assert report.outcomes[0].status == "failed"
    assert target.read_text() == "the previous download\n"
    assert leftovers(tmp_path / "data") == []


def test_transient_errors_are_retried(service, tmp_path):
    service.failures["85984NED/TypedDataSet"] = [500, "slow"]
    service.slow_seconds = 2.0  # well past the timeout: the second attempt times out
    # the threaded server answers the retry while the slow reply still sleeps; 1 s is room for a loaded machine
    policy = RetryPolicy(attempts=3, backoff=0.0, timeout=1.0)
    report, _ = run(manifest(gmwk=(GMWK_FILE, odata())), tmp_path, service, policy=policy)
    assert report.outcomes[0].status == "fetched", report.outcomes[0].detail
    first_pages = [p for p in service.hits("85984NED", "TypedDataSet") if "$skip" not in p]
    assert len(first_pages) == 3  # HTTP 500, a timeout, then the reply


def test_a_missing_table_is_not_retried(service, tmp_path):
    report, _ = run(manifest(x=("indicators/x.csv", odata("99999NED"))), tmp_path, service)
    assert report.outcomes[0].status == "failed" and "HTTP 404" in report.outcomes[0].detail
    assert len(service.hits("99999NED", "")) == 1


def test_changed_table_is_refused_until_the_lock_is_updated(service, tmp_path):
    m = manifest(gmwk=(GMWK_FILE, odata()))
    lock = load_lock(tmp_path / "fetch.lock.yaml")
    lock.record("gmwk", file=GMWK_FILE, sha256="0" * 64)
    report, _ = run(m, tmp_path, service, lock=lock)
    assert report.outcomes[0].status == "failed"
    detail = report.outcomes[0].detail
    assert GMWK_FILE in detail and "--update-lock" in detail and "nothing was written" in detail
    assert not (tmp_path / "data" / GMWK_FILE).exists()
    report, lock = run(m, tmp_path, service, lock=lock, update_lock=True)
    assert report.outcomes[0].status == "fetched"
    assert lock.sha256("gmwk") == hashlib.sha256((tmp_path / "data" / GMWK_FILE).read_bytes()).hexdigest()


def test_resume_skips_files_present_with_the_locked_hash(service, tmp_path):
    m = manifest(a=("indicators/a.csv", odata()), b=("indicators/b.csv", odata("85984BUU")))
    run(m, tmp_path, service)
    before = len(service.requests)
    (tmp_path / "data/indicators/b.csv").unlink()  # as if interrupted before b
    report, _ = run(m, tmp_path, service, lock=load_lock(tmp_path / "fetch.lock.yaml"))
    assert [o.status for o in report.outcomes] == ["present", "fetched"]
    assert {path.split("/")[0] for path, _ in service.requests[before:]} == {"85984BUU"}


def test_dry_run_writes_nothing_and_asks_nothing(service, tmp_path):
    m = manifest(a=("indicators/a.csv", odata()))
    report, _ = run(m, tmp_path, service, dry_run=True)
    assert report.outcomes[0].status == "would fetch"
    assert report.outcomes[0].detail == f"{service.base_url}/ODataFeed/odata/85984NED"
    assert service.requests == []
    assert not (tmp_path / "data").exists() and not (tmp_path / "fetch.lock.yaml").exists()


# ------------------------------------------------------------------------------ files (pooch)


@pytest.fixture
def files(httpserver):
    """A file server whose content can change between requests."""
    content = {"body": b"PK\x03\x04 a wijk- en buurtkaart"}
    httpserver.expect_request("/kaart.zip").respond_with_handler(
        lambda request: __import__("werkzeug").Response(content["body"])
    )
    return content


def test_file_download_is_hash_checked_against_the_lock(httpserver, files, tmp_path, service):
    m = parse_manifest(
        {
            "downloads": {
                "kaart": {"file": "boundaries/cbs/kaart.zip", "kind": "file", "url": httpserver.url_for("/kaart.zip")}
            }
        }
    )
    report, lock = run(m, tmp_path, service)
    target = tmp_path / "data/boundaries/cbs/kaart.zip"
    assert report.outcomes[0].status == "fetched" and target.read_bytes() == files["body"]
    assert lock.sha256("kaart") == hashlib.sha256(files["body"]).hexdigest()
    report, _ = run(m, tmp_path, service, lock=lock)
    assert report.outcomes[0].status == "present"  # resumed: no download
    files["body"] = b"PK\x03\x04 a new release"
    report, _ = run(m, tmp_path, service, lock=lock, force=True)
    outcome = report.outcomes[0]
    assert outcome.status == "failed"
    assert "boundaries/cbs/kaart.zip" in outcome.detail and "--update-lock" in outcome.detail
    assert target.read_bytes() == b"PK\x03\x04 a wijk- en buurtkaart"  # the old file is untouched
    assert leftovers(tmp_path / "data") == []
    report, lock = run(m, tmp_path, service, lock=lock, force=True, update_lock=True)
    assert report.outcomes[0].status == "fetched" and target.read_bytes() == b"PK\x03\x04 a new release"
    assert lock.sha256("kaart") == hashlib.sha256(b"PK\x03\x04 a new release").hexdigest()


# ------------------------------------------------------------------------------ the CLI


def test_cli_list_prints_every_source_with_its_table_or_url(capsys):
    assert main(["fetch", "--list"]) == 0
    out = capsys.readouterr().out
    m = load_manifest()
    for spec in m.specs.values():
        line = next(line for line in out.splitlines() if line.startswith(spec.id + " "))
        assert (spec.table in line) if spec.kind == "cbs_odata" else (spec.url in line)
    assert "https://dataderden.cbs.nl/ODataFeed/odata/47022NED" in out
    assert format_list(m).count("\n") >= len(m.specs)


def test_cli_fetch_and_exit_codes(service, tmp_path, capsys):
    args = ["fetch", "--data-dir", str(tmp_path / "d"), "--lock", str(tmp_path / "l.yaml"), "--retries", "1"]
    args += ["--catalogue", f"opendata={service.base_url}", "--only", "kwb2024_gemeenten_wijken"]
    assert main(args) == 0
    assert (tmp_path / "d" / GMWK_FILE).exists()
    err = capsys.readouterr().err
    assert "[1/1] kwb2024_gemeenten_wijken: fetched" in err and "fetch: 1 fetched" in err
    service.failures["85984NED/TypedDataSet"] = ["always500"]
    assert main([*args, "--force"]) == 1
    assert "FAILED kwb2024_gemeenten_wijken" in capsys.readouterr().err
    assert main([*args[:-1], "no_such_source"]) == 2


def _closed_port_url() -> str:
    """A local address nothing listens on: as offline as it gets."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_make_run_offline_stops_with_one_clear_message(tmp_path, capsys):
    closed = _closed_port_url()
    data = tmp_path / "fresh"
    args = ["fetch", "--if-missing", "--data-dir", str(data), "--lock", str(tmp_path / "l.yaml"), "--retries", "1"]
    assert main([*args, "--catalogue", f"opendata={closed}"]) == 2  # every source, as make run asks
    err = capsys.readouterr().err
    assert "ZOF_DATA_DIR" in err and "python -m geodata fetch" in err and str(data) in err
    assert err.count("cannot connect") == 3  # progress line, summary, message: only the first source was tried
    assert f"{len(load_manifest().specs) - 1} other sources not tried" in err
    assert not data.exists()  # no empty folder that would pass for data next time
    data.mkdir()
    assert main([*args, "--catalogue", f"opendata={closed}"]) == 0  # present: nothing fetched
    assert "exists; nothing fetched" in capsys.readouterr().err


def test_an_interrupted_run_keeps_the_lock_of_what_it_fetched(service, tmp_path):
    m = manifest(a=("indicators/a.csv", odata()), b=("indicators/b.csv", odata("85984BUU")))

    def interrupt(message: str) -> None:
        if message.startswith("[1/2] a: fetched"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(m, tmp_path, service, progress=interrupt)
    assert set(load_lock(tmp_path / "fetch.lock.yaml").entries) == {"a"}
    report, _ = run(m, tmp_path, service, lock=load_lock(tmp_path / "fetch.lock.yaml"))
    assert [o.status for o in report.outcomes] == ["present", "fetched"]
