"""The reader of minutes: each fixture's fields and faults, field by field, and the mess real minutes carry.

Each `tests/archive_fixtures/minutes/*.txt` has the JSON the reader must make
of it beside it (`import_archive --dry-run --json`, without `file` and
`confidence`).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from archive.reading import read
from archive.reading.minutes import read_minutes
from tests.archive_documents import docx_bytes, pdf_bytes, split_running

FIXTURES = Path(__file__).parent / "archive_fixtures" / "minutes"
NAMES = sorted(path.stem for path in FIXTURES.glob("*.txt"))


def expected(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def assert_fields(got: dict, want: dict) -> None:
    """Field by field, so a failure names the field; every expected key is checked, none is skipped."""
    for key, value in want.items():
        assert got[key] == value, f"{key}: {got[key]!r} != {value!r}"
    assert set(got) - {"file", "confidence"} == set(want)


def test_there_is_a_fixture_for_every_fault_of_minutes():
    codes = {fault["code"] for name in NAMES for fault in expected(name)["faults"]}
    assert codes >= {
        "attendance_conflict",
        "unknown_person",
        "unknown_initials",
        "signatory_absent",
        "missing_year",
        "numbering_gap",
        "numbering_repeat",
        "placeholder",
    }
    assert 6 <= len(NAMES) <= 10


@pytest.mark.parametrize("name", NAMES)
def test_it_reads_each_fixture_as_text(name):
    path = FIXTURES / f"{name}.txt"
    reading = read(path.name, path.read_bytes())
    assert reading.kind == "minutes"
    assert reading.confidence >= 0.6
    got = reading.as_json()
    assert got["file"] == path.name
    assert_fields(got, expected(name))


MAKERS = {"docx": docx_bytes, "pdf": pdf_bytes}


def as_file(text: str, suffix: str) -> bytes:
    parts = split_running(text)
    return MAKERS[suffix](parts.body, header=parts.header, footer=parts.footer)


@pytest.mark.parametrize("suffix", sorted(MAKERS))
@pytest.mark.parametrize("name", NAMES)
def test_it_reads_each_fixture_as_word_and_pdf(name, suffix):
    data = as_file((FIXTURES / f"{name}.txt").read_text(), suffix)
    reading = read(f"{name}.{suffix}", data)
    assert reading.kind == "minutes"
    assert_fields(reading.as_json(), expected(name))


def minutes(body: str, *, header: str = "", tail: str = "") -> str:
    header = header or (
        "OFFICIAL\n\nBUSINESS COORDINATION BOARD\n\nAPPROVED MINUTES\n\n"
        "Date:  13 May 2025    Time: 14:00\nLocation:  Meeting Room 1\n\n"
        "Members:\n  Alex Morgan    Police and Crime Commissioner (Chair)\n"
        "  Sam Okafor    Deputy Chief Constable\n\n"
    )
    return header + body + "\n\n" + tail


def codes(reading) -> list[str]:
    return [fault.code for fault in reading.faults]


def test_a_wrapped_line_that_starts_with_a_number_is_not_an_item():
    reading = read_minutes(
        minutes(
            "1. Budget\n\n1.1 The Board noted that the underspend over the last\n"
            "12 months was mainly in police staff pay.\n\n2. Date of next meeting\n\n"
            "2.1 The next meeting will be held on 8 July 2025."
        )
    )
    assert [item.number for item in reading.items] == ["1", "2"]
    assert reading.items[0].paragraphs[0].text.endswith("over the last 12 months was mainly in police staff pay.")
    assert "numbering_gap" not in codes(reading)


def test_apologies_by_surname_or_initial_match_the_listed_person():
    reading = read_minutes(minutes("1. Apologies\n\n1.1 Apologies were received from Cllr Okafor and A. Morgan."))
    assert reading.apologies == ["Okafor", "A. Morgan"]
    assert [f.message for f in reading.faults if f.code == "attendance_conflict"] == [
        "Okafor is listed as a member and also as giving apologies.",
        "A. Morgan is listed as a member and also as giving apologies.",
    ]


def test_a_different_first_name_with_the_same_surname_is_another_person():
    reading = read_minutes(minutes("1. Apologies\n\n1.1 Apologies were received from Dana Okafor."))
    assert codes(reading) == ["unknown_person"]
    assert reading.faults[0].where == "paragraph 1.1"


def test_no_apologies_and_no_declarations_give_none():
    reading = read_minutes(
        minutes(
            "1. Apologies\n\n1.1 Apologies: none.\n\n2. Declarations of Interest\n\n"
            "2.1 No declarations of interest were made."
        )
    )
    assert reading.apologies == []
    assert reading.declarations == []
    assert reading.faults == []


def test_a_year_nothing_gives_is_reported_and_the_date_left_empty():
    header = "BUSINESS COORDINATION BOARD\n\nDRAFT MINUTES\n\nDate: 13 May\n\n"
    reading = read_minutes(minutes("1. Update\n\n1.1 The Board noted the update.", header=header))
    assert reading.date is None
    assert [(f.code, f.where) for f in reading.faults] == [("missing_year", "header")]
    assert "none could be inferred" in reading.faults[0].message


def test_a_next_meeting_without_a_year_takes_the_following_one():
    header = "BUSINESS COORDINATION BOARD\n\nDRAFT MINUTES\n\nDate: 9 December 2025\n\n"
    reading = read_minutes(
        minutes("1. Date of next meeting\n\n1.1 The next meeting will be held on 3 February.", header=header)
    )
    assert reading.next_meeting == date(2026, 2, 3)
    assert [(f.code, f.where) for f in reading.faults] == [("missing_year", "paragraph 1.1")]


def test_a_blank_signature_line_names_nobody():
    reading = read_minutes(minutes("1. Update\n\n1.1 Noted.", tail="Signed ............................ Chair"))
    assert reading.signed_by == ""
    assert reading.signed_on is None


def test_times_are_read_in_the_24_hour_clock():
    for printed, read_as in [("2pm", "14:00"), ("10.30am", "10:30"), ("12.15 p.m.", "12:15"), ("14:00", "14:00")]:
        header = f"BUSINESS COORDINATION BOARD\n\nMINUTES\n\nDate: 13 May 2025    Time: {printed}\n\n"
        assert read_minutes(minutes("1. Update", header=header)).time == read_as


def test_posts_written_as_initials_and_acronyms_are_not_unknown_initials():
    reading = read_minutes(
        minutes(
            "1. Update\n\n1.1 The DCC noted the figures. OPCC staff were thanked. AM thanked SO. ZZ said nothing else."
        )
    )
    assert [(f.code, f.message) for f in reading.faults] == [
        ("unknown_initials", "The initials ZZ match nobody listed in the minutes or in the key to initials.")
    ]


def test_the_chair_alone_noting_something_is_not_a_decision():
    reading = read_minutes(
        minutes("1. Update\n\n1.1 The Chair noted the apologies. The Board resolved to meet in public.")
    )
    assert [(d.paragraph, d.text) for d in reading.decisions] == [("1.1", "The Board resolved to meet in public.")]


def test_odd_input_gives_an_empty_reading_not_an_error():
    for text in ["", "\n\n", "MINUTES", "1.\n2.\n3.3", "Signed:", "Key to initials:"]:
        assert read_minutes(text).kind == "minutes"


def test_people_listed_on_one_line_are_each_a_person():
    header = (
        "JOINT AUDIT COMMITTEE\n\nMINUTES\n\nDate: 4 December 2018\nChair: Cllr Helen Marsh\n\n"
        "Present: Helen Marsh (Chair), Dev Patel and Owen Price\n"
        "In attendance: Grace Adeyemi, Chief Finance Officer\n\n"
    )
    reading = read_minutes(minutes("1. Apologies\n\n1.1 None.", header=header))
    assert [(p.name, p.post) for p in reading.members] == [("Helen Marsh", ""), ("Dev Patel", ""), ("Owen Price", "")]
    assert [(p.name, p.post) for p in reading.in_attendance] == [("Grace Adeyemi", "Chief Finance Officer")]
    assert reading.chair == "Helen Marsh"


def test_bodies_written_in_capitals_are_not_initials():
    reading = read_minutes(minutes("1. Update\n\n1.1 NHS partners agreed the plan. VAT was reclaimed. CPS to advise."))
    assert reading.faults == []


def test_markings_are_read_in_any_case_and_hyphenation():
    for printed, read_as in [
        ("Official – Sensitive", "OFFICIAL-SENSITIVE"),
        ("official sensitive", "OFFICIAL-SENSITIVE"),
        ("Official", "OFFICIAL"),
        ("NOT PROTECTIVELY  MARKED", "NOT PROTECTIVELY MARKED"),
    ]:
        header = f"{printed}\n\nBUSINESS COORDINATION BOARD\n\nMINUTES\n\nDate: 13 May 2025\n\n"
        assert read_minutes(minutes("1. Update", header=header)).marking == read_as
