"""The checks for what real papers get wrong, each firing where it should and nowhere else."""

import pytest

from boards import document, services
from boards.models import Appendix, Paper, Section
from boards.prepublication import TYPED_NUMBER, paper_problems
from pcp_portal.body import FigureRef
from pcp_portal.checks import (
    appendix_references,
    heading_number,
    strip_heading_number,
    strip_typed_numbers,
    typed_numbers,
)

from .factories import RecommendationFactory, SectionFactory

S = Paper.Status


@pytest.fixture
def paper(make_paper):
    """A clean draft: purpose, two recommendations, a "Background" section (section 3)."""
    paper = make_paper()
    paper.sections.update(position=0)
    paper.recommendations.filter(verb="note").update(position=0)
    paper.recommendations.filter(verb="approve").update(position=1)
    assert paper_problems(paper) == []
    return paper


def set_body(paper, body, heading="Background"):
    paper.sections.update(body=body, heading=heading)
    return paper


def problems_of(paper, kind=None):
    return [(p.where, p.message) for p in paper_problems(paper) if kind is None or p.kind == kind]


def messages(paper):
    return " ".join(str(p) for p in paper_problems(paper))


def add_appendix(paper, title="Map"):
    position = paper.appendices.count()
    return Appendix.objects.create(
        paper=paper, position=position, title=title, file=f"appendices/{title}.pdf", sha256="0" * 64, size=1,
        page_count=1,
    )  # fmt: skip


# -- 1. typed paragraph and section numbers ------------------------------------


@pytest.mark.parametrize(
    ("body", "number"),
    [
        ("3.3 The Board considered the options.", "3.3"),
        ("- 3.1 The first point\n- the second", "3.1"),
        ("4.0 Financial implications", "4.0"),
        ("3.1.2\tThe Board noted the risk.", "3.1.2"),
        ("3.1. The Board met.", "3.1"),
        ("2. The Board is asked to note the report.", "2."),
        ("1. Purpose", "1."),
        ("Text before.\n1. The Board met again.", "1."),
    ],
)
def test_a_typed_number_at_the_start_of_a_paragraph_or_line_is_found(body, number):
    assert [found.number for found in typed_numbers(body)] == [number]


@pytest.mark.parametrize(
    "body",
    [
        "The 2024/25 budget was set in February.",
        "2024/25 Budget figures are below.",
        "3.5% increase in the precept.",
        "3.5 per cent increase in the precept.",
        "1,200 officers were recruited.",
        "The year ends on 31.3.2026 for every force.",
        "31.3.2026 The date the year ends.",
        "2.5 FTE posts are vacant.",
        "1.5 Million calls were answered.",
        "Steps:\n1. first\n2. second",
        "1. First step\n2. Second step",
        "1. The Board met.\n\n2. The Board agreed.",
        "Steps:\n1. Apply now",
        "- a bullet\n  1. First nested step",
        "(a) first\n(b) second",
        "| Line | 2024/25 |\n|---|---|\n| 1.1 Staff | 3 |",
        "A note.[^1]\n\n[^1]: 3.1 Of the annual report.",
        "£3.5m was spent.\n3.5m Was the total.",
    ],
)
def test_legitimate_numbers_are_not_typed_numbers(body):
    assert typed_numbers(body) == []
    assert strip_typed_numbers(body) == body


def test_stripping_removes_only_the_numbers_and_splits_paragraphs_run_together():
    body = (
        "3.1 The Board met on 31.3.2026.\n"
        "3.2 It agreed a 3.5% increase for 2024/25.\n\n"
        "- 3.3 The first bullet\n"
        "- 1,200 officers\n\n"
        "4. The Board is asked to note the report.\n\n"
        "Steps:\n1. first\n2. second"
    )
    assert strip_typed_numbers(body) == (
        "The Board met on 31.3.2026.\n\n"
        "It agreed a 3.5% increase for 2024/25.\n\n"
        "- The first bullet\n"
        "- 1,200 officers\n\n"
        "The Board is asked to note the report.\n\n"
        "Steps:\n1. first\n2. second"
    )


@pytest.mark.parametrize(
    ("heading", "number", "stripped"),
    [
        ("3. Background", "3.", "Background"),
        ("3.0 Background", "3.0", "Background"),
        ("3) Background", "3)", "Background"),
        ("3\tBackground", "3", "Background"),
        ("4.2 Financial implications", "4.2", "Financial implications"),
        ("2024/25 Budget", "", "2024/25 Budget"),
        ("12 Month Review", "", "12 Month Review"),
        ("3.5% Growth", "", "3.5% Growth"),
        ("Background", "", "Background"),
    ],
)
def test_numbers_typed_into_headings(heading, number, stripped):
    assert heading_number(heading) == number
    assert strip_heading_number(heading) == stripped


def test_a_typed_number_is_reported_with_the_paragraph_number_the_paper_prints(paper):
    set_body(paper, "First paragraph.\n\n3.2 The Board considered the options.", heading="3. Background")
    assert problems_of(paper, TYPED_NUMBER) == [
        (
            'Section 3 "3. Background"',
            'The heading starts with the typed number "3."; the portal numbers sections itself. '
            'Remove it, or use "Remove typed numbers" in the editor to remove every typed number at once.',
        ),
        (
            'Section 3 "3. Background", paragraph 3.2',
            'The line "3.2 The Board considered the options." starts with the typed number "3.2"; '
            'the portal numbers paragraphs itself. Remove it, or use "Remove typed numbers" in the editor to remove '
            "every typed number at once.",
        ),
    ]


def test_a_typed_number_in_the_purpose_is_in_section_1(paper):
    Paper.objects.filter(pk=paper.pk).update(purpose="1.1 The purpose of this report is to update the Board.")
    paper.refresh_from_db()
    [(where, _)] = problems_of(paper, TYPED_NUMBER)
    assert where == 'Section 1 "Purpose", paragraph 1.1'


def test_a_paper_with_typed_numbers_cannot_be_submitted(paper, author):
    set_body(paper, "3.1 The Board met.")
    with pytest.raises(services.TransitionError, match='paragraph 3.1: The line "3.1 The Board met."'):
        services.submit_paper(paper=paper, user=author)


# -- 2. repeated headings --------------------------------------------------------


def test_two_sections_with_the_same_heading_ignoring_case_and_spacing(paper):
    SectionFactory(paper=paper, heading="Options", body="Two options.", position=5)
    SectionFactory(paper=paper, heading="  BACKGROUND ", body="More background.", position=6)
    assert problems_of(paper) == [
        (
            'Section 5 "  BACKGROUND "',
            "Section 3 has the same heading. Give each section a heading of its own, or merge the two.",
        )
    ]


def test_different_headings_are_not_repeated(paper):
    SectionFactory(paper=paper, heading="Background to the options", body="Text.", position=5)
    SectionFactory(paper=paper, heading="Financial implications", body="Text.", position=6)
    SectionFactory(paper=paper, heading="Legal implications", body="Text.", position=7)
    assert problems_of(paper) == []


@pytest.mark.parametrize("heading", ["Recommendations", "Recommendation"])
def test_a_section_headed_like_one_the_portal_writes(paper, heading):
    SectionFactory(paper=paper, heading=heading, body="Some text.", position=5)
    [(where, message)] = problems_of(paper)
    assert where == f'Section 4 "{heading}"'
    assert message.startswith("Section 2 is the paper's recommendations, written by the portal from its records")


# -- 3. appendices that do not exist --------------------------------------------


def test_references_are_read_with_ranges_and_lists():
    assert appendix_references("Appendices A to C and Appendix 4, appendix E; Appendix A to the report") == [
        "A",
        "B",
        "C",
        "4",
        "E",
    ]
    assert appendix_references("An appendix is attached. Appendix Alpha.") == []


def test_a_reference_to_a_third_appendix_when_there_are_two(paper):
    add_appendix(paper, "Map")
    add_appendix(paper, "Costs")
    set_body(paper, "The costs are at Appendix B.\n\nThe plan is at Appendix C.")
    assert problems_of(paper) == [
        (
            'Section 3 "Background", paragraph 3.2',
            "Refers to Appendix C, but the paper's appendices are Appendix A and Appendix B. "
            "Correct the reference, or upload the appendix under Appendices.",
        )
    ]


def test_a_reference_in_the_other_naming_style(paper):
    add_appendix(paper)
    set_body(paper, "See Appendix 1.")
    [(_, message)] = problems_of(paper)
    assert message.startswith("Refers to Appendix 1, but this paper names its appendices by letter: Appendix A.")


def test_references_in_recommendations_are_read_too(paper):
    RecommendationFactory(paper=paper, verb="approve", text="the plan at Appendix A", position=9)
    [(where, message)] = problems_of(paper)
    assert where == 'Section 2 "Recommendations", paragraph 2.3'
    assert "the paper has no appendix" in message


def test_existing_appendices_and_other_words_pass(paper):
    add_appendix(paper)
    add_appendix(paper, "Costs")
    set_body(paper, "Appendix A shows the map; Appendices A and B are attached. The attached report explains.")
    assert problems_of(paper) == []


@pytest.mark.parametrize(
    "sentence",
    ["The attached report sets out the options.", "See the document attached at Appendix.", "This attached plan."],
)
def test_speaking_of_an_attachment_when_there_is_no_appendix(paper, sentence):
    set_body(paper, sentence)
    [(where, message)] = problems_of(paper)
    assert where == 'Section 3 "Background", paragraph 3.1'
    assert "but the paper has no appendix" in message


def test_attached_in_another_sense_passes(paper):
    set_body(paper, "No conditions are attached to the grant. The importance attached to victims is clear.")
    assert problems_of(paper) == []


# -- 4. recommendations made in the text -----------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The Board is recommended to approve the new estates budget.",
        "It is recommended that the Board approves the new estates budget.",
        "Members are asked to agree the revised timetable.",
        "The Board is invited to endorse the strategy.",
    ],
)
def test_a_sentence_recommending_something_else_is_found(paper, sentence):
    set_body(paper, f"Some background.\n\nTherefore, {sentence[0].lower()}{sentence[1:]} Nothing else.")
    [(where, message)] = problems_of(paper)
    assert where == 'Section 3 "Background", paragraph 3.2'
    assert "asks for a decision that is not one of the paper's recommendations" in message
    assert "printed in sections 2 and 4" in message


@pytest.mark.parametrize(
    "sentence",
    [
        "The Board is recommended to note the progress made against the Victims theme.",
        "It is recommended that the Board notes the progress made against the Victims theme.",
        "Members are asked to  NOTE the progress made against the  Victims theme",
        "The Board is asked to:\n- note the progress made against the Victims theme;\n"
        "- approve the revised wording of priority action V4.",
        "The report recommends nothing and asks members for their views in the consultation.",
    ],
)
def test_a_sentence_that_repeats_a_recommendation_passes(paper, sentence):
    set_body(paper, sentence)
    assert problems_of(paper) == []


def test_a_listed_item_that_is_not_a_recommendation_is_named(paper):
    set_body(
        paper, "The Board is asked to:\n- note the progress made against the Victims theme;\n- approve a new post."
    )
    [(_, message)] = problems_of(paper)
    assert '(not among them: "approve a new post")' in message


def test_the_purpose_is_read_for_recommendations(paper):
    Paper.objects.filter(pk=paper.pk).update(purpose="Members are asked to approve the sale of the site.")
    paper.refresh_from_db()
    [(where, _)] = problems_of(paper)
    assert where == 'Section 1 "Purpose", paragraph 1.1'


# -- 5. tables and figures -----------------------------------------------------------


def test_a_table_row_with_too_few_or_too_many_cells(paper):
    set_body(
        paper,
        "The budget:\n\nTable: Revenue budget (£000)\n| Line | 2024/25 | 2025/26 |\n|---|--:|--:|\n"
        "| Staff | 1,200 | 1,300 |\n| Estates | 300 |\n| Fleet | 10 | 12 | 14 |",
    )
    assert problems_of(paper) == [
        (
            'Section 3 "Background", paragraph 3.1',
            'The table "Revenue budget (£000)" has 3 columns, but the row "| Estates | 300 |" has 2: the missing '
            "cells would print empty. Give every row 3 cells (write \\| for a bar inside a cell).",
        ),
        (
            'Section 3 "Background", paragraph 3.1',
            'The table "Revenue budget (£000)" has 3 columns, but the row "| Fleet | 10 | 12 | 14 |" has 4: the '
            "last 1 would be dropped. Give every row 3 cells (write \\| for a bar inside a cell).",
        ),
    ]


def test_even_tables_with_escaped_bars_and_no_outer_bars_pass(paper):
    set_body(paper, "Intro.\n\nLine | Note\n---|---\nStaff | a \\| b\nEstates | c\n\n| A | B |\n|---|---|\n| 1 | 2 |")
    assert problems_of(paper) == []


def test_a_sentence_run_into_a_table_is_a_ragged_row(paper):
    set_body(paper, "| A | B |\n|---|---|\n| 1 | 2 |\nThe table shows growth.")
    [(_, message)] = problems_of(paper)
    assert 'the row "The table shows growth." has 1' in message


def figures(**alts):
    return {label: FigureRef(label, f"/f/{label}/", alt, "") for label, alt in alts.items()}


def test_a_figure_that_is_not_uploaded(paper, monkeypatch):
    monkeypatch.setattr(document, "paper_figures", lambda *args, **kwargs: figures(**{"1": "Chart", "2": "Map"}))
    monkeypatch.setattr(
        "boards.prepublication.paper_figures", lambda *args, **kwargs: figures(**{"1": "Chart", "2": "Map"})
    )
    set_body(paper, "Spend:\n\n![Figure 1]\n\nMap:\n\n![Figure 2]\n\nTrend:\n\n![Figure 3]")
    [(where, message)] = problems_of(paper)
    assert where == 'Section 3 "Background", paragraph 3.3'
    assert message.startswith("Shows Figure 3, but the paper has 2 figures")


def test_without_uploaded_figures_every_figure_is_missing(paper):
    set_body(paper, "![Figure 1]")
    [(_, message)] = problems_of(paper)
    assert "Shows Figure 1, but no figure is uploaded" in message


def test_a_figure_with_blank_alternative_text(paper, monkeypatch):
    monkeypatch.setattr("boards.prepublication.paper_figures", lambda *args, **kwargs: figures(**{"1": "  "}))
    set_body(paper, "Spend:\n\n![Figure 1]")
    [(_, message)] = problems_of(paper)
    assert message.startswith("Figure 1 has no alternative text")


def test_images_that_are_not_uploaded_figures(paper):
    set_body(paper, "A pixel ![](https://example.org/p.png).\n\nA chart ![Spend chart](https://example.org/c.png).")
    [(first_where, first), (second_where, second)] = problems_of(paper)
    assert first_where == 'Section 3 "Background", paragraph 3.1'
    assert first.startswith("An image with no alternative text is not shown")
    assert second_where == 'Section 3 "Background", paragraph 3.2'
    assert second.startswith('The image "Spend chart" is not a figure uploaded with this paper, so it is not shown')


def test_uploaded_figures_with_alternative_text_pass(paper, monkeypatch):
    monkeypatch.setattr(
        "boards.prepublication.paper_figures", lambda *args, **kwargs: figures(**{"1": "Bar chart of spend"})
    )
    set_body(paper, "Spend:\n\n![Figure 1]\n\nAs shown in Figure 1, spend rose.")
    assert problems_of(paper) == []


def test_the_demo_papers_pass_every_check(db):
    from boards.demo import VICTIMS_SECTIONS, _victims_figure

    paper = RecommendationFactory(verb="note", text="the progress made against the Victims theme").paper
    RecommendationFactory(paper=paper, verb="approve", text="the revised wording of priority action V1")
    for position, (heading, body) in enumerate(VICTIMS_SECTIONS):
        Section.objects.create(paper=paper, position=position, heading=heading, body=body)
    _victims_figure(paper)
    assert paper_problems(paper) == []


def test_a_typed_number_does_not_hide_a_repeated_heading(paper):
    SectionFactory(paper=paper, heading="5. Background", body="More background.", position=5)
    repeated = [message for where, message in problems_of(paper) if where == 'Section 4 "5. Background"']
    assert "Section 3 has the same heading. Give each section a heading of its own, or merge the two." in repeated


def test_problems_are_listed_in_the_order_of_the_paper(paper):
    Paper.objects.filter(pk=paper.pk).update(purpose="The purpose is set out in the attached report.")
    paper.refresh_from_db()
    set_body(paper, "See Appendix B.\n\n3.2 The Board met.", heading="3. Background")
    assert [where for where, _ in problems_of(paper)] == [
        'Section 1 "Purpose", paragraph 1.1',
        'Section 3 "3. Background"',
        'Section 3 "3. Background", paragraph 3.1',
        'Section 3 "3. Background", paragraph 3.2',
    ]
    assert 'Speaks of "the attached report"' in problems_of(paper)[0][1]


def test_any_verb_is_compared_without_its_third_person_ending():
    from pcp_portal.checks import normalise_action, requested_action

    assert normalise_action("discusses the report;") == requested_action(
        "The Board is recommended to discuss the report."
    )
    assert normalise_action("ratifies the plan") == requested_action("The Board is recommended to ratify the plan.")
    assert normalise_action("notes the plan") != requested_action("The Board is recommended to approve the plan.")
    assert normalise_action("Commissions  the  service.") == requested_action(
        "The Board is recommended to commission the service."
    )


@pytest.mark.parametrize("link", ["[js](javascript:alert(3))", "[data](data:text/html,x)", "[ent](&#106;avascript:x)"])
def test_a_link_the_portal_will_not_make_is_pointed_out(paper, link):
    set_body(paper, f"See {link} for more.")
    [(where, message)] = problems_of(paper)
    assert where == 'Section 3 "Background", paragraph 3.1'
    assert "would print as typed, not as a link" in message


def test_real_links_and_brackets_in_prose_pass(paper):
    set_body(
        paper,
        "See [the plan](https://example.org/plan), [write to us](mailto:opcc@example.org) "
        "and [the board](/boards/bcb/). Costs [see table] (in £000) rose.",
    )
    assert problems_of(paper) == []
