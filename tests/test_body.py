"""The body syntax: what an author can write inside a numbered paragraph, and what it becomes."""

import re

from pcp_portal.body import FigureRef, Notes, parse
from pcp_portal.text import number_section

FINANCE = """The revenue budget is summarised below.

Table: Revenue budget 2025/26 (£000)
| Line | 2024/25 | 2025/26 |
|---|--:|--:|
| **Staff** | 1,200 | 1,300 |
| **Estates** | 300 | 310 |

The increase is explained by:
- pay awards;
- the new custody suite:
  (a) construction;
  (b) fitting out, in two phases:
      (i) cells;
      (ii) the medical room.

Spend against each theme is shown in the chart.

![Figure 1]
"""


def figure(label="1", alt="Bar chart of spend by theme", caption="Spend by theme"):
    return {label: FigureRef(label=label, src=f"/papers/1/figures/{label}/", alt=alt, caption=caption)}


def test_emphasis_and_links_are_kept_and_nothing_else():
    [block] = parse("Some **bold**, some *italic* and [the plan](https://example.org/plan).").blocks
    assert "<strong>bold</strong>" in block.html
    assert "<em>italic</em>" in block.html
    assert '<a href="https://example.org/plan" rel="noopener noreferrer">the plan</a>' in block.html
    assert block.text == "Some bold, some italic and the plan."


def test_raw_html_is_shown_as_text():
    [block] = parse('Before <script>alert(1)</script> <img src=x onerror="alert(2)"> after.').blocks
    assert "<script>" not in block.html and "<img" not in block.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in block.html


def test_dangerous_links_do_not_become_links():
    [block] = parse("[click](javascript:alert(1)) and [data](data:text/html,x)").blocks
    assert "href" not in block.html


def test_a_table_and_a_list_belong_to_the_paragraph_above():
    section = number_section(4, "Finance", FINANCE, figures=figure())
    assert [p.number for p in section.paragraphs] == ["4.1", "4.2", "4.3"]
    table_para, list_para, chart_para = section.paragraphs
    assert "<table" in table_para.html and "<ul" not in table_para.html
    assert '<ul class="para-cont">' in list_para.html and "<table" not in list_para.html
    assert "<figure" in chart_para.html


def test_table_has_caption_header_row_header_column_and_right_aligned_figures():
    html = number_section(4, "Finance", FINANCE).paragraphs[0].html
    assert "<caption>Revenue budget 2025/26 (£000)</caption>" in html
    assert '<th scope="col">Line</th>' in html
    assert '<th class="text-end" scope="col">2025/26</th>' in html
    assert '<th scope="row">Staff</th>' in html
    assert '<td class="text-end">1,300</td>' in html
    assert "Table:" not in html


def test_a_first_column_not_all_bold_is_not_a_header_column():
    body = "| Line | Sum |\n|---|--:|\n| **Staff** | 1 |\n| Estates | 2 |"
    [block] = parse(body).blocks
    assert 'scope="row"' not in block.html
    assert "<td><strong>Staff</strong></td>" in block.html


def test_table_text_reads_cell_by_cell():
    text = number_section(4, "Finance", FINANCE).paragraphs[0].text
    assert "Line | 2024/25 | 2025/26\nStaff | 1,200 | 1,300\nEstates | 300 | 310" in text


def test_nested_lists_two_levels_deep_with_letters_and_roman_numerals():
    html = number_section(4, "Finance", FINANCE).paragraphs[1].html
    assert re.search(
        r'<ul class="para-cont"><li>•\tpay awards;</li><li>•\tthe new custody suite:<ol type="a" class="list-parens">',
        html,
    )
    assert re.search(r'<ol type="i" class="list-parens">\s*<li>cells;</li>\s*<li>the medical room.</li>', html)


def test_a_lettered_list_may_start_later_and_numbered_lists_stay_numbers():
    [block] = parse("Options:\n(c) third\n(d) fourth\n\nSteps:\n1. one\n2. two").blocks[:1]
    assert '<ol type="a" class="list-parens" start="3">' in block.html or 'start="3"' in block.html
    steps = parse("Steps:\n1. one\n2. two").blocks[0].html
    assert '<ol class="para-cont">' in steps and "list-parens" not in steps


def test_figure_on_a_line_of_its_own_is_a_figure_with_alt_and_caption():
    html = number_section(4, "Finance", FINANCE, figures=figure()).paragraphs[2].html
    assert '<figure class="body-figure para-cont" id="figure-1">' in html
    assert '<img src="/papers/1/figures/1/" alt="Bar chart of spend by theme">' in html
    assert "<figcaption>Figure 1: Spend by theme</figcaption>" in html


def test_a_figure_that_was_not_uploaded_or_an_outside_image_is_not_shown():
    missing = number_section(4, "Finance", FINANCE).paragraphs[2].html
    assert "<img" not in missing and "upload it as a figure" in missing
    [outside] = parse("See ![tracker](https://evil.example/pixel.png).").blocks
    assert "<img" not in outside.html and "evil.example" not in outside.html


def test_figure_alt_and_caption_are_escaped():
    figures = figure(alt='"><script>x</script>', caption="<b>caption</b>")
    [block] = parse("![Figure 1]", figures=figures).blocks
    assert "<script>" not in block.html and "<b>" not in block.html
    assert "&lt;b&gt;caption&lt;/b&gt;" in block.html


def test_footnotes_are_numbered_across_the_document_and_collected():
    notes = Notes()
    first = parse("A claim.[^src]\n\n[^src]: The *annual* report.", notes=notes)
    second = parse("Another.[^1] And more.[^2]\n\n[^1]: One.\n\n[^2]: Two.", notes=notes)
    assert [n.number for n in notes] == [1, 2, 3]
    assert [n.text for n in notes] == ["The annual report.", "One.", "Two."]
    assert "<em>annual</em>" in notes.items[0].html
    assert '<a href="#fn-1"' in first.blocks[0].html
    assert '<a href="#fn-2"' in second.blocks[0].html and '<a href="#fn-3"' in second.blocks[0].html
    assert "Another.[2] And more.[3]" == second.blocks[0].text


def test_a_footnote_definition_is_not_a_numbered_paragraph():
    assert len(parse("One.[^a]\n\n[^a]: Note.\n\nTwo.").blocks) == 2


def test_headings_rules_and_indented_text_stay_text():
    blocks = parse("# Not a heading\n\n---\n\n    indented is not code").blocks
    html = "".join(block.html for block in blocks)
    assert "<h1>" not in html and "<hr" not in html and "<pre>" not in html
    assert "# Not a heading" in html
