"""``/aanleveren``: the one part of the dashboard behind a login, where gemeenten, CBS and BZK deliver
the kernindicatoren open data lacks.

Server-rendered Flask pages (not Dash): every form is a Flask-WTF form with its CSRF token, sessions
are Flask-Login's, passwords are checked against argon2 hashes, and failed logins are rate-limited
per address and user name. The upload is checked by :func:`geodata.deliveries.service.deliver` with
``dry_run`` (the report); the confirmation sends the same bytes back and runs the same function for
real — nothing is kept between the two requests, and a file with any problem stores nothing.
The public dashboard stays public: nothing else needs a login. The HTML (the dashboard's header,
panels and buttons; ``assets/portal.css``) lives in :mod:`dashboard.portal_templates`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

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
from .portal_templates import HOME, LOGIN, PAGE, REPORT, status_of, value_text
from .ratelimit import RateLimiter

logger = logging.getLogger(__name__)
ROUTE = "/aanleveren"
#: a request may carry the file twice over (upload, and base64 in the confirmation)
MAX_REQUEST = 8 * 1024 * 1024
#: a report lists at most this many problems on the page (the command line lists all)
MAX_PROBLEMS_SHOWN = 200


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


class Portal:
    """The views of ``/aanleveren``: one method per page (so each can be read on its own);
    :func:`register_portal` wires them to a blueprint."""

    def __init__(self, db: Database, store: Store, on_delivery: Callable[[], None]) -> None:
        self.db, self.store, self.on_delivery = db, store, on_delivery
        self.limiter = RateLimiter()

    def load_user(self, user_id: str) -> User | None:
        try:
            account = get_account(self.db, int(user_id))
        except ValueError:
            return None
        return _user(account) if account is not None else None

    def lang(self) -> str:
        return "en" if request.args.get("taal") == "en" else "nl"

    def u(self, endpoint: str, **values: object) -> str:
        """``url_for`` that keeps the page's language (``taal=en``)."""
        if self.lang() == "en":
            values["taal"] = "en"
        return url_for(endpoint, **values)

    def to_login(self) -> Response:
        """A page that needs a login, asked without one: to the login page in the page's language,
        coming back here afterwards (Flask-Login's own redirect drops ``taal``)."""
        back = request.full_path.rstrip("?") if request.method == "GET" else url_for("aanleveren.home")
        return redirect(self.u("aanleveren.login", next=back))

    def lang_href(self) -> str:
        """The page in the other language: this URL for a GET, the home page after a POST."""
        other = "nl" if self.lang() == "en" else "en"
        args = {k: v for k, v in request.args.items() if k != "taal"} if request.method == "GET" else {}
        if other == "en":
            args["taal"] = "en"
        path = request.path if request.method == "GET" else url_for("aanleveren.home")
        return path + ("?" + urlencode(args) if args else "")

    def provenance_text(self) -> str:
        """What the dashboard's cards say about a delivery of today (``delivered_by``)."""
        return t("delivered_by", self.lang(), org=current_user.organisation_name, date=f"{date.today():%d-%m-%Y}")

    def page(self, body: str, *, status: int = 200, messages=(), title: str = "", **ctx) -> Response:
        lg = self.lang()
        user = current_user if current_user.is_authenticated else None
        msgs = [{"kind": m[0], "text": m[1], "detail": m[2] if len(m) > 2 else ""} for m in messages]
        error_id = "portal-error" if any(m["kind"] == "error" for m in msgs) else ""
        common = {"t": t, "lang": lg, "u": self.u, "error_id": error_id}
        inner = render_template_string(body, status_of=status_of, num=value_text(lg), **common, **ctx)
        suffix = "?taal=en" if lg == "en" else ""
        html = render_template_string(
            PAGE,
            **common,
            user=user,
            plain=PlainForm(formdata=None),
            messages=msgs,
            body=inner,
            title=title,
            other="nl" if lg == "en" else "en",
            lang_href=self.lang_href(),
            dash_href="/" + suffix,
            a11y_href="/toegankelijkheid" + suffix,
        )
        response = Response(html, status=status, content_type="text/html; charset=utf-8")
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def home_page(self, messages=(), status: int = 200) -> Response:
        rows = history(self.db, current_user.organisation)
        return self.page(
            HOME, status=status, messages=messages, upload=UploadForm(), withdraw=WithdrawForm(), rows=rows
        )

    def limits(self) -> None:
        request.max_content_length = MAX_REQUEST
        request.max_form_memory_size = MAX_REQUEST

    def csrf_error(self, err: CSRFError) -> Response:
        logger.warning("CSRF refused on %s: %s", request.path, err.description)
        return self.page("", status=400, messages=[("error", t("portal_csrf", self.lang()))])

    def too_large(self, err: RequestEntityTooLarge) -> Response:
        mb = MAX_BYTES // (1024 * 1024)
        return self.page("", status=413, messages=[("error", t("portal_too_large", self.lang(), mb=mb))])

    def login(self) -> Response:
        form = LoginForm()
        nxt = request.values.get("next") or url_for("aanleveren.home")
        if not nxt.startswith(ROUTE):  # never redirect elsewhere
            nxt = url_for("aanleveren.home")
        if request.method == "POST":
            key = f"{request.remote_addr}|{(request.form.get('username') or '').lower()}"
            if self.limiter.blocked(key):
                return self.page(
                    LOGIN,
                    status=429,
                    messages=[("error", t("portal_rate_limited", self.lang()))],
                    form=form,
                    next=nxt,
                    title=t("portal_login", self.lang()),
                )
            if form.validate_on_submit():
                account = authenticate(self.db, form.username.data, form.password.data)
                if account is not None:
                    self.limiter.reset(key)
                    login_user(_user(account))
                    logger.info("login: %s (%s)", account.username, account.organisation.code)
                    return redirect(nxt)
            if form.errors.get("csrf_token"):
                return self.page(
                    LOGIN,
                    status=400,
                    messages=[("error", t("portal_csrf", self.lang()))],
                    form=form,
                    next=nxt,
                    title=t("portal_login", self.lang()),
                )
            self.limiter.fail(key)
            return self.page(
                LOGIN,
                status=401,
                messages=[("error", t("portal_login_failed", self.lang()))],
                form=form,
                next=nxt,
                title=t("portal_login", self.lang()),
            )
        return self.page(LOGIN, form=form, next=nxt, title=t("portal_login", self.lang()))

    def logout(self) -> Response:
        form = PlainForm()
        if not form.validate_on_submit():
            return self.page("", status=400, messages=[("error", t("portal_csrf", self.lang()))])
        logout_user()
        return redirect(url_for("aanleveren.login"))

    def home(self) -> Response:
        return self.home_page()

    def template(self, fmt: str) -> Response:
        gm = current_user.organisation if current_user.role == ROLE_GEMEENTE else None
        if fmt == "xlsx":
            body = template_xlsx(self.store.catalog, self.store.focus_areas, gm)
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        elif fmt == "csv":
            body, mime = template_csv(self.store.catalog, self.store.focus_areas, gm), "text/csv; charset=utf-8"
        else:
            abort(404)
        response = Response(body, content_type=mime)
        response.headers["Content-Disposition"] = (
            f'attachment; filename="aanlevering_{current_user.organisation}.{fmt}"'
        )
        return response

    def check(self) -> Response:
        form = UploadForm()
        if not form.validate_on_submit():
            if form.errors.get("csrf_token"):
                return self.page("", status=400, messages=[("error", t("portal_csrf", self.lang()))])
            return self.home_page(messages=[("error", t("portal_no_file", self.lang()))], status=400)
        upload = form.file.data
        data = upload.read(MAX_BYTES + 1)
        return self.report(upload.filename or "bestand", data)

    def report(self, filename: str, data: bytes, *, store_it: bool = False) -> Response:
        outcome = deliver(
            self.db,
            self.store,
            organisation=current_user.organisation,
            data=data,
            filename=filename,
            channel="web",
            account_id=current_user.id,
            dry_run=not store_it,
        )
        rep = outcome.report
        title = f"{t('portal_report', self.lang())}: {filename}"
        if not rep.ok:
            problems = rep.problems
            shown = problems[:MAX_PROBLEMS_SHOWN]
            more = (
                t("portal_more_problems", self.lang(), n=len(problems) - len(shown))
                if len(problems) > len(shown)
                else ""
            )
            return self.page(
                REPORT,
                status=422,
                title=title,
                filename=filename,
                problems=shown,
                more=more,
                n_problems=len(problems),
            )
        if store_it:
            self.on_delivery()
            n = len(rep.frame)
            stored = t("portal_stored", self.lang(), id=outcome.delivery_id, n=n)
            detail = t("portal_provenance_stored", self.lang(), text=self.provenance_text())
            return self.home_page(messages=[("ok", stored, detail)])
        preview = rep.frame.head(50).to_dict("records")
        return self.page(
            REPORT,
            title=title,
            provenance=self.provenance_text(),
            filename=filename,
            problems=[],
            n_rows=len(rep.frame),
            skipped=rep.n_skipped,
            preview=preview,
            confirm=ConfirmForm(),
            sha256=outcome.sha256,
            content=base64.b64encode(data).decode("ascii"),
        )

    def confirm(self) -> Response:
        form = ConfirmForm()
        if not form.validate_on_submit():
            return self.page("", status=400, messages=[("error", t("portal_csrf", self.lang()))])
        try:
            data = base64.b64decode(form.content.data, validate=True)
        except (binascii.Error, ValueError):
            return self.page("", status=400, messages=[("error", t("portal_no_file", self.lang()))])
        if hashlib.sha256(data).hexdigest() != form.sha256.data:
            return self.page("", status=400, messages=[("error", t("portal_no_file", self.lang()))])
        return self.report(form.filename.data, data, store_it=True)

    def withdraw_delivery(self) -> Response:
        form = WithdrawForm()
        if not form.validate_on_submit():
            return self.page("", status=400, messages=[("error", t("portal_csrf", self.lang()))])
        try:
            withdraw(self.db, form.delivery.data, current_user.organisation)
        except AccountError as err:
            return self.home_page(messages=[("error", str(err))], status=400)
        self.on_delivery()
        return self.home_page(messages=[("ok", t("portal_withdrawn", self.lang(), id=form.delivery.data))])


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
    bp = Blueprint("aanleveren", __name__, url_prefix=ROUTE)
    portal = Portal(db, store, on_delivery)
    manager.user_loader(portal.load_user)
    manager.unauthorized_handler(portal.to_login)
    bp.before_request(portal.limits)
    home = login_required(portal.home)
    bp.register_error_handler(CSRFError, portal.csrf_error)
    bp.register_error_handler(RequestEntityTooLarge, portal.too_large)
    bp.add_url_rule("/login", endpoint="login", view_func=portal.login, methods=["GET", "POST"])
    bp.add_url_rule("/uitloggen", endpoint="logout", view_func=portal.logout, methods=["POST"])
    bp.add_url_rule("", endpoint="home", view_func=home, methods=["GET"])
    bp.add_url_rule("/", endpoint="home", view_func=home, methods=["GET"])
    bp.add_url_rule("/sjabloon.<fmt>", endpoint="template", view_func=login_required(portal.template))
    bp.add_url_rule("/controleren", endpoint="check", view_func=login_required(portal.check), methods=["POST"])
    bp.add_url_rule("/bevestigen", endpoint="confirm", view_func=login_required(portal.confirm), methods=["POST"])
    bp.add_url_rule(
        "/intrekken", endpoint="withdraw_delivery", view_func=login_required(portal.withdraw_delivery), methods=["POST"]
    )
    server.register_blueprint(bp)
    return bp
