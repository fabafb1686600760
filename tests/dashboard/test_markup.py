"""Static HTML from plain html components (dashboard/markup.py): escaped, and refusing anything
interactive or anything that could run code."""

from __future__ import annotations

import pytest
from dash import dcc, html

from dashboard.markup import NotStatic, Svg, to_html
from dashboard.svg import sparkline_svg


def test_text_and_attributes_are_escaped():
    hostile = '<img src=x onerror="alert(1)">'
    out = to_html(html.Td(hostile, title=hostile, className='a" onclick="x'))
    assert "<img" not in out and "&lt;img" in out
    assert 'title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"' in out
    assert 'class="a&quot; onclick=&quot;x"' in out


def test_table_structure_and_wildcard_attributes_survive():
    table = html.Table(
        [
            html.Caption("Voortgang", className="visually-hidden"),
            html.Thead(html.Tr([html.Th("Gebied", scope="col", **{"aria-sort": "ascending"})])),
            html.Tbody([html.Tr([html.Th("Utrecht Overvecht", scope="row"), html.Td("12,4", colSpan=2)])]),
        ],
        className="vg-table",
        **{"data-view": "matrix"},
    )
    out = to_html(table)
    assert out.startswith('<table class="vg-table" data-view="matrix"><caption class="visually-hidden">')
    assert '<th scope="col" aria-sort="ascending">Gebied</th>' in out
    assert '<td colspan="2">12,4</td></tr></tbody></table>' in out


def test_none_false_and_numbers():
    assert to_html([None, False, 3, 2.5, html.Br()]) == "32.5<br>"
    assert to_html(html.Div(hidden=True)) == '<div hidden="hidden"></div>'
    assert to_html(html.Div(hidden=False)) == "<div></div>"


@pytest.mark.parametrize(
    "component, words",
    [
        (dcc.Link("x", href="/"), "not a plain html component"),
        (dcc.Graph(), "not a plain html component"),
        (html.Script("alert(1)"), "never written"),
        (html.Iframe(src="https://example.org"), "never written"),
        (html.Div([html.Span("ok"), dcc.Input()]), "not a plain html component"),
    ],
)
def test_interactive_or_active_components_are_refused(component, words):
    with pytest.raises(NotStatic, match=words):
        to_html(component)


def test_an_object_that_is_no_component_is_refused():
    with pytest.raises(NotStatic, match="cannot write dict"):
        to_html({"props": {}})


@pytest.mark.parametrize(
    "text",
    [
        '<svg onload="alert(1)"></svg>',
        "<svg><script>alert(1)</script></svg>",
        '<svg><a href="https://example.org"><circle r="1"/></a></svg>',
        '<svg><use href="#x"/></svg>',
        '<svg><image href="x.png"/></svg>',
        "<svg><foreignObject><div>x</div></foreignObject></svg>",
        '<svg><rect style="fill:url(https://example.org/x)"/></svg>',
        "<svg><style>rect{}</style></svg>",
        "<div>not svg</div>",
        "<svg>",
    ],
)
def test_an_inline_drawing_is_refused_unless_it_is_plain_shapes(text):
    with pytest.raises(NotStatic):
        Svg(text)


def test_a_sparkline_is_written_inline_as_made():
    drawing = sparkline_svg([(2020, 1.0), (2024, 2.0)], x_range=(2020, 2024), y_range=(0, 2), reference=[(2020, 1.5)])
    out = to_html(html.Div(Svg(drawing), role="img", **{"aria-label": "A & B: 1"}))
    assert out == f'<div role="img" aria-label="A &amp; B: 1">{drawing}</div>'
