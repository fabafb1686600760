"""The naive baseline of the benchmarks (never part of the production app): the textbook
choropleth — one plotly ``choroplethmap`` trace with its GeoJSON inline, re-sent whole as a
``go.Figure`` by a server callback on every switch.

It is the real app with the two map callbacks swapped: the maps' boxes get a ``dcc.Graph``
(``<map id>-naive``) and the clientside map callbacks are left out.

Run: HOST=127.0.0.1 PORT=8060 .venv/bin/python bench/naive_app.py
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import plotly.graph_objects as go
from dash import Input, Output, State, dcc, no_update

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from naive import naive_figure  # noqa: E402

from app import create_app  # noqa: E402
from dashboard import ids, national_views, views  # noqa: E402
from dashboard.geo import fit_view  # noqa: E402
from dashboard.pages import registry as app_registry  # noqa: E402
from dashboard.state import resolve_view  # noqa: E402
from geodata.settings import Settings  # noqa: E402

NAIVE = {ids.MAP: ids.MAP + "-naive", ids.NAT_MAP: ids.NAT_MAP + "-naive"}


def with_graph(layout, map_id: str):
    """A page builder whose map box holds a plain dcc.Graph."""

    def build(ctx):
        children = layout(ctx)
        _put_graph(children, map_id)
        return children

    return build


def _put_graph(node, map_id: str) -> bool:
    if getattr(node, "id", None) == map_id:
        node.children = dcc.Graph(id=NAIVE[map_id], style={"height": "100%"}, config={"scrollZoom": False})
        # without the view the box opens at, assets/maps.js builds no MapLibre map in it: the
        # baseline's first render is its plotly map's (READY_JS would otherwise take that map's
        # data-zof-drawn while plotly's is not there yet)
        if hasattr(node, "data-zof-open"):
            delattr(node, "data-zof-open")
        return True
    children = node if isinstance(node, list) else getattr(node, "children", None)
    if isinstance(children, list):
        return any(_put_graph(c, map_id) for c in children)
    return children is not None and not isinstance(children, str) and _put_graph(children, map_id)


def naive_registry():
    reg = app_registry().copy()
    focus, national = reg["focus"], reg["national"]
    for page, map_id in ((focus, ids.MAP), (national, ids.NAT_MAP)):
        page.callbacks = [c for c in page.callbacks if c.clientside not in ("focusMap", "nationalMap")]
        page.layout = with_graph(page.layout, map_id)

    @focus.callback(
        Output(NAIVE[ids.MAP], "figure"),
        Input(ids.AREA, "value"),
        Input(ids.LINE, "value"),
        Input(ids.INDICATOR, "value"),
        Input(ids.YEAR, "value"),
        Input(focus.container_id, "hidden"),
        State(ids.LANG, "data"),
    )
    def naive_focus_map(c, area, line, indicator, year, hidden, lang):
        if hidden:
            return no_update
        indicator, year = resolve_view(c.meta, line, indicator, year)
        view = views.focus_map_view(c.store, area, indicator, year)
        v = fit_view(c.geo.bounds(f"outline-{area}"))
        return go.Figure(
            naive_figure(
                view.units,
                c.store.indicator(indicator),
                c.geo,
                view.geo_key,
                lang,
                context=(f"outline-{area}",),
                center=(v.lon, v.lat),
                zoom=v.zoom,
            )
        )

    @national.callback(
        Output(NAIVE[ids.NAT_MAP], "figure"),
        Input(ids.LINE, "value"),
        Input(ids.INDICATOR, "value"),
        Input(ids.YEAR, "value"),
        Input(ids.NAT_LEVEL, "value"),
        Input(national.container_id, "hidden"),
        State(ids.LANG, "data"),
    )
    def naive_national_map(c, line, indicator, year, level, hidden, lang):
        if hidden:
            return no_update
        indicator, year = resolve_view(c.meta, line, indicator, year)
        ind = c.store.indicator(indicator)
        units = national_views.national_map_units(c.store, ind, year, level)
        return go.Figure(
            naive_figure(
                units, ind, c.geo, f"nl-{level}", lang, context=("outline-all",), center=(5.3, 52.15), zoom=6.2
            )
        )

    return reg


app = create_app(Settings.from_env(), registry=naive_registry())
# the textbook app uses Dash's own (full) plotly.js, which dcc.Graph fetches when it first mounts:
# the vendored basic bundle (named in <meta name="zof-plotly">) has no choroplethmap
app.index_string = re.sub(r'<meta name="zof-plotly"[^>]*>', "", app.index_string)
server = app.server  # gunicorn naive_app:server (bench/lighthouse.py)

if __name__ == "__main__":
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8060")), debug=False)
