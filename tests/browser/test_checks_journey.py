"""An author pastes numbered text, reads the checks in the editor and removes the numbers, in Chromium."""

import re

import pytest

from boards.models import Paper

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pasted_numbers_are_listed_and_removed_from_the_editor(new_page, axe_check, make_paper):
    paper = make_paper()
    paper.sections.update(heading="3. Background", body="3.1 The Board met.\n3.2 It agreed the 2024/25 budget.")

    page = new_page()
    sign_in(page, "author")
    page.goto(f"/workspace/papers/{paper.pk}/edit/")
    problems = page.get_by_role("region", name="Fix before this paper can be submitted or cleared")
    assert problems.get_by_text('Section 3 "3. Background", paragraph 3.1:').count() == 2
    axe_check(page)

    # What the author types before pressing the button is saved first, not lost.
    page.get_by_role("region", name="Details").get_by_label("Title").fill("Budget Update, Retitled")
    problems.get_by_role("button", name="Save, and remove typed numbers").click()
    page.get_by_text(
        'Removed the typed numbers from the heading "3. Background" and the text of "Background".'
    ).wait_for()
    assert re.search(r"/workspace/papers/\d+/edit/$", page.url)
    assert page.get_by_role("region", name="Fix before this paper can be submitted or cleared").count() == 0
    axe_check(page)

    paper.refresh_from_db()
    section = paper.sections.get()
    assert (paper.title, paper.version, section.heading) == ("Budget Update, Retitled", 3, "Background")
    assert section.body == "The Board met.\n\nIt agreed the 2024/25 budget."
    assert Paper.objects.get(pk=paper.pk).status == Paper.Status.DRAFT
