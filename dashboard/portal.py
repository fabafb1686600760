"""``/aanleveren``: the one part of the dashboard behind a login, where gemeenten, CBS and BZK deliver
the kernindicatoren open data lacks.

Server-rendered Flask pages (not Dash): every form is a Flask-WTF form with its CSRF token, sessions
are Flask-Login's, passwords are checked against argon2 hashes, and failed logins are rate-limited
per address and user name. The upload is checked by :func:`geodata.deliveries.service.deliver` with
``dry_run`` (the report); the confirmation sends the same bytes back and runs the same function for
real — nothing is kept between the two requests, and a file with any problem stores nothing.
The public dashboard stays public: nothing else needs a login.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, Flask, Response, abort, redirect, render_template_string, request, url_for
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from flask_wtf.file import FileField, FileRequired
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import HiddenField, IntegerField, PasswordField, StringField
from wtforms.validators import DataRequired

from geodata.deliveries.accounts import AccountError, authenticate, get_account
from geodata.deliveries.db import ROLE_GEMEENTE, Database
from geodata.deliveries.service import deliver, history, withdraw
from geodata.deliveries.template import template_csv, template_xlsx
from geodata.deliveries.validate import MAX_BYTES
from geodata.store import Store

from .i18n import t

logger = logging.getLogger(__name__)
ROUTE = "/aanleveren"
#: a request may carry the file twice over (upload, and base64 in the confirmation)
MAX_REQUEST = 8 * 1024 * 1024
#: failed logins per (address, user name) within the window before further tries are refused
MAX_FAILURES = 5
WINDOW_S = 15 * 60
#: a report lists at most this many problems on the page (the command line lists all)
MAX_PROBLEMS_SHOWN = 200


class RateLimiter:
    """Failed attempts per key in a sliding window (in-process; one per server process)."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = WINDOW_S) -> None:
        self.limit, self.window = limit, window
        self._fails: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque[float]:
        q = self._fails[key]
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked(self, key: str) -> bool:
        with self._lock:
            return len(self._trim(key, time.monotonic())) >= self.limit

    def fail(self, key: str) -> None:
        with self._lock:
            self._trim(key, time.monotonic()).append(time.monotonic())

    def reset(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)


@dataclass
class User(UserMixin):
    id: int
    username: str
    organisation: str
    organisation_name: str
    role: str

    def get_id(self) -> str:
        return str(self.id)


def _user(account) -> User:
    org = account.organisation
    return User(account.id, account.username, org.code, org.name, org.role)


class LoginForm(FlaskForm):
    username = StringField("username", validators=[DataRequired()])
    password = PasswordField("password", validators=[DataRequired()])


class UploadForm(FlaskForm):
    file = FileField("file", validators=[FileRequired()])


class ConfirmForm(FlaskForm):
    filename = HiddenField(validators=[DataRequired()])
    content = HiddenField(validators=[DataRequired()])
    sha256 = HiddenField(validators=[DataRequired()])


class WithdrawForm(FlaskForm):
    delivery = IntegerField(validators=[DataRequired()])


class PlainForm(FlaskForm):
    """A form with only its CSRF token (log out)."""


PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t('portal_title', lang) }} — {{ t('app_title', lang) }}</title>
<link rel="stylesheet" href="/assets/style.css">
<style>
 .portal{max-width:60rem;margin:0 auto;padding:1rem 1.25rem;font-family:system-ui,sans-serif;line-height:1.45}
 .portal table{border-collapse:collapse;width:100%} .portal th,.portal td{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:left}
 .portal .problems li{margin:.2rem 0} .portal .error{color:#a00000} .portal .ok{color:#1b5e20}
 .portal label{display:block;margin:.5rem 0 .2rem} .portal button{margin-top:.6rem;padding:.35rem .9rem}
 .portal .muted{color:#444}
</style></head>
<body><main class="portal" id="portal">
<p><a href="/">{{ t('app_title', lang) }}</a></p>
<h1>{{ t('portal_title', lang) }}</h1>
{% if user %}<form method="post" action="{{ url_for('aanleveren.logout') }}" class="who">
 {{ plain.csrf_token }}<span id="portal-user">{{ t('portal_logged_in_as', lang) }} {{ user.username }} ({{ user.organisation_name }})</span>
 <button type="submit" id="portal-logout">{{ t('portal_logout', lang) }}</button></form>{% endif %}
{% for kind, text in messages %}<p class="{{ kind }}" role="{{ 'alert' if kind == 'error' else 'status' }}">{{ text }}</p>{% endfor %}
{{ body|safe }}
</main></body></html>"""

LOGIN = """<form method="post" id="login-form">{{ form.csrf_token }}
<label for="username">{{ t('portal_username', lang) }}</label><input id="username" name="username" autocomplete="username" required>
<label for="password">{{ t('portal_password', lang) }}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<input type="hidden" name="next" value="{{ next }}">
<button type="submit" id="login-submit">{{ t('portal_login', lang) }}</button></form>
<p class="muted">{{ t('portal_login_note', lang) }}</p>"""

HOME = """<h2>{{ t('portal_template', lang) }}</h2>
<p>{{ t('portal_template_text', lang) }}</p>
<p><a id="template-xlsx" href="{{ url_for('aanleveren.template', fmt='xlsx') }}">{{ t('portal_template_xlsx', lang) }}</a> ·
<a id="template-csv" href="{{ url_for('aanleveren.template', fmt='csv') }}">{{ t('portal_template_csv', lang) }}</a></p>
<h2>{{ t('portal_upload', lang) }}</h2>
<form method="post" action="{{ url_for('aanleveren.check') }}" enctype="multipart/form-data" id="upload-form">{{ upload.csrf_token }}
<label for="file">{{ t('portal_file', lang) }}</label><input id="file" name="file" type="file" accept=".xlsx,.csv,text/csv" required>
<button type="submit" id="upload-submit">{{ t('portal_check', lang) }}</button></form>
<h2>{{ t('portal_history', lang) }}</h2>
{% if rows %}<table id="history"><thead><tr><th>{{ t('portal_col_id', lang) }}</th><th>{{ t('portal_col_date', lang) }}</th>
<th>{{ t('portal_col_file', lang) }}</th><th>{{ t('portal_col_rows', lang) }}</th><th>{{ t('portal_col_status', lang) }}</th><th></th></tr></thead><tbody>
{% for h in rows %}<tr id="delivery-{{ h.id }}"><td>{{ h.id }}</td><td>{{ h.created_at.strftime('%d-%m-%Y %H:%M') }}</td><td>{{ h.filename }}</td>
<td>{{ h.n_rows }} ({{ h.current_rows }} {{ t('portal_current', lang) }})</td>
<td>{{ t('portal_status_' + h.status, lang) }}</td><td>{% if h.status == 'accepted' %}
<form method="post" action="{{ url_for('aanleveren.withdraw_delivery') }}">{{ withdraw.csrf_token }}<input type="hidden" name="delivery" value="{{ h.id }}">
<button type="submit" id="withdraw-{{ h.id }}">{{ t('portal_withdraw', lang) }}</button></form>{% endif %}</td></tr>{% endfor %}
</tbody></table>{% else %}<p id="history-empty">{{ t('portal_no_history', lang) }}</p>{% endif %}"""

REPORT = """<h2>{{ t('portal_report', lang) }}: {{ filename }}</h2>
{% if problems %}<p class="error" id="report-rejected">{{ t('portal_rejected', lang, n=n_problems) }}</p>
<ul class="problems" id="report">{% for p in problems %}<li>{{ p }}</li>{% endfor %}</ul>
<p><a href="{{ url_for('aanleveren.home') }}">{{ t('portal_back', lang) }}</a></p>
{% else %}<p class="ok" id="report-ok">{{ t('portal_checked_ok', lang, n=n_rows) }}{% if skipped %} {{ t('portal_skipped', lang, n=skipped) }}{% endif %}</p>
<table id="preview"><thead><tr><th>indicator</th><th>area_code</th><th>period</th><th>value</th></tr></thead><tbody>
{% for r in preview %}<tr><td>{{ r.indicator }}</td><td>{{ r.area_code }}</td><td>{{ r.period }}</td><td>{{ r.value }}</td></tr>{% endfor %}</tbody></table>
<form method="post" action="{{ url_for('aanleveren.confirm') }}" id="confirm-form">{{ confirm.csrf_token }}
<input type="hidden" name="filename" value="{{ filename }}"><input type="hidden" name="sha256" value="{{ sha256 }}">
<input type="hidden" name="content" value="{{ content }}">
<button type="submit" id="confirm-submit">{{ t('portal_confirm', lang) }}</button></form>
<p><a href="{{ url_for('aanleveren.home') }}">{{ t('portal_cancel', lang) }}</a></p>{% endif %}"""


def register_portal(
    server: Flask,
    *,
    db: Database,
    store: Store,
    secret_key: str,
    on_delivery: Callable[[], None] = lambda: None,
) -> Blueprint:
    """Register ``/aanleveren`` (and its login) on ``server``."""
    if not server.config.get("SECRET_KEY"):
        server.config["SECRET_KEY"] = secret_key
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=3600 * 4,
    )
    manager = LoginManager()
    manager.init_app(server)
    manager.login_view = "aanleveren.login"
    manager.login_message = None
    limiter = RateLimiter()
    bp = Blueprint("aanleveren", __name__, url_prefix=ROUTE)

    @manager.user_loader
    def load_user(user_id: str) -> User | None:
        try:
            account = get_account(db, int(user_id))
        except ValueError:
            return None
        return _user(account) if account is not None else None

    def lang() -> str:
        return "en" if request.args.get("taal") == "en" else "nl"

    def page(body: str, *, status: int = 200, messages=(), **ctx) -> Response:
        lg = lang()
        user = current_user if current_user.is_authenticated else None
        inner = render_template_string(body, t=t, lang=lg, **ctx)
        html = render_template_string(
            PAGE, t=t, lang=lg, user=user, plain=PlainForm(formdata=None), messages=list(messages), body=inner
        )
        response = Response(html, status=status, content_type="text/html; charset=utf-8")
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def home_page(messages=(), status: int = 200) -> Response:
        rows = history(db, current_user.organisation)
        return page(HOME, status=status, messages=messages, upload=UploadForm(), withdraw=WithdrawForm(), rows=rows)

    @bp.before_request
    def limits() -> None:
        request.max_content_length = MAX_REQUEST
        request.max_form_memory_size = MAX_REQUEST

    @bp.errorhandler(CSRFError)
    def csrf_error(err: CSRFError) -> Response:
        logger.warning("CSRF refused on %s: %s", request.path, err.description)
        return page("", status=400, messages=[("error", t("portal_csrf", lang()))])

    @bp.errorhandler(RequestEntityTooLarge)
    def too_large(err: RequestEntityTooLarge) -> Response:
        mb = MAX_BYTES // (1024 * 1024)
        return page("", status=413, messages=[("error", t("portal_too_large", lang(), mb=mb))])

    @bp.route("/login", methods=["GET", "POST"])
    def login() -> Response:
        form = LoginForm()
        nxt = request.values.get("next") or url_for("aanleveren.home")
        if not nxt.startswith(ROUTE):  # never redirect elsewhere
            nxt = url_for("aanleveren.home")
        if request.method == "POST":
            key = f"{request.remote_addr}|{(request.form.get('username') or '').lower()}"
            if limiter.blocked(key):
                return page(
                    LOGIN, status=429, messages=[("error", t("portal_rate_limited", lang()))], form=form, next=nxt
                )
            if form.validate_on_submit():
                account = authenticate(db, form.username.data, form.password.data)
                if account is not None:
                    limiter.reset(key)
                    login_user(_user(account))
                    logger.info("login: %s (%s)", account.username, account.organisation.code)
                    return redirect(nxt)
            if form.errors.get("csrf_token"):
                return page(LOGIN, status=400, messages=[("error", t("portal_csrf", lang()))], form=form, next=nxt)
            limiter.fail(key)
            return page(LOGIN, status=401, messages=[("error", t("portal_login_failed", lang()))], form=form, next=nxt)
        return page(LOGIN, form=form, next=nxt)

    @bp.route("/uitloggen", methods=["POST"])
    def logout() -> Response:
        form = PlainForm()
        if not form.validate_on_submit():
            return page("", status=400, messages=[("error", t("portal_csrf", lang()))])
        logout_user()
        return redirect(url_for("aanleveren.login"))

    @bp.route("", methods=["GET"])
    @bp.route("/", methods=["GET"])
    @login_required
    def home() -> Response:
        return home_page()

    @bp.route("/sjabloon.<fmt>")
    @login_required
    def template(fmt: str) -> Response:
        gm = current_user.organisation if current_user.role == ROLE_GEMEENTE else None
        if fmt == "xlsx":
            body = template_xlsx(store.catalog, store.focus_areas, gm)
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        elif fmt == "csv":
            body, mime = template_csv(store.catalog, store.focus_areas, gm), "text/csv; charset=utf-8"
        else:
            abort(404)
        response = Response(body, content_type=mime)
        response.headers["Content-Disposition"] = (
            f'attachment; filename="aanlevering_{current_user.organisation}.{fmt}"'
        )
        return response

    @bp.route("/controleren", methods=["POST"])
    @login_required
    def check() -> Response:
        form = UploadForm()
        if not form.validate_on_submit():
            if form.errors.get("csrf_token"):
                return page("", status=400, messages=[("error", t("portal_csrf", lang()))])
            return home_page(messages=[("error", t("portal_no_file", lang()))], status=400)
        upload = form.file.data
        data = upload.read(MAX_BYTES + 1)
        return report(upload.filename or "bestand", data)

    def report(filename: str, data: bytes, *, store_it: bool = False) -> Response:
        outcome = deliver(
            db,
            store,
            organisation=current_user.organisation,
            data=data,
            filename=filename,
            channel="web",
            account_id=current_user.id,
            dry_run=not store_it,
        )
        rep = outcome.report
        if not rep.ok:
            lines = rep.lines()
            shown = lines[:MAX_PROBLEMS_SHOWN]
            if len(lines) > len(shown):
                shown.append(t("portal_more_problems", lang(), n=len(lines) - len(shown)))
            return page(REPORT, status=422, filename=filename, problems=shown, n_problems=len(lines))
        if store_it:
            on_delivery()
            n = len(rep.frame)
            return home_page(messages=[("ok", t("portal_stored", lang(), id=outcome.delivery_id, n=n))])
        preview = rep.frame.head(50).to_dict("records")
        return page(
            REPORT,
            filename=filename,
            problems=[],
            n_rows=len(rep.frame),
            skipped=rep.n_skipped,
            preview=preview,
            confirm=ConfirmForm(),
            sha256=outcome.sha256,
            content=base64.b64encode(data).decode("ascii"),
        )

    @bp.route("/bevestigen", methods=["POST"])
    @login_required
    def confirm() -> Response:
        form = ConfirmForm()
        if not form.validate_on_submit():
            return page("", status=400, messages=[("error", t("portal_csrf", lang()))])
        try:
            data = base64.b64decode(form.content.data, validate=True)
        except (binascii.Error, ValueError):
            return page("", status=400, messages=[("error", t("portal_no_file", lang()))])
        if hashlib.sha256(data).hexdigest() != form.sha256.data:
            return page("", status=400, messages=[("error", t("portal_no_file", lang()))])
        return report(form.filename.data, data, store_it=True)

    @bp.route("/intrekken", methods=["POST"])
    @login_required
    def withdraw_delivery() -> Response:
        form = WithdrawForm()
        if not form.validate_on_submit():
            return page("", status=400, messages=[("error", t("portal_csrf", lang()))])
        try:
            withdraw(db, form.delivery.data, current_user.organisation)
        except AccountError as err:
            return home_page(messages=[("error", str(err))], status=400)
        on_delivery()
        return home_page(messages=[("ok", t("portal_withdrawn", lang(), id=form.delivery.data))])

    server.register_blueprint(bp)
    return bp
