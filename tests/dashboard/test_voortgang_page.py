"""The words and links around the progress matrix (pages/voortgang.py), without a store."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.pages import voortgang
from geodata.progress import ReportPeriod

REPORT = ReportPeriod.parse("2026-H1")


def test_summary_counts_the_cells_with_a_figure():
    frame = pd.DataFrame({"latest_value": [1.0, np.nan, 3.0, np.nan]})
    text = voortgang.summary_text(REPORT, 2022, frame, "en")
    assert text.startswith(f"As of 2026-H1 (cut-off {REPORT.cutoff.strftime('%d-%m-%Y')}), baseline: ")
    assert "from 2022 on" in text and text.endswith("2 of 4 cells have a figure.")


def test_summary_of_a_view_without_latest_values_counts_none():
    text = voortgang.summary_text(REPORT, 2020, pd.DataFrame({"area": ["A", "B"]}), "nl")
    assert text.endswith("0 van de 2 cellen hebben een cijfer.")


def test_export_links_ask_for_the_report_as_shown():
    xlsx, csv = voortgang.export_links(REPORT, 2020, "4", "en")
    assert xlsx == "/voortgang.xlsx?periode=2026-H1&basis=2020&lijnen=4&taal=en"
    assert csv == "/voortgang.csv?periode=2026-H1&basis=2020&lijnen=4&taal=en"
