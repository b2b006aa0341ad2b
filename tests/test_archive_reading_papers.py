"""Reading past board papers from text, Word and PDF files: the fields, the faults, and the files refused.

Each fixture in tests/archive_fixtures/papers/ is a text export of a fictional
Northshire paper with its expected fields beside it as JSON; the same content
is laid out as .docx and .pdf by tests/archive_documents.py, and all three
must read the same.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from archive.reading import Unreadable, read
from archive.reading.classify import classify
from archive.reading.extract import text_of
from archive.reading.papers import read_paper
from archive.reading.result import MINUTES, PAPER

from .archive_documents import files_of

FIXTURES = Path(__file__).parent / "archive_fixtures" / "papers"
NAMES = sorted(path.stem for path in FIXTURES.glob("*.txt"))
FORMATS = ("txt", "docx", "pdf")


@cache
def files(name: str) -> dict[str, bytes]:
    return files_of((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))


def document(name: str, form: str) -> bytes:
    return files(name)[form]


def expected(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def printed(reading) -> dict:
    data = reading.as_json()
    data["faults"] = [{"code": fault["code"], "where": fault["where"]} for fault in data["faults"]]
    return data


def test_there_is_a_fixture_for_every_layout_and_paper_fault():
    assert 8 <= len(NAMES) <= 12
    codes = {fault["code"] for name in NAMES for fault in expected(name)["faults"]}
    assert codes == {
        "numbering_gap",
        "numbering_repeat",
        "recommendations_differ",
        "placeholder",
        "no_contact_officer",
        "duplicate_heading",
        "missing_appendix",
    }


@pytest.mark.parametrize("form", FORMATS)
@pytest.mark.parametrize("name", NAMES)
def test_each_fixture_reads_as_expected_in_each_format(name, form):
    reading = read(f"{name}.{form}", document(name, form))
    got = printed(reading)
    assert got["kind"] == PAPER
    assert reading.confidence >= 0.8
    for field, value in expected(name).items():
        assert got[field] == value, f"{name}.{form}: {field}"


def test_the_pdf_fixtures_run_over_more_than_one_page():
    assert len(PdfReader(io.BytesIO(document("standard", "pdf"))).pages) >= 2
    assert len(PdfReader(io.BytesIO(document("running_headers", "pdf"))).pages) >= 2


@pytest.mark.parametrize(
    "name, code, where, message",
    [
        ("numbering_gap", "numbering_gap", "paragraph 4.8", "Paragraph 4.8 follows 4.6: 4.7 is missing."),
        ("numbering_repeat", "numbering_repeat", "paragraph 3.4", "Paragraph 3.4 is numbered twice."),
        (
            "recommendations_differ",
            "recommendations_differ",
            "paragraph 4.1",
            "Recommendation 4.1 differs from 2.1.",
        ),
        (
            "recommendations_differ",
            "recommendations_differ",
            "section 4",
            "Section 4 has 3 recommendations; section 2 has 2.",
        ),
        ("placeholder", "placeholder", "paragraph 3.1", "Placeholder text “XXXk” was left in paragraph 3.1."),
        (
            "placeholder",
            "placeholder",
            "paragraph 3.2",
            "Placeholder text “[insert figure]” was left in paragraph 3.2.",
        ),
        ("placeholder", "placeholder", "paragraph 3.2", "Placeholder text “TBC” was left in paragraph 3.2."),
        ("placeholder", "placeholder", "bibliography", "Placeholder text “XXXX” was left in the bibliography."),
        ("no_contact_officer", "no_contact_officer", "bibliography", "The paper names no contact officer."),
        (
            "duplicate_heading",
            "duplicate_heading",
            "section 6",
            "Section 6 has the same heading as section 4: “Financial Implications”.",
        ),
        (
            "missing_appendix",
            "missing_appendix",
            "paragraph 3.1",
            "Appendix A is referred to in paragraph 3.1 but was not supplied with the paper.",
        ),
    ],
)
def test_every_fault_says_where_it_is_and_what_is_wrong(name, code, where, message):
    reading = read(f"{name}.txt", document(name, "txt"))
    assert (code, where, message) in [(f.code, f.where, f.message) for f in reading.faults]


def test_an_appendix_printed_in_the_paper_is_not_missing():
    reading = read("missing_appendix.txt", document("missing_appendix", "txt"))
    assert reading.appendices == ["A", "B"]
    assert [f.where for f in reading.faults if f.code == "missing_appendix"] == ["paragraph 3.1"]


def test_a_clean_paper_has_no_faults_and_nothing_unplaced():
    reading = read("standard.pdf", document("standard", "pdf"))
    assert reading.faults == []
    assert reading.unplaced == []


# Extraction ----------------------------------------------------------------


def test_the_word_header_gives_the_first_lines_and_the_footer_is_not_body_text():
    text = text_of("standard.docx", document("standard", "docx"))
    lines = text.splitlines()
    assert lines[0] == "OFFICIAL Agenda Item: 6.0"
    assert "Page" not in text
    assert text.count("Agenda Item") == 1
    assert "- the current contract ends on 31 March 2026;" in lines
    assert "Source Document(s)\tPolice and Crime Plan 2024-28; Victims Needs Assessment 2024" in lines


def test_running_headers_and_footers_leave_the_pdf_text_once():
    text = text_of("running_headers.pdf", document("running_headers", "pdf"))
    assert text.count("Agenda Item") == 1
    assert "Page 1 of 2" not in text and "Page 2 of 2" not in text
    assert "14 January 2020" in text  # the Date line stays; only the footer's copy goes
    assert text.count("14 January 2020") == 1


def test_a_header_in_the_middle_of_a_paragraph_or_glued_to_a_line_is_removed():
    text = (
        "OFFICIAL    Agenda Item: 5.0\n\nTo: Business Coordination Board\n\n"
        "3.1 The Board noted that the station has\n\n"
        "Business Coordination Board      Agenda Item: 5.0\n13 December 2018      Page 1 of 2\n"
        "OFFICIAL    Agenda Item: 5.0\n\n"
        "been empty since 2018. The proceeds will fund the   OFFICIAL   Agenda Item: 5.0\n"
        "custody suite.   Page 2 of 2\n"
    )
    cleaned = text_of("paper.txt", text.encode())
    assert cleaned.splitlines()[0] == "OFFICIAL    Agenda Item: 5.0"
    body = cleaned.split("\n", 1)[1]
    assert "Agenda Item" not in body and "Page" not in body
    assert "the station has\nbeen empty since 2018." in body  # one paragraph again
    assert "will fund the\ncustody suite." in body


def test_text_files_may_be_utf8_with_a_bom_or_windows_1252_or_utf16():
    assert text_of("a.txt", "\ufeffTo: Estates Board\nCost: £5m\n".encode()).startswith("To: Estates Board")
    assert "Cost: £5m – agreed" in text_of("a.txt", "Cost: £5m – agreed\n".encode("cp1252"))
    assert "Cost: £5m – agreed" in text_of("a.txt", "Cost: £5m – agreed\n".encode("utf-16"))


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(document("numbering_gap", "pdf")))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.docx", b"", "empty.docx is empty."),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "save it as .docx"),
        ("renamed.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "save it as .docx"),
        (
            "locked.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600,
            "locked.docx is protected by a password",
        ),
        ("broken.docx", b"PK\x03\x04 this is not a zip", "broken.docx is not a Word document (.docx)"),
        ("sheet.docx", _zip({"xl/workbook.xml": b"<workbook/>"}), "sheet.docx is not a Word document (.docx)"),
        ("garbled.docx", _zip({"word/document.xml": b"<not-xml"}), "garbled.docx is not a Word document (.docx)"),
        ("locked.pdf", _encrypted_pdf("secret"), "locked.pdf is protected by a password"),
        ("scan.pdf", _blank_pdf(), "scan.pdf has no text layer: it is a scan, and it needs OCR"),
        ("damaged.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF", "damaged.pdf is a damaged PDF"),
        ("fake.pdf", b"Hello, this is text", "fake.pdf is not a PDF file"),
        ("notes.rtf", b"{\\rtf1 Hello}", "only .txt, .docx and .pdf files can be imported"),
        ("budget.pdf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "budget.pdf is an old Office file"),
        ("binary.txt", b"\x00\x01\x02" * 50, "binary.txt is not a text file"),
        ("blank.txt", b"   \n\n\t\n", "blank.txt has no text in it."),
    ],
)
def test_unreadable_files_say_why(name, data, message):
    with pytest.raises(Unreadable) as raised:
        read(name, data)
    assert message in str(raised.value)


def test_a_word_file_named_doc_is_read_as_word():
    assert read("standard.doc", document("standard", "docx")).title.startswith("POLICE AND CRIME PLAN")


def test_a_pdf_locked_only_against_changes_is_read():
    reading = read("owner-only.pdf", _encrypted_pdf(""))
    assert reading.title == "Collaboration Agreement: Regional Forensic Services"


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.ARCHIVE_MAX_BYTES = 1000
    with pytest.raises(Unreadable, match="big.txt is larger than 1 KB; import a smaller file."):
        read("big.txt", b"x" * 1001)


def test_a_word_file_that_unpacks_to_too_much_is_not_opened(settings):
    settings.ARCHIVE_MAX_BYTES = 100_000
    bomb = _zip({"word/document.xml": b"<w:document/>", "word/media/padding.bin": b"\0" * 600_000})
    assert len(bomb) < settings.ARCHIVE_MAX_BYTES
    with pytest.raises(Unreadable, match="zip bomb"):
        read("bomb.docx", bomb)


# Classifying -----------------------------------------------------------------


def test_papers_and_minutes_are_told_apart_and_neither_scores_low():
    paper = (FIXTURES / "standard.txt").read_text()
    assert classify(paper) == (PAPER, 1.0)
    minutes = (
        "BUSINESS COORDINATION BOARD\n\nAPPROVED MINUTES\n\nDate: 13 May 2025\n\nMembers:\n  Alex Morgan  Chair\n\n"
        "In Attendance:\n  Priya Lindqvist  Head of Policy\n\n1.1 Apologies were received from Ravi Chandra.\n\n"
        "4.3 The Board noted the report.\n\nSigned: Alex Morgan, Chair\n"
    )
    kind, confidence = classify(minutes)
    assert kind == MINUTES and confidence >= 0.8
    kind, confidence = classify("A shopping list: bread, milk, eggs.")
    assert confidence < 0.3


# Robustness and speed --------------------------------------------------------

_PAPER_WORDS = st.sampled_from(
    [
        "OFFICIAL",
        "Agenda Item: 5.0",
        "To:",
        "From:",
        "Date:",
        "13 December 2018",
        "1.",
        "2.1",
        "4.0",
        "- ",
        "• ",
        "BIBLIOGRAPHY",
        "Source Document(s)",
        "Contact Officer(s)",
        "Location",
        "Recommendations",
        "The Board is recommended to note",
        "Appendix A",
        "XXXX",
        "TBC",
        "[insert",
        "Page 1 of 2",
        "\t",
        "    ",
        "\n",
        "\n\n",
        ";",
        ",",
        "Priya Lindqvist, Head of Policy",
    ]
)


@examples(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), st.lists(_PAPER_WORDS | st.text(max_size=12), max_size=80).map("".join)))
def test_random_text_never_raises_anything_but_unreadable(text):
    try:
        reading = read("random.txt", text.encode("utf-8", errors="replace"))
    except Unreadable:
        return
    assert reading.kind in (PAPER, MINUTES)
    assert 0 <= reading.confidence <= 1


@examples(max_examples=60, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["x.docx", "x.pdf", "x.txt", "x.doc"]))
def test_random_bytes_never_raise_anything_but_unreadable(data, name):
    try:
        read(name, data)
    except Unreadable:
        pass


def test_a_pathological_line_is_read_quickly():
    text = (
        "OFFICIAL" + " " * 50_000 + "x\n" + "Agenda Item" + " " * 50_000 + "y\n" + "\n" * 50_000 + "To:" + "a " * 20_000
    )
    started = time.process_time()
    read_paper(text_of("odd.txt", text.encode()))
    assert time.process_time() - started < 2


def test_reading_is_fast_enough_for_an_archive():
    """Budgets of 20 ms a text or Word file and 80 ms a PDF, with room for a busy test machine."""
    for form, budget in (("txt", 0.02), ("docx", 0.02), ("pdf", 0.08)):
        for name in NAMES:
            read(f"{name}.{form}", document(name, form))  # made and warmed
        started = time.process_time()  # this process's CPU time: other work on the machine does not count
        for name in NAMES:
            read(f"{name}.{form}", document(name, form))
        each = (time.process_time() - started) / len(NAMES)
        assert each < budget * 3, f"{form}: {each * 1000:.0f} ms a file"


# Layouts the fixtures do not show ---------------------------------------------


def test_recommendations_listed_under_one_paragraph_and_other_wordings():
    reading = read_paper(
        "To: Estates Board\nFrom: Head of Estates\nDate: 4 May\n\nSale of Land at Kelmarsh\n\n"
        "1. Purpose\n1.1 To seek approval.\n2. Recommendations\n2.1 The Board is recommended to:\n"
        "    - note the valuation;\n    - approve the sale of the land; and\n"
        "    - delegate the completion to the Chief Finance Officer.\n"
        "2.2 That the Board notes the risks.\n2.3 It is recommended that the Board agrees the timetable.\n"
        "2.4 Endorse the approach.\n2.5 The Board should be pleased.\n"
    )
    assert [(r.number, r.verb, r.text) for r in reading.recommendations] == [
        ("2.1", "note", "the valuation"),
        ("2.1", "approve", "the sale of the land"),
        ("2.1", "delegate", "the completion to the Chief Finance Officer."),
        ("2.2", "note", "the risks."),
        ("2.3", "agree", "the timetable."),
        ("2.4", "endorse", "the approach."),
        ("2.5", "", "The Board should be pleased."),
    ]
    assert [(f.code, f.where) for f in reading.faults if f.code == "missing_year"] == [("missing_year", "header")]


def test_a_bibliography_of_labelled_lines_with_two_officers_and_their_telephones():
    reading = read_paper(
        "To: Estates Board\n\nTitle\n\n1. Purpose\n1.1 To inform.\n\nBIBLIOGRAPHY\n"
        "Background papers: None\n"
        "Contact Officer: Dafydd Rowe, Head of Estates; Clare Whitby, Head of Partnerships\n"
        "Tel: 01234 567890\nEmail: estates@northshire.example\n"
        "Imran Sadiq, Superintendent, imran.sadiq@northshire.example, 01234 567891\n"
    )
    assert reading.source_documents == []
    assert [(p.name, p.post) for p in reading.contact_officers] == [
        ("Dafydd Rowe", "Head of Estates"),
        ("Clare Whitby", "Head of Partnerships"),
        ("Imran Sadiq", "Superintendent"),
    ]
    assert not [f for f in reading.faults if f.code == "no_contact_officer"]


def test_a_three_column_bibliography_with_tabs_and_two_documents_in_one_cell():
    reading = read_paper(
        "To: Estates Board\n\nTitle\n\n1. Purpose\n1.1 To inform.\n\nBIBLIOGRAPHY\n"
        "Source Document(s)\tContact Officer\tLocation\n"
        "Estates Strategy 2016-2021\tDafydd Rowe, Head of Estates\tNorthshire House, Kelmarsh\n"
        "Valuation report, November 2019\n"
    )
    assert reading.source_documents == ["Estates Strategy 2016-2021", "Valuation report, November 2019"]
    assert [(p.name, p.post) for p in reading.contact_officers] == [("Dafydd Rowe", "Head of Estates")]
    assert reading.location == "Northshire House, Kelmarsh"


def test_a_paper_without_a_bibliography_names_no_contact_officer_and_lines_before_section_one_are_unplaced():
    reading = read_paper("To: Estates Board\n\nTitle\n\nA stray line\n\n1. Purpose\n1.1 To inform.\n")
    assert (reading.title, reading.unplaced) == ("Title", ["A stray line"])
    reading = read_paper(
        "To: Estates Board\n\nTitle\n\n1.1 A paragraph before any heading.\n1. Purpose\n1.1 To inform.\n"
    )
    assert reading.unplaced == ["1.1 A paragraph before any heading."]
    assert [(f.code, f.where) for f in reading.faults] == [("no_contact_officer", "bibliography")]


def test_a_table_in_a_section_becomes_a_pipe_table_and_two_spaces_after_a_full_stop_do_not():
    reading = read_paper(
        "To: Board\n\nTitle\n\n1. Purpose\n1.1 The costs are:\nItem\tCost\nFleet\t£2.1m\nEstates    £11.2m\n"
        "1.2 The plan was agreed.  It runs to 2028.\n    It was consulted on.  Many replied.\n"
    )
    assert reading.purpose[0].text == (
        "The costs are:\n| Item | Cost |\n| --- | --- |\n| Fleet | £2.1m |\n| Estates | £11.2m |"
    )
    assert reading.purpose[1].text == "The plan was agreed. It runs to 2028. It was consulted on. Many replied."


def test_word_content_controls_and_a_header_table_are_read():
    from docx import Document
    from docx.oxml import parse_xml

    word = Document()
    cells = word.sections[0].header.add_table(rows=1, cols=2, width=word.sections[0].page_width).rows[0].cells
    cells[0].text, cells[1].text = "OFFICIAL-SENSITIVE", "Northshire OPCC\nAgenda Item: 4.0"
    word.add_paragraph("To:\tEstates Board")
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    title = "<w:p><w:r><w:t>Sale of Land at Kelmarsh</w:t></w:r></w:p>"
    control = f"<w:sdt {namespace}><w:sdtContent>{title}</w:sdtContent></w:sdt>"
    word.element.body.insert(1, parse_xml(control))
    word.add_paragraph("1. Purpose")
    word.add_paragraph("1.1 To seek approval.")
    out = io.BytesIO()
    word.save(out)
    reading = read("sale.docx", out.getvalue())
    assert (reading.marking, reading.agenda_item) == ("OFFICIAL-SENSITIVE", "4.0")
    assert (reading.board, reading.title) == ("Estates Board", "Sale of Land at Kelmarsh")


def test_a_title_above_the_to_from_lines_and_a_wrapped_line_opening_with_a_figure():
    reading = read_paper(
        "OFFICIAL\n\nPolice and Crime Plan: Annual Report\n\nTo: Business Coordination Board\nFrom: Chief Executive\n"
        "Date: 13/12/2018\n\n1. Purpose\n1.1 Northshire has a population of\n3.5 million people in 2018.\n"
    )
    assert (reading.title, reading.board, reading.from_) == (
        "Police and Crime Plan: Annual Report",
        "Business Coordination Board",
        "Chief Executive",
    )
    assert reading.date.isoformat() == "2018-12-13" and reading.marking == "OFFICIAL" and reading.agenda_item == ""
    assert [(p.number, p.text) for p in reading.purpose] == [
        ("1.1", "Northshire has a population of 3.5 million people in 2018.")
    ]


def test_a_sentence_repeated_through_the_text_is_not_taken_for_a_footer():
    text = (
        "BUSINESS COORDINATION BOARD\n\n4.3 The Board noted the report.\n\n5.1 The Board noted the report.\n"
        "Business Coordination Board      13 May 2025      Page 1 of 2\n6.1 The Board noted the report.\n"
    )
    cleaned = text_of("minutes.txt", text.encode())
    assert cleaned.count("The Board noted the report.") == 3
    assert "Page 1 of 2" not in cleaned


def test_justified_pdf_text_is_not_taken_for_a_table():
    from weasyprint import HTML

    sentence = (
        "The programme has worked with 214 perpetrators since April 2020. An independent evaluation found a "
        "reduction in repeat incidents among those who completed it, and the Office will consider its future."
    )
    paragraphs = "".join(f"<p>3.{number} {sentence}</p>" for number in (1, 2))
    style = "body { font: 11pt serif; text-align: justify } @page { size: A4; margin: 20mm }"
    html = f"<html><head><style>{style}</style></head><body><p>1. Purpose</p>{paragraphs}</body></html>"
    pdf = HTML(string=html).write_pdf()
    assert "3.1 The programme has worked with 214 perpetrators since April 2020. An" in text_of("justified.pdf", pdf)
    reading = read("justified.pdf", pdf)
    assert [(p.number, p.text) for p in reading.purpose] == [("3.1", sentence), ("3.2", sentence)]


def test_word_automatic_numbers_are_worked_out_as_word_prints_them():
    from docx import Document
    from docx.oxml import parse_xml

    word = Document()
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{form}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for level, form, text in ((0, "decimal", "%1."), (1, "decimal", "%1.%2"), (2, "lowerLetter", "(%3)"))
    )
    numbering = word.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {namespace} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {namespace} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        paragraph = word.add_paragraph(text)
        properties = paragraph._p.get_or_add_pPr()
        properties.append(parse_xml(f'<w:numPr {namespace}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    word.add_paragraph("To:\tEstates Board")
    word.add_paragraph("Sale of Land at Kelmarsh")
    numbered("Purpose", 0)
    numbered("To seek approval for the sale.", 1)
    numbered("Recommendations", 0)
    numbered("The Board is recommended to approve the sale.", 1)
    numbered("The Board is recommended to note the valuation.", 1)
    numbered("the valuation is dated May 2019", 2)
    word.add_paragraph("a plain bullet", style="List Bullet")
    out = io.BytesIO()
    word.save(out)
    text = text_of("sale.docx", out.getvalue())
    for line in ("1. Purpose", "1.1 To seek approval for the sale.", "2. Recommendations", "2.2 The Board is"):
        assert line in text
    assert "(a) the valuation is dated May 2019" in text and "- a plain bullet" in text
    reading = read("sale.docx", out.getvalue())
    assert [(r.number, r.verb) for r in reading.recommendations] == [("2.1", "approve"), ("2.2", "note")]


def test_numbered_background_papers_and_contact_officer_sections_are_the_bibliography():
    reading = read_paper(
        "To: Estates Board\n\nTitle\n\n1. Purpose\n1.1 To inform.\n2. Background Papers\n"
        "Estates Strategy 2016-2021\n3. Contact Officer\nDafydd Rowe, Head of Estates\n"
    )
    assert reading.source_documents == ["Estates Strategy 2016-2021"]
    assert [(p.name, p.post) for p in reading.contact_officers] == [("Dafydd Rowe", "Head of Estates")]
    assert reading.sections == [] and reading.faults == []


def test_a_pdf_page_whose_layout_cannot_be_worked_out_is_read_as_plain_text(monkeypatch):
    from pypdf import PageObject

    plain = PageObject.extract_text

    def layout_fails(page, *args, extraction_mode="plain", **kwargs):
        if extraction_mode == "layout":
            raise KeyError("/Widths")
        return plain(page, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", layout_fails)
    reading = read("numbering_gap.pdf", document("numbering_gap", "pdf"))
    assert reading.title == "Collaboration Agreement: Regional Forensic Services"


def test_header_lines_worded_otherwise():
    reading = read_paper(
        "Meeting: Joint Audit Committee\nReport of: Chief Finance Officer\nDate of meeting: 3 July 2019\n\n"
        "Treasury Outturn\n\n1. Purpose\n1.1 To inform.\n"
    )
    assert (reading.board, reading.from_, reading.date.isoformat(), reading.title) == (
        "Joint Audit Committee",
        "Chief Finance Officer",
        "2019-07-03",
        "Treasury Outturn",
    )


@pytest.mark.parametrize(
    "printed, marking",
    [
        ("Official", "OFFICIAL"),
        ("OFFICIAL - SENSITIVE", "OFFICIAL-SENSITIVE"),
        ("official–sensitive", "OFFICIAL-SENSITIVE"),
    ],
)
def test_markings_are_read_however_they_are_typed(printed, marking):
    reading = read("m.txt", f"{printed}    Agenda Item: 2.0\n\nTo: Estates Board\n\nTitle\n\n1. Purpose\n".encode())
    assert (reading.marking, reading.agenda_item) == (marking, "2.0")


def test_bibliography_text_before_any_label_is_unplaced():
    reading = read_paper(
        "To: Estates Board\n\nTitle\n\n1. Purpose\n1.1 To inform.\n\nBIBLIOGRAPHY\n"
        "    See the Estates Strategy\nContact Officer(s)    Dafydd Rowe, Head of Estates\n"
    )
    assert reading.unplaced == ["See the Estates Strategy"]
    assert [(p.name, p.post) for p in reading.contact_officers] == [("Dafydd Rowe", "Head of Estates")]
