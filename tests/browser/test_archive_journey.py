"""The office's archive in Chromium: three past documents uploaded, read, corrected, matched, confirmed, public."""

import re

import pytest
from playwright.sync_api import expect

from archive.models import ImportedDocument
from archive.services.intake import read_document

from ..archive_documents import docx_bytes, pdf_bytes, split_running
from ..factories import PersonFactory
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAPER_2019 = """OFFICIAL                                                        Agenda Item: 6.0

To:     Business Coordination Board
From:   Chief Executive
Date:   11 March 2019

CUSTODY HEALTHCARE CONTRACT: EXTENSION

1. Purpose

1.1 The purpose of this report is to seek the Board's approval to extend the
    custody healthcare contract for one year.

2. Recommendations

2.1 The Board is recommended to approve the extension of the custody
    healthcare contract to 31 March 2020.

3. Background

3.1 Healthcare in the Constabulary's three custody suites has been provided
    under one contract since April 2016.

4. Recommendations

4.1 The Board is recommended to approve the extension of the custody
    healthcare contract to 31 March 2020.

BIBLIOGRAPHY

Source Document(s)    Custody Healthcare Contract 2016
Contact Officer(s)    P. Lindqvist, Head of Policy, Office of the Police and
                      Crime Commissioner

----------------------------------------------------------------------------
Business Coordination Board                                 Agenda Item: 6.0
11 March 2019                                                   Page 1 of 1
"""

PAPER_2018 = """OFFICIAL                                                        Agenda Item: 5.0

To:     Business Coordination Board
From:   Chief Finance Officer
Date:   4 December 2018

TREASURY MANAGEMENT: MID-YEAR REVIEW

1. Purpose

1.1 The purpose of this report is to update the Board on treasury management
    in the first half of 2018/19.

2. Recommendations

2.1 The Board is recommended to note the report.

3. Review

3.1 Investments were held with the Debt Management Office and two banks.

4. Recommendations

4.1 The Board is recommended to note the report.

BIBLIOGRAPHY

Source Document(s)    Treasury Management Strategy 2018/19
Contact Officer(s)    Ravi Chandra, Chief Finance Officer

----------------------------------------------------------------------------
Business Coordination Board                                 Agenda Item: 5.0
4 December 2018                                                 Page 1 of 1
"""

MINUTES_2019 = """OFFICIAL

BUSINESS COORDINATION BOARD

APPROVED MINUTES

Date:      14 May 2019          Time: 14:00
Location:  Meeting Room 1, Northshire Police Headquarters

Members:
  Alex Morgan        Police and Crime Commissioner (Chair)
  Jo Pennington      Chief Executive, Office of the Police and Crime Commissioner

In Attendance:
  Tom Heathcote      Head of Corporate Development, Northshire Constabulary

1. Welcome and Apologies

1.1 Apologies were received from Ravi Chandra.

2. Declarations of Interest

2.1 There were no declarations of interest.

3. Custody Healthcare Contract

3.1 JP introduced the report.

3.2 The Board noted the report.

4. Date of next meeting

4.1 The next meeting will be held on 9 July 2019 at 14:00.

Signed: Alex Morgan, Chair                       Date: 9 July 2019
"""


def files() -> list[dict]:
    """The same kind of content as the office's files: a text export, a Word file and a PDF."""
    minutes = split_running(MINUTES_2019)
    paper = split_running(PAPER_2018)
    return [
        {"name": "bcb-2019-03-custody.txt", "mimeType": "text/plain", "buffer": PAPER_2019.encode()},
        {
            "name": "bcb-2019-05-minutes.docx",
            "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "buffer": docx_bytes(minutes.body, header=minutes.header, footer=minutes.footer),
        },
        {
            "name": "bcb-2018-12-treasury.pdf",
            "mimeType": "application/pdf",
            "buffer": pdf_bytes(paper.body, header=paper.header, footer=paper.footer),
        },
    ]


def test_the_secretary_imports_three_files_and_the_public_reads_the_record(new_page, axe_check, board, secretary):
    lindqvist = PersonFactory(name="Priya Lindqvist", post_title="Head of Policy")

    # The secretary uploads the three files.
    page = new_page()
    sign_in(page, "secretary")
    page.get_by_role("link", name="Archive import").click()
    page.get_by_role("navigation", name="Archive import").get_by_role("link", name="Upload files").click()
    axe_check(page)
    page.get_by_label("Files").set_input_files(files())
    page.get_by_role("button", name="Upload and read").click()
    page.wait_for_url(re.compile(r"/workspace/archive/batches/\d+/"))
    page.get_by_text("3 files stored and queued to be read.").wait_for()

    # Progress: each file's state, and a summary a screen reader hears.
    rows = page.get_by_role("table").get_by_role("row")
    for name in ("bcb-2019-03-custody.txt", "bcb-2019-05-minutes.docx", "bcb-2018-12-treasury.pdf"):
        row = rows.filter(has=page.get_by_role("rowheader", name=name))
        row.get_by_text("Read: awaiting review").wait_for()
    expect(page.get_by_role("status").filter(has_text="3 files: 3 read.")).to_be_visible()
    axe_check(page)

    # The review list shows all three, with their kind.
    page.get_by_role("link", name="Review the documents read").click()
    listed = page.get_by_role("table")
    expect(listed.get_by_role("row", name=re.compile("bcb-2019-05-minutes.docx Minutes"))).to_be_visible()
    expect(listed.get_by_role("row", name=re.compile("bcb-2018-12-treasury.pdf Paper"))).to_be_visible()
    axe_check(page)
    listed.get_by_role("link", name="bcb-2019-03-custody.txt").click()

    # The review page: the fields beside the original text.
    page.get_by_role("region", name="The original text").get_by_text("P. Lindqvist, Head of Policy").wait_for()
    axe_check(page)
    title = page.get_by_label("Title", exact=True)
    assert title.input_value().upper() == "CUSTODY HEALTHCARE CONTRACT: EXTENSION"
    assert page.get_by_label("Board", exact=True).evaluate("select => select.selectedOptions[0].text") == board.name
    # The title was read as printed, in capitals: the secretary corrects it, and says which meeting it went to.
    title.fill("Custody Healthcare Contract: Extension")
    page.get_by_label("Date of the meeting it went to").fill("2019-03-19")
    # The contact officer was printed with an initial: the secretary matches her to the portal's person.
    officer = page.get_by_role("group", name="Contact officer: P. Lindqvist")
    officer.get_by_label("Matched to").select_option(label=lindqvist.description)
    page.get_by_role("button", name="Save and confirm into the record").click()
    page.get_by_text("“bcb-2019-03-custody.txt” is confirmed into the record.").wait_for()
    record = page.get_by_role("region", name="In the record")
    expect(record.get_by_role("link", name="Custody Healthcare Contract: Extension")).to_be_visible()
    axe_check(page)

    document = ImportedDocument.objects.select_related("paper").get(original_name="bcb-2019-03-custody.txt")
    assert document.paper.contact_officer == lindqvist
    assert document.reading["title"].upper() == "CUSTODY HEALTHCARE CONTRACT: EXTENSION"  # as read, kept

    # The public reads the paper on its original date; the others, not confirmed, are nowhere.
    public = new_page()
    public.goto(document.paper.get_absolute_url())
    expect(public.get_by_role("heading", name="Custody Healthcare Contract: Extension")).to_be_visible()
    expect(public.get_by_text("11 March 2019").first).to_be_visible()
    axe_check(public)
    public.goto("/papers/")
    assert public.get_by_text("Treasury Management").count() == 0


def test_the_upload_page_follows_each_file_while_it_waits_and_says_so_politely(
    new_page, axe_check, board, secretary, settings
):
    # A queue with no worker yet: the files wait, as they do while a real worker is busy.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    page = new_page()
    sign_in(page, "secretary")
    page.goto("/workspace/archive/upload/")
    page.get_by_label("Files").set_input_files(files()[:2])
    page.get_by_role("button", name="Upload and read").click()
    page.wait_for_url(re.compile(r"/workspace/archive/batches/\d+/"))
    summary = page.get_by_role("status").filter(has_text="2 files:")
    assert summary.inner_text() == "2 files: 2 waiting to be read."
    expect(page.get_by_role("link", name="Stop updating this page")).to_be_visible()
    axe_check(page)

    # The worker reads them; the page shows it without a reload, and the summary (a polite live region) says so.
    for document in ImportedDocument.objects.all():
        read_document(document)
    page.get_by_role("status").filter(has_text="2 files: 2 read.").wait_for()
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows.filter(has_text="bcb-2019-05-minutes.docx").get_by_text("Read: awaiting review")).to_be_visible()
    assert page.get_by_role("link", name="Stop updating this page").count() == 0
    assert page.get_by_role("status").filter(has_text="2 files:").get_attribute("aria-live") == "polite"
