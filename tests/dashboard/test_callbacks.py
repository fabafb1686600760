"""Callbacks called as plain functions with an explicit context (no Dash server, no browser), and
the one error path they share."""

from __future__ import annotations

import html
import re

import pytest
from dash import Input, Output, no_update

from dashboard import ids
from dashboard.callbacks import CallbackSpec, guarded, sync_state
from dashboard.context import AppContext
from dashboard.pages import factsheet, focus, national
from geodata.errors import AreaCodeError

pytestmark = pytest.mark.integration


def names_in(ranking: str) -> list[str]:
    """The area names of a ranking (static HTML), top to bottom."""
    return [html.unescape(n) for n in re.findall(r'<span class="rk-name">([^<]*)</span>', ranking)]


@pytest.fixture(scope="module")
def context(store):
    """The app context on the real store."""
    from dashboard.geo import GeoAssets
    from dashboard.pages import registry
    from dashboard.state import Routes
    from dashboard.views import build_meta
    from geodata.settings import Settings

    return AppContext(
        store, GeoAssets(store.display, "test"), build_meta(store, Routes.of(registry())), Settings.from_env()
    )


def test_cards_show_every_kernindicator_of_the_line_and_mark_the_selected_one(context):
    cards = focus.show_cards(context, "UTR_OV", "4", "crimes_per_1000", "2023", False, "nl")
    core = [i.id for i in context.store.catalog.for_action_line("4", core_only=True)]
    assert len(cards) >= len(core)
    selected = [c for c in cards if "selected" in c.className]
    assert len(selected) == 1 and "Geregistreerde misdrijven per 1.000" in str(selected[0].children)
    assert focus.show_cards(context, "UTR_OV", "4", "x", "2023", True, "nl") is no_update  # hidden page


def test_series_callback_draws_the_benchmarks_and_the_download_link(context):
    fig, table, info, href = focus.show_series(context, "ROT_ZUID", "4", "lbm_nuisance_safety", "2020", False, "en")
    names = [trace["name"] for trace in fig["data"]]
    assert names[0] == "Rotterdam-Zuid" and "Netherlands" in names
    assert table["header"][0] == "Area" and "2020" in table["header"]
    assert (
        "Definition" in str(info)
        and href == "/download.csv?indicator=lbm_nuisance_safety&level=focus_area&area=ROT_ZUID&taal=en"
    )


def test_focus_texts_name_the_area_indicator_and_year(context):
    status, summary, table, title = focus.show_focus_texts(
        context, "UTR_OV", "4", "lbm_nuisance_safety", "2018", False, "nl"
    )
    assert title == "Utrecht Overvecht — Leefbaarometer: overlast en onveiligheid (2018)"
    assert summary.startswith("Utrecht Overvecht: ") and len(table["rows"]) > 5


def test_national_panels_rank_all_20_areas(context):
    rank, sparks, table, note = national.show_national_panels(
        context, "4", "lbm_nuisance_safety", "2020", "waarde", "", False, "nl"
    )
    assert len(names_in(rank)) == 20 and len(table["rows"]) == 20
    # the 20 sparklines as one string of static HTML: inline <svg>, each an image with its own text
    assert sparks.count('<figure class="spark">') == 20 and sparks.count("<svg ") == 20
    labels = re.findall(r'<div class="spark-svg" role="img" aria-label="([^"]*)"><svg ', sparks)
    assert len(labels) == 20 and all(": " in label for label in labels)
    assert rank.count('class="rk-dot') == 20 and 'class="rk-nl"' in rank  # static HTML, no plotly figure
    status, span = national.show_national_status(
        context, "4", "lbm_nuisance_safety", "2020", "waarde", "", "wijk", False, "nl"
    )
    assert "wijken" in status and span == ""
    # the CSV link follows the map's level (every wijk of the country, not the 20 areas)
    href = national.show_national_download(
        context, "4", "lbm_nuisance_safety", "2020", "waarde", "", "wijk", False, "nl"
    )
    assert href == "/download.csv?indicator=lbm_nuisance_safety&level=wijk"


def test_the_nationwide_map_status_link_and_change_years_come_in_one_response(context):
    """One callback for what follows the map's view (one React render when /landelijk opens)."""
    years = [str(y) for y in context.meta.periods["lbm_nuisance_safety"]]
    status, span, href, options, mode_class, from_style = national.show_national_view(
        context, "4", "lbm_nuisance_safety", "2020", "verandering", "2014", "buurt", False, "nl"
    )
    assert "buurten" in status and span == "lbm_nuisance_safety|2014-2020"
    assert href == "/download.csv?indicator=lbm_nuisance_safety&level=buurt"
    assert [o["value"] for o in options] == ["", *years[:-1]] and from_style == {}  # not from the last year
    *_, from_style = national.show_national_view(
        context, "4", "lbm_nuisance_safety", "2020", "waarde", "", "gemeente", False, "nl"
    )
    assert from_style == {"display": "none"}
    # an empty indicator is the line's default, as the map resolves it: its years, not none
    default = context.meta.periods[national.resolve_view(context.meta, "4", "", None)[0]]
    *_, options, _, _ = national.show_national_view(context, "4", "", "", "verandering", "", "gemeente", False, "nl")
    assert [o["value"] for o in options] == ["", *[str(y) for y in default][:-1]]
    assert national.show_national_view(context, "4", "x", "", "waarde", "", "wijk", True, "nl") == (no_update,) * 6


def test_the_change_view_ranks_the_areas_by_improvement_since_the_chosen_year(context):
    """ "Which areas improved most on overlast & onveiligheid since 2014?" — on /landelijk."""
    from geodata.compare import change_ranking

    rank, _, table, note = national.show_national_panels(
        context, "4", "lbm_nuisance_safety", "2020", "verandering", "2014", False, "nl"
    )
    expected = change_ranking(context.store, "lbm_nuisance_safety", 2014, 2020)
    names = names_in(rank)
    assert names == expected.loc[expected["change"].notna(), "name"].tolist() and rank.count('class="rk-bar ') == 20
    assert names[0] == expected.loc[expected["improvement"].idxmax(), "name"]
    assert table["header"][1:3] == ["2014", "2020"] and len(table["rows"]) == 20
    assert '<p class="rk-axis-title">Verandering 2014–2020' in rank
    status, span = national.show_national_status(
        context, "4", "lbm_nuisance_safety", "2020", "verandering", "2014", "gemeente", False, "nl"
    )
    assert span == "lbm_nuisance_safety|2014-2020" and "verandering 2014–2020" in status


def test_the_change_view_defaults_to_the_baseline_or_the_first_year(context):
    years = context.meta.periods["lbm_nuisance_safety"]
    _, span = national.show_national_status(
        context, "4", "lbm_nuisance_safety", "2020", "verandering", "", "gemeente", False, "nl"
    )
    later = [y for y in years if context.baseline_year <= y < 2020]
    assert span == f"lbm_nuisance_safety|{later[0] if later else years[0]}-2020"
    # a start year after the end year is not used
    _, span = national.show_national_status(
        context, "4", "lbm_nuisance_safety", "2018", "verandering", "2020", "gemeente", False, "nl"
    )
    assert span.endswith(f"|{years[0]}-2018")
    # an indicator with one year has no change to show
    one = next(i for i, ps in context.meta.periods.items() if len(ps) == 1)
    status, span = national.show_national_status(
        context, "context", one, "", "verandering", "", "gemeente", False, "nl"
    )
    assert span == "" and "minder dan twee jaren" in status


def test_factsheet_callback_composes_the_a4(context):
    children = factsheet.show_factsheet(context, "AMS_NW", "lbm_nuisance_safety", "2020", False, "nl")
    assert "Amsterdam Nieuw-West" in str(children[0])


def test_the_factsheet_leaves_out_empty_cards_and_shows_the_change(context):
    children = factsheet.show_factsheet(context, "DH_ZW", "lbm_nuisance_safety", "2020", False, "nl")
    text = str(children)
    assert "ind-card-na" not in text and text.count("ind-card") >= 4  # only cards with a figure
    assert "Nog zonder cijfer voor dit gebied" in text and "Personen in schuldsanering" in text
    assert "sinds 0-meting" in text  # e.g. koopwoningen 2022 → 2024


def test_the_profile_lists_every_kernindicator_by_action_line(context):
    from dashboard.pages import profiel

    children = profiel.show_profile(context, "DH_ZW", False, "nl")
    sections = [c for c in children if getattr(c, "className", "") == "pf-line"]
    assert len(sections) == 3
    core = [i for i in context.store.catalog if i.core]
    rows = [r for sec in sections for r in sec.children[1].children[2].children]
    assert len(rows) == len(core)
    text = str(children)
    assert "Den Haag Zuidwest" in text and "0-meting 2022" in text
    assert profiel.show_profile(context, "DH_ZW", True, "nl") is no_update


def test_slideshow_toggle_and_step(context):
    disabled, label, pressed = focus.toggle_slideshow(
        context, 1, "app presenting", True, "nl", trigger=ids.SLIDESHOW_BUTTON
    )
    assert (disabled, pressed) == (False, "true")
    icon, text = label
    assert text == "Pauzeer diavoorstelling" and "icon-pause" in icon.className  # drawn in CSS, not a glyph
    stopped = focus.toggle_slideshow(context, 1, "app", False, "nl", trigger=ids.ROOT)  # left projector mode
    assert stopped[0] is True


def test_the_slideshow_skips_indicators_without_a_figure_for_the_area(context):
    """No slide of a grey map without a card: every step lands on a figure of the area."""
    from geodata.compare import summarise

    for area in ("DH_ZW", "UTR_OV", "AMS_NW"):
        for line in ("2", "3", "4"):
            ids_ = [i for i in context.meta.indicators_by_line[line] if context.meta.periods.get(i)]
            with_value = [i for i in ids_ if summarise(context.store, area, i, None, 0).value is not None]
            seen, current = [], with_value[0] if with_value else ids_[0]
            for _ in range(len(ids_) + 1):
                current = focus.next_slide(context, 1, area, line, current)
                seen.append(current)
            assert set(seen) == set(with_value) or (not with_value and set(seen) <= set(ids_)), (area, line)


def test_building_the_focus_page_later_does_not_step_the_slideshow(context):
    """Opened from another page, the focus page is built then, and Dash calls next_slide with the
    new Interval's n_intervals=0 (prevent_initial_call does not hold: the indicator control it
    writes was not inserted with it). It once switched the indicator, and the map asked for a year
    that indicator does not have (a 404 and an error in the legend)."""
    assert focus.next_slide(context, 0, "UTR_OV", "4", "lbm_nuisance_safety") is no_update
    assert focus.next_slide(context, None, "UTR_OV", "4", "lbm_nuisance_safety") is no_update
    assert focus.next_slide(context, 1, "UTR_OV", "4", "lbm_nuisance_safety") != "lbm_nuisance_safety"


def test_sync_state_writes_the_url_and_corrects_the_controls(context):
    out = sync_state(
        context,
        "/",
        "?gebied=UTR_OV&indicator=crimes_per_1000",
        "UTR_OV",
        "4",
        "crimes_per_1000",
        "1999",
        "gemeente",
        "nl",
        trigger=ids.YEAR,
    )
    area, line, _, indicator, _, year, level, search, notice = out
    assert (area, line, indicator, level) == (no_update,) * 4  # unchanged props are not re-sent
    assert year == str(context.meta.periods["crimes_per_1000"][-1])
    assert "jaar=" in search and "indicator=crimes_per_1000" in search


def test_known_errors_become_a_message_in_the_users_language(monkeypatch):
    shown = []
    monkeypatch.setattr("dash.set_props", lambda cid, props: shown.append((cid, props)))

    def failing(c, area, lang):
        raise AreaCodeError(area, "not a focus area")

    spec = CallbackSpec(
        failing, (Output("a", "children"), Output("b", "children"), Input("x", "value"), Input("y", "value"))
    )
    assert guarded(spec, None)("NOPE", "en") == (no_update, no_update)  # the outputs keep what they showed
    ((cid, props),) = shown
    assert cid == ids.NOTICE and "Unknown area 'NOPE'" in str(props["children"])


def test_unknown_errors_are_not_swallowed():
    def broken(c, x):
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):  # Dash's on_error logs it and shows the apology
        guarded(CallbackSpec(broken, (Output("a", "children"), Input("x", "value"))), None)(1)


def test_voortgang_callback_draws_the_report_and_links_its_exports(context):
    from dashboard.pages import voortgang

    hidden = voortgang.show_voortgang(context, None, None, None, None, None, None, True, "nl")
    assert hidden == (no_update,) * 5
    table, summary, notes, xlsx, csv = voortgang.show_voortgang(
        context, "2026-H1", "2022", "matrix", "4", None, None, False, "en"
    )
    assert summary.startswith("As of 2026-H1") and "cells have a figure" in summary
    assert xlsx.startswith("/voortgang.xlsx?periode=2026-H1&basis=2022&lijnen=4") and csv.startswith("/voortgang.csv?")
    # the matrix as static HTML: one row per area, a header per kernindicator of the line
    assert table.startswith("<table") and table.count("<tr") == 21 and "<th" in table
    assert "Utrecht Overvecht" in table and "<script" not in table and notes
