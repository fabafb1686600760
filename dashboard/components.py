"""Small layout builders shared by the pages: panels, controls, tables, maps, notices."""

from __future__ import annotations

import json
from urllib.parse import quote

import dash_bootstrap_components as dbc
from dash import dcc, html

from . import ids
from .i18n import t
from .markup import Svg

GRAPH_CONFIG = {
    "displaylogo": False,
    # no tool bar over the legend (on a phone it covered it); the table alternative has the numbers
    "displayModeBar": False,
    "responsive": True,
    "scrollZoom": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"],
    "locale": "nl",
}


def panel(title: str, *children, class_name: str = "", title_id: str | None = None) -> html.Section:
    heading = (
        html.H3(title, className="panel-title", id=title_id) if title_id else html.H3(title, className="panel-title")
    )
    return html.Section([heading, *children], className=f"panel {class_name}".strip())


def _shown(hidden: bool) -> dict:
    return {"display": "none"} if hidden else {}


def control(
    label: str, component, control_id: str, *, wrapper_id: str, wide: bool = False, hidden: bool = False
) -> html.Div:
    return html.Div(
        [html.Label(label, htmlFor=control_id, className="control-label"), component],
        id=wrapper_id,
        className="control control-wide" if wide else "control",
        style=_shown(hidden),
    )


def radio_group(legend: str, component, wrapper_id: str, *, hidden: bool = False) -> html.Fieldset:
    """Radio buttons in a fieldset whose legend names the group (its accessible name)."""
    return html.Fieldset(
        [html.Legend(legend, className="control-label"), component],
        id=wrapper_id,
        className="control control-radio",
        style=_shown(hidden),
    )


def notices(messages: list[str]) -> list:
    return [dbc.Alert(m, color="warning", className="notice", dismissable=True) for m in messages]


def table_slot(table_id: str) -> list:
    """A table filled in the browser from ``{header, rows}`` in the store ``<id>-data``
    (assets/app.js: renderTable): hundreds of cells as one prop instead of hundreds of components,
    which Dash would otherwise re-create — and re-check on every update — at each switch."""
    return [dcc.Store(id=f"{table_id}-data"), html.Div(id=table_id, className="table-slot")]


def table_toggle(table_id: str, lang: str) -> html.Details:
    return html.Details([html.Summary(t("show_table", lang)), *table_slot(table_id)], className="table-toggle")


def table_data(header: list[str], rows: list[list[str]]) -> dict:
    return {"header": [str(h) for h in header], "rows": [[str(c) for c in r] for r in rows]}


def map_frame(map_id: str, lang: str, *, extra_class: str = "", opens: list[str] | None = None) -> html.Div:
    """The box a MapLibre map is drawn in by assets/app.js (created when its page first shows),
    with its HTML legend and a loading note until the first paint.

    ``opens``: the view the page was built for, as the map's clientside callback will pass it
    (scope, indicator, year, language[, colour scale]). assets/maps.js creates the map and fetches
    that payload as soon as the box is in the page, instead of after Dash's first rounds of
    callbacks have settled the controls (~200–300 ms later); Dash's own call then finds it asked
    for already."""
    extra = {"data-zof-open": json.dumps(opens)} if opens else {}
    return html.Div(
        className=f"map-frame {extra_class}".strip(),
        children=[
            html.Div(id=map_id, className="zof-map", role="region", **{"aria-label": t("map_title", lang)}, **extra),
            html.Div(t("map_loading", lang), className="map-loading", **{"aria-hidden": "true"}),
            html.Div(id=f"{map_id}-legend", className="map-legend"),
        ],
    )


def chart_box(graph: dcc.Graph) -> html.Div:
    """A chart's place, as tall as the chart: plotly.js loads only when a chart panel
    (``class_name="chart-panel"``) comes near the screen (assets/app.js: charts), and the page
    must not shift when it appears."""
    return html.Div(graph, className="chart-box", style={"minHeight": graph.style["height"]})


def svg_image(
    svg: str, *, alt: str, class_name: str | None = None, width: int | None = None, height: int | None = None
) -> html.Img:
    """An SVG (a string) as an image with a text alternative."""
    props = {k: v for k, v in (("className", class_name), ("width", width), ("height", height)) if v is not None}
    return html.Img(src="data:image/svg+xml;utf8," + quote(svg), alt=alt, **props)


def sparks(items: list[tuple[str, str, str, str]]) -> list:
    """Small multiples as inline SVG drawings, written as static HTML (dashboard/markup.py: Svg),
    each an image with a text alternative (``items``: name, svg, alt text, years)."""
    return [
        html.Figure(
            className="spark",
            children=[
                html.Div(Svg(svg), role="img", className="spark-svg", **{"aria-label": alt}),
                html.Figcaption([html.Span(name, className="spark-name"), html.Span(years, className="spark-years")]),
            ],
        )
        for name, svg, alt, years in items
    ]


def present_links(c, page: str) -> list:
    """Into and out of projector mode on ``page`` (links that carry the current view; the
    browser keeps their targets up to date, dashboard/callbacks.py chrome_callbacks)."""
    return [
        dcc.Link(
            t("present_on", c.lang),
            id=ids.view_link(page, present=True),
            href=c.href(page=page, present=True),
            className="button present-on",
        ),
        dcc.Link(
            t("present_off", c.lang),
            id=ids.view_link(page, present=False),
            href=c.href(page=page, present=False),
            className="button present-only present-exit",
        ),
    ]
