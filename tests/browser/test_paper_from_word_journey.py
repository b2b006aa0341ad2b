"""An author starts a paper from a Word file and lands in the editor with the draft filled, in Chromium."""

import re

import pytest

from archive.models import WordDraft
from boards.models import Paper
from tests.factories import PersonFactory
from tests.word_files import CONTACT, TITLE, docx_bytes

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_author_starts_a_paper_from_a_word_file(new_page, axe_check, author, board, tmp_path):
    PersonFactory(name=CONTACT[0], post_title="Head of Policy")
    wrong = tmp_path / "victims-update.pdf"
    wrong.write_bytes(b"%PDF-1.7 not a Word file")
    good = tmp_path / "victims-update.docx"
    good.write_bytes(docx_bytes(extra_recommendation=("2.3", "ratify", "the new victims' contract.")))

    page = new_page()
    sign_in(page, "author")
    page.goto("/workspace/papers/new/")
    page.get_by_role("link", name="Start from a Word file").click()
    page.get_by_role("heading", name="Start a paper from a Word file").wait_for()
    axe_check(page)

    # A file of the wrong type is refused beside the field, and the board chosen stays chosen.
    page.get_by_label("Board").select_option(label=str(board))
    page.get_by_label("Word file (.docx)").set_input_files(str(wrong))
    page.get_by_role("button", name="Start the draft").click()
    page.get_by_text("“victims-update.pdf” is not a Word document. Upload a .docx file.").wait_for()
    assert page.get_by_label("Board").input_value() == str(board.pk)
    axe_check(page)

    page.get_by_label("Word file (.docx)").set_input_files(str(good))
    page.get_by_role("button", name="Start the draft").click()
    page.wait_for_url(re.compile(r"/workspace/papers/\d+/edit/$"))

    details = page.get_by_role("region", name="Details")
    assert details.get_by_label("Title").input_value() == TITLE
    assert details.get_by_label("From").input_value() == "Chief Executive"
    assert details.get_by_label("Purpose").input_value().startswith("The purpose of this report")
    assert page.locator("#id_sections-0-heading").input_value() == "Background"
    assert "\n- the current contract ends on 31 March 2026;" in page.locator("#id_sections-0-body").input_value()
    assert "| Green | 6 |" in page.locator("#id_sections-1-body").input_value()
    assert page.locator("#id_recommendations-1-verb").input_value() == "approve"

    unplaced = page.get_by_role("region", name="Not placed from “victims-update.docx”")
    unplaced.get_by_text("The Board is recommended to ratify the new victims' contract.").wait_for()
    axe_check(page)

    # Still there after a reload, until the author dismisses it.
    page.reload()
    unplaced.wait_for()
    unplaced.get_by_role("button", name="Dismiss this list").click()
    page.get_by_text("The list of what could not be placed is dismissed.").wait_for()
    assert page.get_by_role("region", name=re.compile("Not placed from")).count() == 0

    paper = Paper.objects.get()
    assert (paper.created_by, paper.status) == (author, Paper.Status.DRAFT)
    assert WordDraft.objects.get(paper=paper).dismissed_by == author
