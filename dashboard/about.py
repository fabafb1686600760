"""What a figure is and where it comes from, in words (no Dash): the information panel of the
focus page, how an indicator is aggregated (also in the catalogue), who delivered a figure, and
what the area's uncertain members would change."""

from __future__ import annotations

from geodata.catalog import Catalog, Indicator
from geodata.compare import Summary, summarise
from geodata.focus import FocusArea
from geodata.store import Store
from geodata.vocab import Rule, Status

from .i18n import fmt_number, fmt_pct, method_text, t
from .palette import status_label


def info_items(
    store: Store, focus_id: str, ind: Indicator, year: int | None, lang: str, baseline_year: int
) -> list[tuple[str, str]]:
    """(label, text) pairs for the information panel."""
    s = summarise(store, focus_id, ind.id, year, baseline_year)
    weight = store.catalog[ind.weight].name(lang).lower() if ind.weight else None
    mapping = method_text(s.method, lang, weight=weight, weight_year=s.weight_year, unit_methods=s.unit_methods)
    variant = composition_note(store, focus_id, ind, s, lang)
    return [
        (t("definition", lang), ind.definition(lang)),
        (t("unit", lang), ind.unit(lang)),
        (t("source", lang), sources_text(store, ind, s, lang)),
        (t("data_year", lang), str(s.period) if s.period is not None else "–"),
        (t("aggregation", lang), rule_text(ind, store.catalog, lang)),
        (t("coverage", lang), coverage_text(s, lang)),
        (t("mapping", lang), mapping or "–"),
        (t("composition", lang), composition_text(store.focus_area(focus_id), lang)),
        *([(t("composition_variant", lang), variant)] if variant else []),
    ]


def sources_text(store: Store, ind: Indicator, summary: Summary, lang: str) -> str:
    """The sources behind the figure shown (title, publisher, table, licence), of the indicator and
    of its numerator and denominator, and who delivered it; "not available" when there is none."""
    cat = store.catalog
    refs = list(ind.sources)
    for comp in (ind.numerator, ind.denominator):
        refs += list(cat[comp].sources) if comp else []
    if summary.sources:  # only the sources behind the figure shown
        refs = [r for r in refs if r.source in summary.sources] or refs
    cited = (cat.sources[r.source] for r in refs)
    sources = "; ".join(dict.fromkeys(f"{s.title} ({s.publisher}, {s.table}, {s.licence})" for s in cited))
    return "; ".join(x for x in (sources, provenance_text(store, summary, lang)) if x) or t("not_available", lang)


def rule_text(ind: Indicator, catalog: Catalog, lang: str) -> str:
    """How the indicator is aggregated from buurten to larger areas, in words."""
    if ind.rule == Rule.WEIGHTED_MEAN:
        return t("rule_weighted_mean", lang, weight=catalog[ind.weight].name(lang).lower() if ind.weight else "")
    return t(f"rule_{ind.rule}", lang)


def coverage_text(summary: Summary, lang: str) -> str:
    """What share of the inhabitants the figure stands for, and its status where it is not complete."""
    text = t("coverage_of", lang, pct=fmt_pct(summary.coverage, lang)) if summary.coverage is not None else "–"
    if summary.status != Status.OK:
        text += f" ({status_label(summary.status, lang)})"
    return text


def composition_text(fa: FocusArea, lang: str) -> str:
    """How sure the composition of the focus area is, and where it comes from."""
    remarks = f" {fa.remarks}" if fa.remarks else ""
    return f"{fa.name}: {t('confidence', lang)} {fa.confidence}. {fa.source}{remarks}"


def provenance_text(store: Store, summary: Summary | None, lang: str) -> str | None:
    """Who delivered the figure and when ("aangeleverd door gemeente Den Haag, 12-03-2026"), or None
    for an open-data figure."""
    if summary is None or summary.value is None:
        return None
    parts = []
    for org, day in store.provenance(summary.source):
        y, m, d = day.split("-")
        parts.append(t("delivered_by", lang, org=org, date=f"{d}-{m}-{y}"))
    return "; ".join(parts) or None


def composition_note(store: Store, focus_id: str, ind: Indicator, s: Summary, lang: str) -> str | None:
    """The figure with the area's uncertain members, where they change it by more than 1 % (or 1
    point for a percentage)."""
    fa = store.focus_area(focus_id)
    if not fa.uncertain or not s.composition_matters(percentage="%" in ind.unit_nl):
        return None
    names = [store.area_name(b) for b in fa.uncertain]
    members = ", ".join(names[:3]) + (f" {t('and_more', lang, n=len(names) - 3)}" if len(names) > 3 else "")
    return t(
        "composition_note",
        lang,
        members=members,
        wide=fmt_number(s.wide, ind.decimals, lang),
        value=fmt_number(s.value, ind.decimals, lang),
    )
