"""``/aanleveren`` through Flask's test client on the real store: login required, CSRF on every form,
rate-limited login, size limit, the public dashboard stays public."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from geodata.deliveries.accounts import add_account
from geodata.deliveries.db import open_database
from geodata.settings import Settings

pytestmark = pytest.mark.integration
PASSWORD = "den-haag-levert-2026"


@pytest.fixture(scope="module")
def portal_app(tmp_path_factory, built_store):
    from app import create_app

    state = tmp_path_factory.mktemp("portal-state")
    settings = Settings.from_env(state_dir=state, cache_dir=built_store.path)
    db = open_database(settings.database_url)
    add_account(db, "denhaag", PASSWORD, organisation="GM0518", name="gemeente Den Haag")
    add_account(db, "utrecht", PASSWORD, organisation="GM0344", name="gemeente Utrecht")
    db.dispose()
    return create_app(settings)


def token(html: str, form_id: str | None = None) -> str:
    if form_id:
        html = html[html.index(f'id="{form_id}"') :]
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def logged_in(app, username: str = "denhaag"):
    client = app.server.test_client()
    page = client.get("/aanleveren/login").get_data(as_text=True)
    r = client.post("/aanleveren/login", data={"username": username, "password": PASSWORD, "csrf_token": token(page)})
    assert r.status_code == 302
    return client


def test_the_dashboard_is_public_and_only_aanleveren_needs_a_login(portal_app):
    client = portal_app.server.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/download.csv?indicator=population&area=DH_ZW").status_code == 200
    for path in ("/aanleveren", "/aanleveren/sjabloon.csv"):
        r = client.get(path)
        assert r.status_code == 302 and r.headers["Location"].startswith("/aanleveren/login")


def test_a_page_asked_in_english_without_a_login_asks_for_it_in_english_and_comes_back(portal_app):
    client = portal_app.server.test_client()
    r = client.get("/aanleveren/sjabloon.csv?taal=en")
    login = urlsplit(r.headers["Location"])
    assert r.status_code == 302 and login.path == "/aanleveren/login"
    assert parse_qs(login.query) == {"taal": ["en"], "next": ["/aanleveren/sjabloon.csv?taal=en"]}
    page = client.get(r.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="en"' in html and "Inloggen" not in html
    assert re.search(r'<form method="post" id="login-form"', html)  # no action: it posts to the URL it came from
    back = re.search(r'name="next" value="([^"]*)"', html).group(1).replace("&amp;", "&")
    data = {"username": "denhaag", "password": PASSWORD, "csrf_token": token(html), "next": back}
    r = client.post(r.headers["Location"], data=data)
    assert r.status_code == 302 and r.headers["Location"] == "/aanleveren/sjabloon.csv?taal=en"


def test_a_page_asked_in_dutch_without_a_login_keeps_dutch(portal_app):
    r = portal_app.server.test_client().get("/aanleveren")
    login = urlsplit(r.headers["Location"])
    assert r.status_code == 302 and login.path == "/aanleveren/login"
    assert parse_qs(login.query) == {"next": ["/aanleveren"]}


def test_login_without_csrf_token_is_refused(portal_app):
    client = portal_app.server.test_client()
    r = client.post("/aanleveren/login", data={"username": "denhaag", "password": PASSWORD})
    assert r.status_code == 400 and "CSRF" in r.get_data(as_text=True)
    assert client.get("/aanleveren").status_code == 302


def test_login_is_rate_limited(portal_app):
    client = portal_app.server.test_client()
    page = client.get("/aanleveren/login").get_data(as_text=True)
    codes = [
        client.post(
            "/aanleveren/login", data={"username": "utrecht", "password": "fout-fout-fout", "csrf_token": token(page)}
        ).status_code
        for _ in range(6)
    ]
    assert codes == [401] * 5 + [429]
    r = client.post("/aanleveren/login", data={"username": "utrecht", "password": PASSWORD, "csrf_token": token(page)})
    assert r.status_code == 429 and "Te veel mislukte pogingen" in r.get_data(as_text=True)


def test_no_redirect_to_another_site_after_login(portal_app):
    client = portal_app.server.test_client()
    page = client.get("/aanleveren/login").get_data(as_text=True)
    r = client.post(
        "/aanleveren/login?next=https://evil.example/",
        data={"username": "denhaag", "password": PASSWORD, "csrf_token": token(page)},
    )
    assert r.status_code == 302 and r.headers["Location"].startswith("/aanleveren")


def test_template_is_prefilled_with_the_own_focus_areas(portal_app):
    client = logged_in(portal_app)
    body = client.get("/aanleveren/sjabloon.csv").get_data().decode("utf-8-sig")
    lines = body.splitlines()
    assert lines[0] == "indicator;area_code;period;value;numerator;denominator;status;source;remark"
    assert {ln.split(";")[1] for ln in lines[1:]} == {"DH_ZW"}
    assert {ln.split(";")[0] for ln in lines[1:]} >= {"dwellings_new_build", "housing_allocation_instruments"}
    xlsx = client.get("/aanleveren/sjabloon.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_a_too_large_upload_is_refused_with_a_dutch_message(portal_app):
    client = logged_in(portal_app)
    home = client.get("/aanleveren").get_data(as_text=True)
    data = {"csrf_token": token(home, "upload-form"), "file": (io.BytesIO(b"0" * (9 * 1024 * 1024)), "groot.csv")}
    r = client.post("/aanleveren/controleren", data=data, content_type="multipart/form-data")
    assert r.status_code == 413 and "te groot" in r.get_data(as_text=True)


def test_a_forged_confirmation_stores_nothing(portal_app):
    client = logged_in(portal_app)
    home = client.get("/aanleveren").get_data(as_text=True)
    # a valid token but content that does not match the hash that was checked
    r = client.post(
        "/aanleveren/bevestigen",
        data={"csrf_token": token(home, "upload-form"), "filename": "x.csv", "sha256": "0" * 64, "content": "eA=="},
    )
    assert r.status_code == 400
    assert 'id="history-empty"' in client.get("/aanleveren").get_data(as_text=True)
