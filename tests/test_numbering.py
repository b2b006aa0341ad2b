"""Authors never type numbers: sections and paragraphs are numbered for them."""

from boards.document import build_document
from pcp_portal.text import blocks, number_items, number_section, numbered_html, sentence, written

from .factories import RecommendationFactory, SectionFactory


def test_paragraphs_are_split_on_blank_lines_and_joined_within():
    body = "First line\ncontinues here.\n\nSecond paragraph.\n\n\n\nThird."
    assert [block.text for block in blocks(body)] == [
        "First line continues here.",
        "Second paragraph.",
        "Third.",
    ]


def test_bullets_belong_to_the_paragraph_above_and_take_no_number():
    section = number_section(4, "Update", "It is proposed:\n- one;\n- two.\n\nNext point.")
    assert [(p.number, p.text) for p in section.paragraphs] == [
        ("4.1", "It is proposed:\n- one;\n- two."),
        ("4.2", "Next point."),
    ]
    assert '<ul class="para-cont">' in section.paragraphs[0].html and "<li>•\tone;</li>" in section.paragraphs[0].html


def test_the_number_opens_its_paragraph_and_the_list_under_it_follows_as_a_sibling():
    body = "It is\nproposed  that:\n- one\n  item;\n- two:\n    1. a\n    2. b\n\nA line  \nbreak."
    first, second = number_section(4, "Update", body).paragraphs
    # No wrapper: the number and a tab open the first <p>, whose text is on one line (it keeps its white space).
    # A bullet is text too, "•" and a tab opening each item of a bulleted list, which is on one line.
    assert first.numbered_html == (
        '<p class="para">4.1\tIt is proposed that:</p><ul class="para-cont"><li>•\tone item;</li>'
        "<li>•\ttwo:<ol><li>a</li><li>b</li></ol></li></ul>"
    )
    assert first.text == "It is proposed  that:\n- one item;\n- two:\n    - a\n    - b"  # no bullets in the text
    assert second.numbered_html == '<p class="para">4.2\tA line<br>break.</p>'


def test_a_paragraph_that_opens_with_a_table_gets_a_paragraph_holding_just_its_number():
    (only,) = number_section(5, "Figures", "| Area | Variance |\n|---|--:|\n| Staff | -0.3 |").paragraphs
    assert only.numbered_html.startswith('<p class="para">5.1\t</p><table class="body-table para-cont">')


def test_numbers_and_the_portals_own_sentences_are_escaped_in_the_numbered_paragraph():
    (item,) = number_items(2, "Recommendations", ["note <b>this</b> & £0.4\u00a0m"]).paragraphs
    assert item.numbered_html == '<p class="para">2.1\tnote &lt;b&gt;this&lt;/b&gt; &amp; £0.4\u00a0m</p>'
    assert numbered_html("<1>", written("x")) == '<p class="para">&lt;1&gt;\tx</p>'


def test_bullets_after_a_blank_line_still_join_the_paragraph_above():
    section = number_section(3, "Background", "Reasons:\n\n- first\n- second")
    assert len(section.paragraphs) == 1
    assert section.paragraphs[0].text == "Reasons:\n- first\n- second"


def test_bullets_that_open_a_body_make_a_paragraph_of_their_own():
    section = number_section(3, "Background", "- first\n- second\n\nThen a sentence.")
    assert [p.number for p in section.paragraphs] == ["3.1", "3.2"]
    assert section.paragraphs[0].text == "- first\n- second"


def test_a_wrapped_bullet_line_continues_the_bullet():
    [block] = blocks("Lead.\n- a long bullet\n  that wraps")
    assert block.text == "Lead.\n- a long bullet that wraps"


def test_word_bullets_are_bullets():
    [block] = blocks("Lead.\n\u2022 a bullet\n\u2022 another")
    assert block.html.count("<li>") == 2


def test_windows_line_endings_are_understood():
    assert len(blocks("One.\r\n\r\nTwo.")) == 2


def test_sentence_adds_a_full_stop_once():
    assert sentence("note the report") == "note the report."
    assert sentence("note the report.") == "note the report."


def test_document_numbers_purpose_recommendations_sections_and_closing_recommendations(db):
    rec = RecommendationFactory(verb="note", text="the progress made")
    paper = rec.paper
    RecommendationFactory(paper=paper, verb="approve", text="the revised wording")
    SectionFactory(paper=paper, heading="Background", body="One.\n\nTwo.", position=0)
    SectionFactory(paper=paper, heading="Options", body="Three.", position=1)

    document = build_document(paper)

    assert [(s.number, s.heading) for s in document.sections] == [
        ("1", "Purpose"),
        ("2", "Recommendations"),
        ("3", "Background"),
        ("4", "Options"),
        ("5", "Recommendations"),
    ]
    assert [p.number for p in document.sections[2].paragraphs] == ["3.1", "3.2"]
    section_2 = [p.text for p in document.sections[1].paragraphs]
    assert section_2 == [
        "The Board is recommended to note the progress made.",
        "The Board is recommended to approve the revised wording.",
    ]
    assert [p.text for p in document.sections[-1].paragraphs] == section_2
    assert [p.number for p in document.sections[-1].paragraphs] == ["5.1", "5.2"]


def test_reordering_sections_renumbers_them(db):
    first = SectionFactory(heading="Background", position=0)
    SectionFactory(paper=first.paper, heading="Options", position=1)
    first.position = 2
    first.save()
    headings = [s.heading for s in build_document(first.paper).sections]
    assert headings[2:4] == ["Options", "Background"]
