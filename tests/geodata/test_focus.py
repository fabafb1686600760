"""Focus-area definitions: parsing, validation against the 2024 division, the committed file."""

from __future__ import annotations

import pandas as pd
import pytest

from geodata.errors import FocusAreaDefinitionError
from geodata.focus import FocusArea, load_focus_areas, membership_2024, parse_focus_areas
from tests.conftest import BUURT_CODES
from tests.geodata.realdata import GEMEENTEN_19

WIJK_CODES = {"WK000101", "WK000102"}


def entry(fid: str = "TST", *, gemeente: str = "GM0001", wijken=("WK000101",), buurten=(), whole=(), **fields) -> dict:
    """One focus area as it appears in config/focusgebieden.yaml."""
    return {
        "id": fid,
        "name": f"Focus {fid}",
        "gemeente": gemeente,
        "confidence": "hoog",
        "status": "best effort",
        "source": "test",
        "remarks": "",
        "members": {2024: {"wijken": list(wijken), "buurten": list(buurten), "partial_wijken_whole": list(whole)}},
        **fields,
    }


def area(fid: str = "TST", **kwargs) -> FocusArea:
    return parse_focus_areas({"focus_areas": [entry(fid, **kwargs)]})[0]


def test_parse_reads_members_per_kind():
    fa = area(wijken=["WK000101"], buurten=[" BU00010201 "], whole=["WK000102"])

    assert (fa.id, fa.gemeente, fa.confidence) == ("TST", "GM0001", "hoog")
    assert fa.wijken == ("WK000101",)
    assert fa.buurten == ("BU00010201",)
    assert fa.partial_wijken_whole == ("WK000102",)
    assert fa.has_partial


def test_membership_expands_wijken_to_buurten(focus_area, buurten):
    out = membership_2024([focus_area], buurten[["code"]], WIJK_CODES)

    expected = pd.DataFrame(
        {"unit": ["BU00010101", "BU00010102", "BU00010201"], "target": "TST", "how": ["wijk", "wijk", "buurt"]}
    )
    pd.testing.assert_frame_equal(out.sort_values("unit").reset_index(drop=True), expected)


def test_partial_wijk_without_buurt_list_is_used_whole(buurten):
    fa = area(wijken=[], whole=["WK000102"])
    out = membership_2024([fa], buurten[["code"]], WIJK_CODES)

    assert sorted(out["unit"]) == ["BU00010201", "BU00010202"]
    assert set(out["how"]) == {"wijk_deels_geheel"}


@pytest.mark.parametrize(
    "second",
    [
        pytest.param({"wijken": [], "buurten": ["BU00010201"]}, id="buurt-of-a-whole-wijk"),
        pytest.param({"wijken": ["WK000102"]}, id="same-wijk"),
        pytest.param({"wijken": [], "whole": ["WK000102"]}, id="partial-wijk-used-whole"),
    ],
)
def test_overlapping_focus_areas_are_rejected_naming_the_buurt(buurten, second):
    first = area("A", wijken=["WK000102"])
    other = area("B", **second)

    with pytest.raises(FocusAreaDefinitionError, match="overlap") as err:
        membership_2024([first, other], buurten[["code"]], WIJK_CODES)

    assert "BU00010201 in A/B" in str(err.value)


@pytest.mark.parametrize(
    "members, unknown",
    [
        ({"wijken": ["WK000199"]}, "WK000199"),
        ({"wijken": [], "buurten": ["BU00010299"]}, "BU00010299"),
        ({"wijken": [], "whole": ["WK000103"]}, "WK000103"),
    ],
)
def test_code_unknown_in_2024_is_rejected(buurten, members, unknown):
    with pytest.raises(FocusAreaDefinitionError, match=unknown) as err:
        membership_2024([area(**members)], buurten[["code"]], WIJK_CODES)
    assert "2024" in str(err.value)


def test_area_without_2024_buurten_is_rejected(buurten):
    # WK000102 exists in 2024 but none of its buurten is in the buurt list
    with pytest.raises(FocusAreaDefinitionError, match=r"\['TST'\] have no 2024 buurten"):
        membership_2024([area(wijken=["WK000102"])], buurten[buurten["wijk_code"] == "WK000101"][["code"]], WIJK_CODES)


@pytest.mark.parametrize(
    "members",
    [
        pytest.param({"wijken": [], "buurten": [], "partial_wijken_whole": []}, id="empty-lists"),
        pytest.param({"wijken": None}, id="null-list"),
    ],
)
def test_area_without_members_is_rejected(members):
    raw = {"focus_areas": [{**entry(), "members": {2024: members}}]}
    with pytest.raises(FocusAreaDefinitionError, match="'TST'.*no members"):
        parse_focus_areas(raw)


def test_area_without_2024_members_is_rejected():
    raw = {"focus_areas": [{**entry(), "members": {2022: {"wijken": ["WK000101"]}}}]}
    with pytest.raises(FocusAreaDefinitionError, match="no members for boundary year 2024"):
        parse_focus_areas(raw)


@pytest.mark.parametrize(
    "field, bad",
    [
        ("gemeente", "GM001"),
        ("wijken", ["WK0001"]),
        ("wijken", ["BU00010101"]),
        ("buurten", ["BU0001010"]),
        ("whole", ["wk000102"]),
    ],
)
def test_malformed_code_is_rejected_naming_it(field, bad):
    kwargs = {field: bad}
    with pytest.raises(FocusAreaDefinitionError) as err:
        area(**kwargs)
    shown = bad if isinstance(bad, str) else bad[0]
    assert repr(shown) in str(err.value)
    assert "'TST'" in str(err.value)


@pytest.mark.parametrize(
    "members",
    [
        {"wijken": ["WK000201"]},
        {"wijken": ["WK000101"], "buurten": ["BU03440300"]},
        {"wijken": [], "whole": ["WK059901"]},
    ],
)
def test_member_outside_its_gemeente_is_rejected(members):
    with pytest.raises(FocusAreaDefinitionError, match="outside gemeente GM0001"):
        area(**members)


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"focus_areas": [entry("A"), entry("A")]}, "used twice"),
        ({"focus_areas": [{**entry(), "id": ""}]}, "id missing"),
        ({"focus_areas": [entry(confidence="zeker")]}, "confidence 'zeker'"),
        ({"areas": []}, "top-level list 'focus_areas'"),
        ([], "top-level list 'focus_areas'"),
    ],
)
def test_structural_errors_are_named(raw, message):
    with pytest.raises(FocusAreaDefinitionError, match=message):
        parse_focus_areas(raw)


def test_unreadable_definition_file_names_the_file(tmp_path):
    path = tmp_path / "focusgebieden.yaml"
    path.write_text("focus_areas: [unclosed\n", encoding="utf-8")
    with pytest.raises(FocusAreaDefinitionError, match="focusgebieden.yaml"):
        load_focus_areas(path)


def test_committed_definitions_have_20_areas_in_19_gemeenten():
    areas = load_focus_areas()

    assert len(areas) == 20
    assert len({fa.id for fa in areas}) == 20
    # the 19 municipalities of the data README
    assert {fa.gemeente for fa in areas} == GEMEENTEN_19
    assert all(fa.wijken or fa.buurten or fa.partial_wijken_whole for fa in areas)


def test_synthetic_buurten_fixture_matches_its_codes(buurten):
    # guards the fixtures the membership tests rely on
    assert buurten["code"].tolist() == BUURT_CODES
    assert set("WK" + buurten["code"].str[2:8]) == WIJK_CODES
