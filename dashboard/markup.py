"""Static HTML from Dash ``html`` components, for large read-only tables.

Dash renders every component as several React components and checks each on every update: the
progress matrix (~860 components) costs the browser 1.5 s of one blocked main thread to show.
Built as components (so its code and tests stay the same), sent as one string, and put in
place by ``assets/app.js`` (``setHtml``), it shows in a few milliseconds. Only ``dash.html``
components and plain text are allowed: anything interactive (a callback input, a
``dcc.Link``) must stay a real component, and :func:`to_html` refuses it. Every text and
attribute is escaped; no script, style element or event handler can be produced.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterable

from dash import Input, Output, State, dcc, html
from dash.development.base_component import Component

#: elements without content or end tag
VOID = frozenset({"br", "hr", "img", "col", "wbr"})
#: elements that would run or load something: never written
FORBIDDEN = frozenset({"script", "style", "iframe", "object", "embed", "link", "meta", "base", "form"})
#: Dash prop → HTML attribute, where they differ
RENAMED = {"className": "class", "htmlFor": "for", "colSpan": "colspan", "rowSpan": "rowspan", "tabIndex": "tabindex"}
#: Dash props that are no HTML attribute
NOT_ATTRIBUTES = frozenset({"children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "loading_state"})


def slot(slot_id: str, **props) -> list:
    """Where static HTML goes: the element ``slot_id`` and the store ``<slot_id>-html`` a callback
    writes the string to (see :func:`fill_slot`)."""
    return [dcc.Store(id=f"{slot_id}-html"), html.Div(id=slot_id, **props)]


def fill_slot(group, slot_id: str) -> None:
    """Register, on ``group`` (a page or callback group), the clientside callback that puts the
    string of ``<slot_id>-html`` into the element ``slot_id`` (assets/app.js: setHtml)."""
    group.clientside("setHtml", Output(slot_id, "title"), Input(f"{slot_id}-html", "data"), State(slot_id, "id"))


class NotStatic(TypeError):
    """A component that cannot become static HTML (it is interactive, or it would run code)."""


#: what an inline drawing may never hold: code, links, outside resources, embedded HTML or CSS
_SVG_FORBIDDEN = re.compile(r"<\s*/?\s*(script|foreignobject|a|use|image|style|iframe)\b|\bon\w+\s*=|href|url\(", re.I)


class Svg(str):
    """An SVG drawing made by dashboard/svg.py from numbers and fixed colours, written inline as it
    is: twenty inline sparklines cost the browser one parse, twenty ``<img>`` of SVG twenty documents
    (~5 ms of main thread each). Refuses anything but a plain ``<svg>`` of shapes.

    >>> to_html(Svg('<svg width="2"><circle r="1"/></svg>'))
    '<svg width="2"><circle r="1"/></svg>'
    >>> Svg('<svg onload="x()"></svg>')  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    NotStatic: not a plain SVG drawing: '<svg onload="x()"></svg>'
    """

    def __new__(cls, text: str) -> Svg:
        if not re.match(r"<svg[\s>]", text) or not text.endswith("</svg>") or _SVG_FORBIDDEN.search(text):
            raise NotStatic(f"not a plain SVG drawing: {text[:60]!r}")
        return super().__new__(cls, text)


def to_html(node: object) -> str:
    """``node`` (a component, a string or number, ``None`` or a list of those) as HTML text.

    >>> to_html(html.Td([html.Span("3 < 4", className="x"), " & meer"], colSpan=2))
    '<td colspan="2"><span class="x">3 &lt; 4</span> &amp; meer</td>'
    >>> to_html(html.Div(style={"minWidth": "4rem", "color": "red"}, title='a "b"'))
    '<div style="min-width:4rem;color:red" title="a &quot;b&quot;"></div>'
    """
    if node is None or node is False:
        return ""
    if isinstance(node, Svg):
        return str(node)
    if isinstance(node, str | int | float):
        return _html.escape(str(node), quote=False)
    if isinstance(node, list | tuple):
        return "".join(to_html(child) for child in node)
    if isinstance(node, Component):
        return _element(node)
    raise NotStatic(f"cannot write {type(node).__name__} as HTML")


def _element(component: Component) -> str:
    tag = type(component).__name__.lower()
    if getattr(component, "_namespace", "") != "dash_html_components" or isinstance(component, dcc.Link):
        raise NotStatic(f"{type(component).__name__} is not a plain html component; keep it a Dash component")
    if tag in FORBIDDEN:
        raise NotStatic(f"<{tag}> is never written as static HTML")
    attrs = "".join(f" {name}={_quoted(value)}" for name, value in _attributes(component))
    if tag in VOID:
        return f"<{tag}{attrs}>"
    return f"<{tag}{attrs}>{to_html(getattr(component, 'children', None))}</{tag}>"


def _attributes(component: Component) -> Iterable[tuple[str, str]]:
    # the props set on it, wildcard ones (aria-*, data-*) included
    for prop, value in component.to_plotly_json()["props"].items():
        if prop in NOT_ATTRIBUTES or value is None or value is False:
            continue
        name = RENAMED.get(prop, prop)
        if name.lower().startswith("on"):
            raise NotStatic(f"event handler {prop!r} is never written as static HTML")
        if name == "style":
            yield name, ";".join(f"{_css_name(k)}:{v}" for k, v in value.items())
        elif value is True:
            yield name, name
        else:
            yield name, str(value)


def _css_name(prop: str) -> str:
    """``minWidth`` → ``min-width``."""
    return "".join(f"-{ch.lower()}" if ch.isupper() else ch for ch in prop)


def _quoted(value: str) -> str:
    return '"' + _html.escape(value, quote=True) + '"'
