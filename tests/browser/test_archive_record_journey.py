"""Imported records in Chromium: the public reads one on its original date and downloads the original file."""

import hashlib

import pytest
from playwright.sync_api import expect

from archive.services.records import confirm

from ..archive_helpers import minutes_fields, paper_fields, read_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORIGINAL = b"VICTIMS SERVICES COMMISSIONING UPDATE\nAs the office kept it.\n"


def test_the_public_reads_an_imported_paper_and_its_minutes_and_downloads_the_original(
    new_page, axe_check, board, secretary
):
    document = read_document(paper_fields(meeting_date="2018-12-13"), board=board, content=ORIGINAL)
    paper = confirm(document, by=secretary).paper
    minutes = confirm(read_document(minutes_fields(), board=board), by=secretary).minutes

    page = new_page()
    page.goto("/papers/?year=2018")
    page.get_by_role("link", name="Victims Services Commissioning Update").click()
    page.wait_for_url(f"**{paper.get_absolute_url()}")
    axe_check(page)
    assert "Published 5 December 2018" in page.content()
    expect(page.get_by_text("Imported from the office's archive on")).to_be_visible()
    original = page.get_by_role("region", name="The original document")
    expect(original.get_by_text(document.sha256)).to_be_visible()
    with page.expect_download() as download:
        original.get_by_role("link", name="Download the original").click()
    saved = download.value.path()
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == document.sha256
    assert download.value.suggested_filename == document.original_name
    text = page.inner_text("main")
    assert "4.6" in text and "4.8" in text and "4.7" not in text  # numbered as printed

    page.goto(minutes.get_absolute_url())
    axe_check(page)
    expect(page.get_by_role("heading", name="5. Victims Services Commissioning Update")).to_be_visible()
