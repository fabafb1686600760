"""The rankings of /landelijk as static HTML (dashboard/rankings.py): order, marks on one scale,
references, the values printed, and what is left out — on tiny frames, without a browser."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from dash.development.base_component import Component

from dashboard.markup import to_html
from dashboard.rankings import Scale, make_change_ranking, make_ranking, ranked_names

LABELS = {"focus_area": "F", "gemeente": "G", "nl": "NL"}


def find(node, cls: str) -> list[Component]:
    """Every component under ``node`` with the CSS class ``cls``."""
    out = []
    if isinstance(node, list | tuple):
        for child in node:
            out += find(child, cls)
    elif isinstance(node, Component):
        if cls in (getattr(node, "className", None) or "").split():
            out.append(node)
        out += find(getattr(node, "children", None), cls)
    return out


def left(mark: Component) -> float:
    return float(mark.style["left"].rstrip("%"))


def texts(node, cls: str) -> list[str]:
    return [c.children for c in find(node, cls)]


@pytest.fixture
def rank():
    return pd.DataFrame(
        {
            "name": ["A", "B", "C"],
            "value": [30.0, 10.0, np.nan],
            "status": ["ok", "partial", "missing"],
            "gemeente_value": [20.0, 15.0, 12.0],
            "gemeente_name": ["G1", "G2", "G3"],
            "nl_value": [18.0] * 3,
        }
    )


def test_the_ranking_puts_the_best_first_and_keeps_a_row_for_an_area_without_a_figure(rank, indicator):
    fig = make_ranking(rank, indicator, lang="nl", labels=LABELS)
    assert ranked_names(fig) == ["B", "A", "C"]  # lower is better: B first; C has no figure, last
    assert texts(fig, "rk-value") == ["10,0", "30,0", "–"]
    dots = find(fig, "rk-dot")
    assert len(dots) == 2 and "rk-dot-open" in dots[0].className  # B is partial: an open dot
    b, a = (left(d) for d in dots)
    assert 0 < b < a < 100
    scale = Scale.around([rank["value"], rank["gemeente_value"], rank["nl_value"]])
    assert scale.lo < 10.0 and scale.hi > 30.0 and scale.hi - scale.lo < 25, "the scale spans what is drawn"
    assert b == scale.at(10.0) and a == scale.at(30.0)


def test_the_ranking_names_the_municipality_and_the_netherlands(rank, indicator):
    fig = make_ranking(rank, indicator, lang="nl", labels=LABELS)
    scale = Scale.around([rank["value"], rank["gemeente_value"], rank["nl_value"]])
    assert [left(m) for m in find(fig, "rk-gm")] == [scale.at(15.0), scale.at(20.0), scale.at(12.0)]
    (nl,) = find(fig, "rk-nl")
    assert left(nl) == scale.at(18.0)
    assert texts(fig, "rk-key") == ["F", "G", "NL 18,0"]
    tracks = find(fig, "rk-track")
    assert tracks[0].title == "B: 10,0 (gedeeltelijk) · G2 15,0"
    assert "; G2 15,0" in texts(fig, "visually-hidden")  # what the diamond says, for a screen reader


def test_a_count_ranking_has_no_municipality_or_national_mark(rank, indicator):
    count = replace(indicator, rule="sum", unit_nl="inwoners")
    rank = rank.assign(value=[30000.0, 10000.0, 20000.0], gemeente_value=[9e5, 3e5, 1e5], nl_value=[17.9e6] * 3)
    fig = make_ranking(rank, count, lang="nl", labels=LABELS)
    assert find(fig, "rk-gm") == [] and find(fig, "rk-nl") == [] and texts(fig, "rk-key") == ["F"]
    assert max(left(d) for d in find(fig, "rk-dot")) < 100, "the scale is the areas' own, not up to 17.9 M"
    assert texts(fig, "rk-axis-title") == ["inwoners"]


def test_the_change_ranking_draws_bars_from_zero_coloured_by_the_direction_of_good(indicator):
    rank = pd.DataFrame(
        {
            "name": ["A", "B", "C", "D"],
            "change": [-2.0, 0.0, 1.5, np.nan],
            "first_value": [12.0, 10.0, 8.0, np.nan],
            "last_value": [10.0, 10.0, 9.5, 7.0],
            "gemeente_change": [-1.0, np.nan, 0.5, 0.2],
            "gemeente_name": ["G1", "G2", "G3", "G4"],
            "nl_change": [-0.5] * 4,
        }
    )
    fig = make_change_ranking(rank, indicator, first=2020, last=2024, lang="nl", labels=LABELS)
    assert ranked_names(fig) == ["A", "B", "C"], "D has no change: left out (the page names it)"
    bars = find(fig, "rk-bar")
    # lower is better: a fall is an improvement
    assert [b.className.split()[1] for b in bars] == ["rk-bar-better", "rk-bar-equal", "rk-bar-worse"]
    scale = Scale.around([rank["change"], rank["gemeente_change"], rank["nl_change"], pd.Series([0.0])])
    zero = scale.at(0.0)
    (zero_line,) = find(fig, "rk-zero")
    assert left(zero_line) == zero
    a, _, c = bars
    assert left(a) == scale.at(-2.0) and float(a.style["width"].rstrip("%")) == pytest.approx(zero - scale.at(-2.0))
    assert left(c) == zero and float(c.style["width"].rstrip("%")) == pytest.approx(scale.at(1.5) - zero)
    assert len(find(fig, "rk-gm")) == 2  # B's municipality has no change
    assert texts(fig, "rk-value") == ["-2,0", "+0,0", "+1,5"]
    assert texts(fig, "rk-key")[-1] == "NL -0,5"
    assert texts(fig, "rk-axis-title") == ["Verandering 2020–2024 (per 1.000)"]
    assert find(fig, "rk-track")[0].title == "A: -2,0 (2020: 12,0, 2024: 10,0) · G1 -1,0"


def test_the_ranking_is_escaped_static_html_with_round_ticks(rank, indicator):
    rank = rank.assign(name=["A & <b>", "B", "C"])
    out = to_html(make_ranking(rank, indicator, lang="en", labels=LABELS))
    assert out.startswith('<figure class="rk rk-values"') and "A &amp; &lt;b&gt;" in out and "<b>" not in out
    ticks, decimals = Scale.around([rank["value"], rank["gemeente_value"], rank["nl_value"]]).ticks()
    assert ticks == [10.0, 15.0, 20.0, 25.0, 30.0] and decimals == 0
    assert out.count('class="rk-tick"') == 5 and out.count('class="rk-grid"') == 5
