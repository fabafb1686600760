"""Indicator cards: value, difference with benchmarks, change since the 0-meting.

Colour follows the direction of good, and never alone: every difference carries an arrow and
a word (hoger/lager, beter/slechter)."""

from __future__ import annotations

from dash import html

from geodata.catalog import Indicator
from geodata.compare import Summary
from geodata.vocab import Rule, Status

from .i18n import fmt_number, fmt_pct, t
from .palette import status_label

EPS_REL = 1e-9


def judge(diff: float | None, direction: str) -> str:
    """``better``, ``worse``, ``equal`` or ``neutral`` (no direction of good), or ``none``.

    >>> judge(2.0, "higher_better"), judge(2.0, "lower_better"), judge(0.0, "lower_better"), judge(1, "neutral")
    ('better', 'worse', 'equal', 'neutral')
    """
    if diff is None:
        return "none"
    if abs(diff) < EPS_REL:
        return "equal"
    if direction == "neutral":
        return "neutral"
    up_good = direction == "higher_better"
    return "better" if (diff > 0) == up_good else "worse"


def difference_text(diff: float | None, ind: Indicator, lang: str, against: str) -> tuple[str, str]:
    """(text, css class) of one comparison line."""
    verdict = judge(diff, ind.direction)
    if verdict == "none":
        return f"{t('no_comparison', lang)} ({against})", "cmp cmp-none"
    if verdict == "equal":
        return f"= {t('equal', lang)} {against}", "cmp cmp-equal"
    arrow = "▲" if diff > 0 else "▼"
    word = t("higher" if diff > 0 else "lower", lang)
    # the difference of two percentages is in percentage points
    points = f" {t('unit_points', lang)}" if "%" in ind.unit_nl else ""
    text = f"{arrow} {fmt_number(abs(diff), ind.decimals, lang)}{points} {word} {against}".rstrip()
    if verdict in ("better", "worse"):
        text += f" ({t(verdict, lang)})"
    return text, f"cmp cmp-{verdict}"


def build_card(
    summary: Summary | None,
    ind: Indicator,
    lang: str,
    *,
    selected: bool = False,
    extra: bool = False,
    note: str | None = None,
    provenance: str | None = None,
) -> html.Article:
    """One kernindicator: value, unit, year, comparisons; ``note`` says what else the reader must
    know about this figure (e.g. that the uncertain members of the area change it); ``provenance``
    who delivered it and when (delivered figures)."""
    header = html.H4(
        [ind.name(lang), html.Span(f" · {t('supplementary', lang)}", className="card-extra") if extra else None],
        className="card-title",
    )
    if not ind.available or summary is None:
        return html.Article(
            [header, html.P(t("not_available", lang), className="card-na")], className="ind-card ind-card-na"
        )
    if summary.value is None:
        return html.Article(
            [header, html.P(f"{t('no_value', lang)} ({status_label(summary.status, lang)})", className="card-na")],
            className="ind-card ind-card-na" + (" selected" if selected else ""),
        )
    lines = []
    # counts of areas of different size are not compared; rates and scores are
    comparisons = (
        () if ind.rule == Rule.SUM else ((summary.diff_rest, t("vs_rest", lang)), (summary.diff_nl, t("vs_nl", lang)))
    )
    for diff, against in comparisons:
        text, cls = difference_text(diff, ind, lang, against)
        lines.append(html.Li(text, className=cls))
    if summary.change is not None:
        text, cls = difference_text(summary.change, ind, lang, f"{t('since_baseline', lang)} {summary.baseline_period}")
        lines.append(html.Li(text, className=cls))
    status = ""
    if summary.status != Status.OK:
        status = (
            f" · {status_label(summary.status, lang)}, {t('coverage', lang).lower()} {fmt_pct(summary.coverage, lang)}"
        )
    return html.Article(
        className="ind-card" + (" selected" if selected else ""),
        children=[
            header,
            html.P(
                [
                    html.Span(fmt_number(summary.value, ind.decimals, lang), className="card-value"),
                    html.Span(f" {ind.unit(lang)}", className="card-unit"),
                ]
            ),
            html.P(f"{summary.period}{status}", className="card-meta"),
            html.Ul(lines, className="card-cmp"),
            html.P(provenance, className="card-provenance") if provenance else None,
            html.P(note, className="card-note") if note else None,
        ],
    )
