"""The helpers both readers share: dates, numbering, placeholders, table lines, wrapped text."""

from datetime import date

import pytest

from archive.reading.common import cells, join_wrapped, numbering_faults, parse_date, placeholders


@pytest.mark.parametrize(
    "printed, expected",
    [
        ("13 December 2018", date(2018, 12, 13)),
        ("12th December 2017", date(2017, 12, 12)),
        ("13/12/2018", date(2018, 12, 13)),
        ("Date:   Tuesday 13th of Dec. 2018", date(2018, 12, 13)),
        ("December 13, 2018", date(2018, 12, 13)),
        ("13.12.18", date(2018, 12, 13)),
    ],
)
def test_it_reads_dates_as_offices_print_them(printed, expected):
    assert parse_date(printed).date == expected


def test_a_date_without_its_year_gives_its_parts_for_the_caller_to_infer():
    printed = parse_date("The next meeting will be held on 8 July at 14:00.")
    assert (printed.day, printed.month, printed.year, printed.date) == (8, 7, None, None)
    assert printed.in_year(2025) == date(2025, 7, 8)


@pytest.mark.parametrize("printed", ["31 February 2018", "Page 1 of 2", "Agenda Item: 5.0", ""])
def test_what_is_no_date_reads_as_none(printed):
    assert parse_date(printed) is None


def test_it_finds_numbers_skipped_and_repeated_with_where_they_are():
    faults = numbering_faults(["1", "1.1", "2.", "2.1", "3.0", "3.1", "3.2", "3.4", "3.4", "4", "4.6", "4.8"])
    assert [(f.code, f.where) for f in faults] == [
        ("numbering_gap", "paragraph 3.4"),
        ("numbering_repeat", "paragraph 3.4"),
        ("numbering_gap", "paragraph 4.6"),
        ("numbering_gap", "paragraph 4.8"),
    ]
    assert faults[0].message == "Paragraph 3.4 follows 3.2: 3.3 is missing."
    assert faults[2].message == "Paragraph 4.6 comes first: 4.1 to 4.5 are missing."


def test_section_styles_4_4_0_and_4_dot_are_one_numbering():
    assert numbering_faults(["1.", "2.0", "3", "4.0"]) == []
    assert [(f.code, f.where) for f in numbering_faults(["1", "2", "2.0"], top="item")] == [
        ("numbering_repeat", "item 2.0")
    ]


def test_placeholders_are_whole_words_only():
    text = "Cost £XXXk by XXXX, date TBC, venue TBA, [insert name]; Exxon, TBCs, XXL and Tbc are words."
    assert placeholders(text) == ["XXXk", "XXXX", "TBC", "TBA", "[insert name]"]


def test_table_lines_split_on_tabs_or_wide_gaps():
    assert cells("Source Document(s)    Police and Crime Plan") == ["Source Document(s)", "Police and Crime Plan"]
    assert cells("Name\tPost\tLocation") == ["Name", "Post", "Location"]
    assert cells("                      Crime Commissioner") == ["", "Crime Commissioner"]
    assert cells("One cell only, with single spaces") == ["One cell only, with single spaces"]


def test_wrapped_lines_join_and_bullets_become_body_bullets():
    lines = [
        "It is proposed that V4 is revised to read: a new",
        "    service.",
        "    - the current contract ends on 31 March 2026;",
        "    - the revised wording reflects the merged Victims' Hub and Witness Care",
        "      Team.",
    ]
    assert join_wrapped(lines) == (
        "It is proposed that V4 is revised to read: a new service.\n"
        "- the current contract ends on 31 March 2026;\n"
        "- the revised wording reflects the merged Victims' Hub and Witness Care Team."
    )
    assert join_wrapped(["the well-", "being of victims"]) == "the well-being of victims"


def test_paragraphs_split_at_blank_lines_and_cells_keep_their_columns():
    from archive.reading.common import cell_spans, number_parts, paragraphs

    assert paragraphs("One\n  wrapped line.\n\n\nTwo.\n") == ["One wrapped line.", "Two."]
    assert cell_spans("Name      Post, Office\n") == [(0, "Name"), (10, "Post, Office")]
    assert [number_parts(printed) for printed in ("4", "4.0", "4.", "3.1", "3.1.2", "x", "2024")] == [
        (4,),
        (4,),
        (4,),
        (3, 1),
        (3, 1, 2),
        None,
        None,
    ]
