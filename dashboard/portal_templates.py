"""The HTML of ``/aanleveren`` (Jinja strings for :func:`flask.render_template_string`).

The pages wear the dashboard's clothes: its site header (dark band, title, subtitle, a way back to
the dashboard and to the other language), a main column, panels, ``.button`` buttons and the
``--focus`` outline, from ``/assets/style.css`` plus ``/assets/portal.css`` (every rule there is
scoped under ``body.portal``, so the Dash pages, which load every file in ``assets/``, are not
touched). ``u(endpoint)`` is ``url_for`` that keeps ``taal=en``; ``error_id`` is the id of the
page's error message when there is one, for ``aria-describedby`` on the form fields it is about.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from geodata.deliveries.db import ACCEPTED

PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% if title %}{{ title }} — {% endif %}{{ t('portal_title', lang) }} — {{ t('app_title', lang) }}</title>
<link rel="stylesheet" href="/assets/style.css"><link rel="stylesheet" href="/assets/portal.css">
</head>
<body class="portal">
<a class="skip-link" href="#main">{{ t('skip_link', lang) }}</a>
<header class="site-header">
 <div class="brand"><p class="app-title"><a href="{{ dash_href }}">{{ t('app_title', lang) }}</a></p>
  <p class="app-subtitle">{{ t('app_subtitle', lang) }}</p></div>
 <nav class="site-nav" aria-label="{{ t('nav_label', lang) }}">
  <a class="nav-link" id="portal-dashboard-link" href="{{ dash_href }}"><span aria-hidden="true">← </span>{{ t('portal_to_dashboard', lang) }}</a>
  <a class="nav-link active" href="{{ u('aanleveren.home') }}" aria-current="page">{{ t('portal_title', lang) }}</a>
 </nav>
 <a class="lang-link" id="portal-lang" href="{{ lang_href }}" lang="{{ other }}" hreflang="{{ other }}">{{ t('other_lang', lang) }}</a>
</header>
<main id="main" tabindex="-1" class="portal-main">
<div class="title-bar portal-title-bar"><h1 class="page-title">{{ t('portal_title', lang) }}</h1>
{% if user %}<form method="post" action="{{ u('aanleveren.logout') }}" class="portal-who" id="logout-form">{{ plain.csrf_token(id=False) }}
 <span id="portal-user">{{ t('portal_logged_in_as', lang) }} <strong>{{ user.username }}</strong> ({{ user.organisation_name }})</span>
 <button type="submit" class="button" id="portal-logout">{{ t('portal_logout', lang) }}</button></form>{% endif %}
</div>
{% for m in messages %}<div class="portal-msg portal-msg-{{ m.kind }}"{% if m.kind == 'error' %} role="alert"{% else %} role="status"{% endif %}>
 <p class="{{ m.kind }}"{% if m.kind == 'error' and loop.first %} id="{{ error_id }}"{% endif %}>{{ m.text }}</p>
 {% if m.detail %}<p class="portal-msg-detail" id="portal-provenance">{{ m.detail }}</p>{% endif %}</div>
{% endfor %}
{{ body|safe }}
{% if not body %}<p class="portal-actions"><a class="button" href="{{ u('aanleveren.home') }}">{{ t('portal_back', lang) }}</a></p>{% endif %}
</main>
<footer class="site-footer">{{ t('portal_footer', lang) }} <a href="{{ a11y_href }}">{{ t('nav_a11y', lang) }}</a></footer>
</body></html>"""

#: aria-describedby/aria-invalid for a field the page's error message is about
_ERROR_ATTRS = '{% if error_id %} aria-invalid="true" aria-describedby="{{ error_id }}"{% endif %}'

LOGIN = (
    """<section class="panel portal-panel portal-narrow" aria-labelledby="login-title">
<h2 class="panel-title" id="login-title">{{ t('portal_login', lang) }}</h2>
<form method="post" id="login-form" class="portal-form">{{ form.csrf_token(id=False) }}
<div class="portal-field"><label for="username">{{ t('portal_username', lang) }}</label>
<input id="username" name="username" value="{{ form.username.data or '' }}" autocomplete="username" autocapitalize="none"
 spellcheck="false" required"""
    + _ERROR_ATTRS
    + """></div>
<div class="portal-field"><label for="password">{{ t('portal_password', lang) }}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required"""
    + _ERROR_ATTRS
    + """></div>
<input type="hidden" name="next" value="{{ next }}">
<button type="submit" class="button button-primary" id="login-submit">{{ t('portal_login', lang) }}</button></form>
<p class="portal-note">{{ t('portal_login_note', lang) }}</p>
</section>"""
)

HOME = (
    """<div class="portal-steps">
<section class="panel portal-panel" aria-labelledby="step-template">
<h2 class="panel-title" id="step-template">{{ t('portal_template', lang) }}</h2>
<p class="portal-text">{{ t('portal_template_text', lang) }}</p>
<p class="portal-actions">
 <a class="button" id="template-xlsx" href="{{ url_for('aanleveren.template', fmt='xlsx') }}">{{ t('portal_template_xlsx', lang) }}</a>
 <a class="button" id="template-csv" href="{{ url_for('aanleveren.template', fmt='csv') }}">{{ t('portal_template_csv', lang) }}</a></p>
</section>
<section class="panel portal-panel" aria-labelledby="step-upload">
<h2 class="panel-title" id="step-upload">{{ t('portal_upload', lang) }}</h2>
<form method="post" action="{{ u('aanleveren.check') }}" enctype="multipart/form-data" id="upload-form" class="portal-form">
{{ upload.csrf_token(id=False) }}
<div class="portal-field"><label for="file">{{ t('portal_file', lang) }}</label>
<p class="portal-hint" id="file-hint">{{ t('portal_upload_hint', lang) }}</p>
<input id="file" name="file" type="file" accept=".xlsx,.csv,text/csv" required"""
    + '{% if error_id %} aria-invalid="true" aria-describedby="{{ error_id }} file-hint"'
    + '{% else %} aria-describedby="file-hint"{% endif %}'
    + """></div>
<button type="submit" class="button button-primary" id="upload-submit">{{ t('portal_check', lang) }}</button></form>
</section>
</div>
<section class="panel portal-panel" aria-labelledby="step-history">
<h2 class="panel-title" id="step-history">{{ t('portal_history', lang) }}</h2>
{% if rows %}<table id="history" class="portal-table portal-history" aria-labelledby="step-history">
<thead><tr><th scope="col">{{ t('portal_col_id', lang) }}</th><th scope="col">{{ t('portal_col_date', lang) }}</th>
<th scope="col">{{ t('portal_col_file', lang) }}</th><th scope="col">{{ t('portal_col_rows', lang) }}</th>
<th scope="col">{{ t('portal_col_status', lang) }}</th><th scope="col"><span class="visually-hidden">{{ t('portal_col_action', lang) }}</span></th></tr></thead>
<tbody>
{% for h in rows %}{% set st = status_of(h) %}<tr id="delivery-{{ h.id }}">
<td data-label="{{ t('portal_col_id', lang) }}">{{ h.id }}</td>
<td data-label="{{ t('portal_col_date', lang) }}">{{ h.created_at.strftime('%d-%m-%Y %H:%M') }}</td>
<td data-label="{{ t('portal_col_file', lang) }}" class="portal-filename">{{ h.filename }}</td>
<td data-label="{{ t('portal_col_rows', lang) }}">{{ h.n_rows }} <span class="portal-muted">({{ h.current_rows }} {{ t('portal_current', lang) }})</span></td>
<td data-label="{{ t('portal_col_status', lang) }}"><span class="badge badge-{{ st }}">{{ t('portal_status_' + st, lang) }}</span></td>
<td class="portal-cell-action">{% if h.status == 'accepted' %}
<form method="post" action="{{ u('aanleveren.withdraw_delivery') }}">{{ withdraw.csrf_token(id=False) }}<input type="hidden" name="delivery" value="{{ h.id }}">
<button type="submit" class="button button-danger" id="withdraw-{{ h.id }}">{{ t('portal_withdraw', lang) }}<span class="visually-hidden"> {{ t('portal_delivery_n', lang, id=h.id) }}</span></button></form>{% endif %}</td></tr>
{% endfor %}</tbody></table>
{% else %}<p id="history-empty" class="portal-muted">{{ t('portal_no_history', lang) }}</p>{% endif %}
</section>"""
)

REPORT = """<section class="panel portal-panel" aria-labelledby="report-title">
<h2 class="panel-title" id="report-title">{{ t('portal_report', lang) }}: <span class="portal-filename">{{ filename }}</span></h2>
{% if problems %}
<div class="portal-summary portal-summary-error" role="alert" id="report-rejected" aria-labelledby="report-rejected-title">
 <p class="portal-summary-title" id="report-rejected-title">{{ t('portal_rejected_1', lang) if n_problems == 1 else t('portal_rejected_n', lang, n=n_problems) }}</p>
 <p>{{ t('portal_rejected_text', lang) }}</p></div>
<div class="portal-scroll" role="region" aria-labelledby="problems-caption" tabindex="0">
<table class="portal-table portal-problems" id="report"><caption id="problems-caption">{{ t('portal_problems_caption', lang) }}</caption>
<thead><tr><th scope="col">{{ t('portal_col_row', lang) }}</th><th scope="col">{{ t('portal_col_column', lang) }}</th>
<th scope="col">{{ t('portal_col_problem', lang) }}</th></tr></thead><tbody>
{% for p in problems %}<tr><td>{{ p.row if p.row is not none else t('portal_whole_file', lang) }}</td>
<td>{% if p.column %}<code>{{ p.column }}</code>{% else %}—{% endif %}</td><td>{{ p.message }}</td></tr>{% endfor %}
</tbody></table></div>
{% if more %}<p class="portal-muted" id="report-more">{{ more }}</p>{% endif %}
<p class="portal-actions"><a class="button button-primary" href="{{ u('aanleveren.home') }}">{{ t('portal_new_file', lang) }}</a></p>
{% else %}
<div class="portal-msg portal-msg-ok" role="status"><p class="ok" id="report-ok">{{ t('portal_checked_ok', lang, n=n_rows) }}{% if skipped %} {{ t('portal_skipped', lang, n=skipped) }}{% endif %}</p>
 <p class="portal-msg-detail">{{ t('portal_provenance_preview', lang, text=provenance) }}</p></div>
<form method="post" action="{{ u('aanleveren.confirm') }}" id="confirm-form" class="portal-actions">{{ confirm.csrf_token(id=False) }}
<input type="hidden" name="filename" value="{{ filename }}"><input type="hidden" name="sha256" value="{{ sha256 }}">
<input type="hidden" name="content" value="{{ content }}">
<button type="submit" class="button button-primary" id="confirm-submit">{{ t('portal_confirm', lang) }}</button>
<a class="button" href="{{ u('aanleveren.home') }}" id="confirm-cancel">{{ t('portal_cancel', lang) }}</a></form>
<div class="portal-scroll" role="region" aria-labelledby="preview-caption" tabindex="0">
<table id="preview" class="portal-table"><caption id="preview-caption">{{ t('portal_preview_caption', lang, shown=preview|length, n=n_rows) }}</caption>
<thead><tr><th scope="col">indicator</th><th scope="col">area_code</th><th scope="col">period</th><th scope="col" class="portal-num">value</th></tr></thead><tbody>
{% for r in preview %}<tr><td><code>{{ r.indicator }}</code></td><td>{{ r.area_code }}</td><td>{{ r.period }}</td><td class="portal-num">{{ num(r.value) }}</td></tr>{% endfor %}</tbody></table></div>
{% endif %}
</section>"""


def status_of(delivery: dict) -> str:
    """The badge of a delivery in the history: accepted, withdrawn, or superseded (accepted, but
    none of its rows is current any more: later deliveries replaced them all)."""
    if delivery["status"] == ACCEPTED and delivery["n_rows"] and not delivery["current_rows"]:
        return "superseded"
    return delivery["status"]


def value_text(lang: str) -> Callable[[object], str]:
    """A delivered value for the preview table: shortest form, the language's decimal sign, — for none."""

    def fmt(value: object) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "—"
        if isinstance(value, int | float):
            text = f"{value:g}" if abs(value) < 1e15 else str(value)
            return text.replace(".", ",") if lang == "nl" else text
        return str(value)

    return fmt
