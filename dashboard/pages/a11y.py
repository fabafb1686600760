"""Accessibility statement (``/toegankelijkheid``): what was tested and what does not conform."""

from __future__ import annotations

from dash import html

from ..components import panel
from ..i18n import t
from ..registry import REGISTRY, Page
from ..shell import LayoutContext

A11Y_TEXT = {
    "nl": [
        "Zicht op Focuswijken streeft naar toegankelijkheid volgens WCAG 2.1 niveau AA (EN 301 549). "
        "Deze verklaring beschrijft wat getest is en wat (nog) niet voldoet.",
        "Getest (automatisch, bij elke wijziging, in headless Chromium): axe-core (regels WCAG 2.0/2.1 A en AA en "
        "best practices) op de focusgebiedpagina, de landelijke pagina, de data- en methodenpagina, deze pagina, "
        "de presentatiemodus en de Engelse versie — geen overtredingen met impact 'serious' of 'critical'; "
        "bediening met het toetsenbord met zichtbare focus en een link 'Direct naar de inhoud'; herschikking "
        "(reflow) op 320 pixels breed zonder horizontaal scrollen; de presentatiemodus op 1920×1080 en 1280×720 "
        "met tekst van minstens 24 pixels; de factsheet past bij afdrukken op één A4.",
        "Tekstalternatieven: bij de kaart een samenvatting in één zin en een tabel met dezelfde cijfers; bij de "
        "grafiek en de rangorde een tabel; bij de kleine grafiekjes een beschrijving. Ontbrekende en geheime "
        "cijfers hebben een eigen grijstint met legenda en staan met hun status in de tabel. Kleur is nooit de "
        "enige drager van betekenis: verschillen hebben een pijl en een woord (hoger/lager, beter/slechter), "
        "lijnen in de grafiek verschillen ook in stijl en markering. Het kleurenpalet (ColorBrewer YlGnBu) is "
        "geschikt voor kleurenblinden.",
        "Bekende tekortkomingen: de kaart zelf (MapLibre/WebGL) is niet met het toetsenbord te verkennen en de "
        "informatie bij aanwijzen verschijnt alleen met de muis — gebruik de tabel eronder; de lichtste kleuren van het palet hebben minder dan 3:1 contrast met wit (de waarden staan "
        "in de tabel); de diavoorstelling van de presentatiemodus wisselt elke 12 seconden en is te pauzeren en te "
        "stoppen (Esc); beschrijvingen van de samenstelling van de focusgebieden zijn deels Engelstalig (bron).",
    ],
    "en": [
        "Focus Areas in View aims to conform to WCAG 2.1 level AA (EN 301 549). This statement describes what was "
        "tested and what does not (yet) conform.",
        "Tested (automatically, on every change, in headless Chromium): axe-core (WCAG 2.0/2.1 A and AA rules and "
        "best practices) on the focus-area page, the nationwide page, the data and methods page, this page, "
        "projector mode and the English version — no violations of impact 'serious' or 'critical'; keyboard "
        "operation with a visible focus and a 'skip to content' link; reflow at 320 pixels wide without "
        "horizontal scrolling; projector mode at 1920×1080 and 1280×720 with text of at least 24 pixels; the "
        "factsheet prints on one A4 page.",
        "Text alternatives: the map has a one-sentence summary and a table of the same figures; the chart and the "
        "ranking have a table; the small multiples have a description. Missing and suppressed figures have their "
        "own grey with a legend entry and are listed with their status in the table. Colour is never the only "
        "carrier of meaning: differences carry an arrow and a word (higher/lower, better/worse); chart lines "
        "also differ in style and marker. The palette (ColorBrewer YlGnBu) is colour-blind safe.",
        "Known gaps: the map itself (MapLibre/WebGL) cannot be explored by keyboard and its hover "
        "information needs a mouse — use the table below it; the "
        "lightest palette colours have less than 3:1 contrast with white (the values are in the table); the "
        "projector-mode slideshow advances every 12 seconds and can be paused and stopped (Esc); descriptions of "
        "the focus-area compositions are partly in English (as in the source).",
    ],
}


def layout(c: LayoutContext) -> list:
    return [
        html.H2(t("a11y_title", c.lang), className="page-title"),
        panel(t("a11y_statement", c.lang), *[html.P(p) for p in A11Y_TEXT[c.lang]]),
    ]


page = REGISTRY.add(Page("a11y", "/toegankelijkheid", "nav_a11y", layout, order=90))
