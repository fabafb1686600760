"""Voortgang (``/voortgang``): the half-yearly progress report — 20 focus areas × the
kernindicatoren against the 0-meting, as it stood at a reporting period's cut-off; also which
cells have data (coverage) and what changed since the previous report."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html, no_update
from flask import Response

from geodata.errors import UnknownValueError
from geodata.progress import ReportPeriod, changes_since, coverage_matrix, progress_matrix, report_periods

from .. import ids
from ..components import control, present_links
from ..context import AppContext
from ..exports import XLSX, voortgang_csv, voortgang_workbook
from ..i18n import LANGS, t
from ..markup import fill_slot, slot, to_html
from ..progress_table import FILTERS, VIEWS, build_matrix, columns
from ..registry import REGISTRY, Page
from ..routes import attachment
from ..shell import LayoutContext, line_label
from ..state import PageParam, choice_param

LINE_CHOICES = ("alle", "2", "3", "4")
FIRST_BASELINE = 2012


def today() -> date:
    return date.today()


def _period(raw, meta):
    if raw in (None, ""):
        return ReportPeriod.of(today()).label, None
    labels = [p.label for p in report_periods(today())]
    return (raw, None) if raw in labels else (labels[0], "vg_bad_period")


def _baseline(raw, meta):
    years = baseline_years(meta)
    if raw in (None, ""):
        return str(meta_baseline(meta)), None
    return (raw, None) if raw in years else (str(meta_baseline(meta)), "vg_bad_value")


def _sort(raw, meta):
    options = ("naam", *meta.core)
    if raw in (None, ""):
        return "naam", None
    return (raw, None) if raw in options else ("naam", "vg_bad_value")


def baseline_years(meta) -> list[str]:
    years = {y for ps in meta.periods.values() for y in ps}
    return [str(y) for y in sorted(years) if y >= FIRST_BASELINE]


def meta_baseline(meta) -> int:
    return meta.baseline_year


PARAMS = (
    PageParam("periode", "vg-period", _period),
    PageParam("basis", "vg-baseline", _baseline),
    PageParam("weergave", "vg-view", choice_param(VIEWS, "matrix")),
    PageParam("lijnen", "vg-lines", choice_param(LINE_CHOICES, "alle")),
    PageParam("sorteer", "vg-sort", _sort),
    PageParam("filter", "vg-filter", choice_param(FILTERS, "alle")),
)


def _select(cid: str, options: list[tuple[str, str]], value: object) -> dbc.Select:
    return dbc.Select(
        id=cid, options=[{"label": label, "value": v} for v, label in options], value=value, className="select"
    )


def report_controls(c: LayoutContext, core: list, periods: list, years: list) -> html.Section:
    """The report's own controls: period, 0-meting, action line, view, sort and filter."""
    lang, state = c.lang, c.state
    return html.Section(
        className="controls vg-controls",
        **{"aria-label": t("controls_label", lang)},
        children=[
            control(
                t("vg_period", lang),
                _select("vg-period", periods, state.param("periode")),
                "vg-period",
                wrapper_id="vg-control-period",
            ),
            control(
                t("vg_baseline", lang),
                _select("vg-baseline", years, state.param("basis")),
                "vg-baseline",
                wrapper_id="vg-control-baseline",
            ),
            control(
                t("vg_lines", lang),
                _select(
                    "vg-lines",
                    [("alle", t("vg_all_lines", lang))] + [(line, line_label(line, lang)) for line in LINE_CHOICES[1:]],
                    state.param("lijnen"),
                ),
                "vg-lines",
                wrapper_id="vg-control-lines",
            ),
            control(
                t("vg_view", lang),
                _select("vg-view", [(v, t(f"vg_view_{v}", lang)) for v in VIEWS], state.param("weergave")),
                "vg-view",
                wrapper_id="vg-control-view",
            ),
            control(
                t("vg_sort", lang),
                _select(
                    "vg-sort",
                    [("naam", t("vg_sort_name", lang))] + [(i.id, i.name(lang)) for i in core],
                    state.param("sorteer"),
                ),
                "vg-sort",
                wrapper_id="vg-control-sort",
                wide=True,
            ),
            control(
                t("vg_filter", lang),
                _select("vg-filter", [(f, t(f"vg_filter_{f}", lang)) for f in FILTERS], state.param("filter")),
                "vg-filter",
                wrapper_id="vg-control-filter",
            ),
        ],
    )


def layout(c: LayoutContext) -> list:
    lang = c.lang
    core = [i for i in c.catalog if i.core]
    periods = [(p.label, p.label) for p in report_periods(today())]
    years = sorted({y for i in c.catalog for y in c.config.get("view", {}).get("periods", {}).get(i.id, [])})
    years = [(str(y), str(y)) for y in years if y >= FIRST_BASELINE]
    return [
        html.Div(
            className="title-bar",
            children=[
                html.H2(t("vg_title", lang), className="page-title"),
                html.Div(
                    className="present-tools",
                    children=[
                        *present_links(c, "voortgang"),
                        html.A(t("vg_xlsx", lang), id="vg-export-xlsx", href="#", className="button present-on"),
                        html.A(t("vg_csv", lang), id="vg-export-csv", href="#", className="button present-on"),
                        html.Button(t("print", lang), id="vg-print", className="button present-on"),
                        html.Div(id="vg-print-sink", hidden=True),
                    ],
                ),
            ],
        ),
        html.P(t("vg_intro", lang), className="page-intro"),
        report_controls(c, core, periods, years),
        html.P(id="vg-summary", className="summary", role="status"),
        # ~860 cells: static HTML (dashboard/markup.py), which the browser shows in milliseconds
        *slot("vg-matrix", className="vg-scroll", tabIndex="0", role="region", **{"aria-label": t("vg_title", lang)}),
        html.Div(id="vg-notes", className="legend-note"),
    ]


page = REGISTRY.add(Page("voortgang", "/voortgang", "nav_voortgang", layout, order=30, presentable=True, params=PARAMS))


def indicators_of(c: AppContext, lines: str) -> list[str]:
    return [i.id for i in c.store.catalog if i.core and (lines == "alle" or i.action_line == lines)]


def export_query(period: str, baseline: str, lines: str, lang: str) -> str:
    return urlencode({"periode": period, "basis": baseline, "lijnen": lines, "taal": lang})


@page.callback(
    Output("vg-matrix-html", "data"),
    Output("vg-summary", "children"),
    Output("vg-notes", "children"),
    Output("vg-export-xlsx", "href"),
    Output("vg-export-csv", "href"),
    Input("vg-period", "value"),
    Input("vg-baseline", "value"),
    Input("vg-view", "value"),
    Input("vg-lines", "value"),
    Input("vg-sort", "value"),
    Input("vg-filter", "value"),
    Input(page.container_id, "hidden"),
    State(ids.LANG, "data"),
)
def show_voortgang(c: AppContext, period, baseline, view, lines, sort, filt, hidden, lang):
    """Draw the progress matrix for the chosen period, 0-meting, action line and view."""
    if hidden:
        return (no_update,) * 5
    report = ReportPeriod.parse(period or ReportPeriod.of(today()).label)
    base = int(baseline or meta_baseline(c.meta))
    lines, view, sort = lines or "alle", view or "matrix", sort or "naam"
    inds = indicators_of(c, lines)
    frame = progress_frame(c, report, base, inds, view)
    shown, empty = columns(frame, inds, sort, view)
    table = build_matrix(frame, c.store, c.store.catalog, shown, view=view, sort=sort, filt=filt or "alle", lang=lang)
    summary = summary_text(report, base, frame, lang)
    return to_html(table), summary, notes(c, lang, empty), *export_links(report, base, lines, lang)


fill_slot(page, "vg-matrix")


def warm(c: AppContext) -> None:
    """The matrix the page opens with (this half-year, the default 0-meting, every action line):
    about a second to compute, so not for the first visitor to wait on."""
    report = ReportPeriod.of(today())
    progress_frame(c, report, meta_baseline(c.meta), indicators_of(c, "alle"), "matrix")


page.warm = warm


def summary_text(report: ReportPeriod, base: int, frame, lang: str) -> str:
    """Which report this is (period, cut-off, 0-meting) and how many of its cells have a figure."""
    return t(
        "vg_summary",
        lang,
        period=report.label,
        cutoff=report.cutoff.strftime("%d-%m-%Y"),
        baseline=base,
        n=int(frame["latest_value"].notna().sum()) if "latest_value" in frame else 0,
        total=len(frame),
    )


def export_links(report: ReportPeriod, base: int, lines: str, lang: str) -> tuple[str, str]:
    """The report as shown, as a workbook and as CSV."""
    query = export_query(report.label, str(base), lines, lang)
    return f"/voortgang.xlsx?{query}", f"/voortgang.csv?{query}"


_FRAMES: OrderedDict[tuple, object] = OrderedDict()
_LOCK = threading.Lock()
#: matrices kept (each ~340 cells; a matrix takes about a second to compute)
RECENT_FRAMES = 32


def progress_frame(c: AppContext, report: ReportPeriod, base: int, inds: list[str], view: str):
    """The cells of one view, cached per store, period, 0-meting, indicators and view."""
    key = (id(c.store), report, base, tuple(inds), view)
    with _LOCK:
        if key in _FRAMES:
            _FRAMES.move_to_end(key)
            return _FRAMES[key]
    frame = compute_frame(c, report, base, inds, view)
    with _LOCK:
        _FRAMES[key] = frame
        while len(_FRAMES) > RECENT_FRAMES:
            _FRAMES.popitem(last=False)
    return frame


def compute_frame(c: AppContext, report: ReportPeriod, base: int, inds: list[str], view: str):
    delivered = c.store.delivery_dates() if hasattr(c.store, "delivery_dates") else None
    current = progress_matrix(c.store, baseline_year=base, period=report, indicators=inds, delivered=delivered)
    if view == "dekking":
        cov = coverage_matrix(c.store, period=report, indicators=inds, delivered=delivered)
        return cov.merge(current[["area", "indicator", "improvement", "latest_value"]], on=["area", "indicator"])
    if view == "wijzigingen":
        before = progress_matrix(
            c.store, baseline_year=base, period=report.previous(), indicators=inds, delivered=delivered
        )
        return changes_since(current, before)
    return current


def notes(c: AppContext, lang: str, empty: list[str]) -> list:
    """How to read the matrix, the columns without any figure, and which sources have no release
    date on record (their values count in every report, marked °)."""
    unknown = [s.title for s in c.store.catalog.sources_of_kind("table") if s.published is None]
    names = "; ".join(c.store.catalog[i].name(lang) for i in empty)
    return [
        html.P(t("vg_note_method", lang)),
        html.P(t("vg_note_empty", lang, names=names)) if empty else None,
        html.P(t("vg_note_unknown", lang, sources="; ".join(unknown))) if unknown else None,
    ]


page.clientside("print", Output("vg-print-sink", "title"), Input("vg-print", "n_clicks"), prevent_initial_call=True)


# ----------------------------------------------------------------------------- exports


def export_request(c: AppContext, args) -> tuple[ReportPeriod, int, str, str]:
    """The report a download asks for (``periode``, ``basis``, ``lijnen``, ``taal``); a bad
    value is refused with the choices (a download should not quietly be a different report)."""
    labels = [p.label for p in report_periods(today())]
    period = args.get("periode") or ReportPeriod.of(today()).label
    if period not in labels:
        raise UnknownValueError("periode", period, labels[:4] + ["…"])
    baseline = args.get("basis") or str(meta_baseline(c.meta))
    if baseline not in baseline_years(c.meta):
        raise UnknownValueError("basis (0-meting)", baseline, baseline_years(c.meta)[-4:])
    lines = args.get("lijnen") or "alle"
    if lines not in LINE_CHOICES:
        raise UnknownValueError("lijnen", lines, LINE_CHOICES)
    lang = args.get("taal") or "nl"
    if lang not in LANGS:
        raise UnknownValueError("taal", lang, LANGS)
    return ReportPeriod.parse(period), int(baseline), lines, lang


def _export_name(report: ReportPeriod, lines: str, ext: str) -> str:
    return f"voortgang_{report.label}" + ("" if lines == "alle" else f"_actielijn{lines}") + f".{ext}"


@page.route("/voortgang.xlsx")
def voortgang_xlsx(c: AppContext, args) -> Response:
    """The report as a workbook: a sheet per action line, then definitions, sources and compositions."""
    report, base, lines, lang = export_request(c, args)
    matrix = progress_frame(c, report, base, indicators_of(c, lines), "matrix")
    body = voortgang_workbook(
        matrix, c.store, period=report, baseline=base, lang=lang, created=today(), lines=_lines(lines)
    )
    return attachment(body, XLSX, _export_name(report, lines, "xlsx"))


@page.route("/voortgang.csv")
def voortgang_csv_route(c: AppContext, args) -> Response:
    """The report in long form for Dutch Excel (``;``, decimal comma, BOM)."""
    report, base, lines, lang = export_request(c, args)
    matrix = progress_frame(c, report, base, indicators_of(c, lines), "matrix")
    return attachment(
        voortgang_csv(matrix, c.store, lang), "text/csv; charset=utf-8", _export_name(report, lines, "csv")
    )


def _lines(lines: str) -> tuple[str, ...]:
    return LINE_CHOICES[1:] if lines == "alle" else (lines,)
