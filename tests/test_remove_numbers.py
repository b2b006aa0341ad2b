"""The editor's offer to remove typed numbers: one recorded save, for those who may edit, from the current version."""

import pytest
from django.urls import reverse

from boards.models import Paper, Section

S = Paper.Status

PURPOSE = "1.1 The purpose of this report is to update the Board on the 2024/25 budget."
BODY = (
    "3.1 The Board met on 31.3.2026.\n"
    "3.2 It agreed a 3.5% increase for 1,200 officers.\n\n"
    "- 3.3 The first point\n- the second point\n\n"
    "Steps:\n1. first\n2. second"
)
CLEAN_BODY = (
    "The Board met on 31.3.2026.\n\n"
    "It agreed a 3.5% increase for 1,200 officers.\n\n"
    "- The first point\n- the second point\n\n"
    "Steps:\n1. first\n2. second"
)


@pytest.fixture
def numbered(make_paper):
    paper = make_paper()
    paper.purpose = PURPOSE
    paper.save()
    background = paper.sections.get()
    background.heading, background.body, background.position = "3. Background", BODY, 0
    background.save()
    Section.objects.create(paper=paper, position=99, heading="Options", body="Two options: 2024/25 and 2025/26.")
    paper.refresh_from_db()
    return paper


def url(paper):
    return reverse("boards:staff_paper_remove_numbers", args=[paper.pk])


def edit_url(paper):
    return reverse("boards:staff_paper_edit", args=[paper.pk])


@pytest.mark.parametrize("role", ["author", "secretary"])
def test_the_author_or_secretary_removes_every_typed_number_in_one_save(client, users, numbered, role):
    client.force_login(users[role])
    response = client.post(url(numbered), {"expected_version": numbered.version}, follow=True)

    assert response.redirect_chain == [(edit_url(numbered), 302)]
    page = response.content.decode()
    assert "Removed the typed numbers from the purpose, the heading &quot;3. Background&quot; and the text of" in page
    numbered.refresh_from_db()
    assert numbered.version == 2
    assert numbered.purpose == "The purpose of this report is to update the Board on the 2024/25 budget."
    background, options = numbered.sections.order_by("position")
    assert (background.heading, background.body) == ("Background", CLEAN_BODY)
    assert (options.heading, options.body) == ("Options", "Two options: 2024/25 and 2025/26.")
    # The editor comes back without the problems, and so without the offer.
    assert "Remove typed numbers" not in page
    assert f'name="expected_version" value="{numbered.version}"' in page


def test_the_history_keeps_the_old_text_as_one_version(client, author, numbered):
    client.force_login(author)
    client.post(url(numbered), {"expected_version": numbered.version})

    latest, before = numbered.history.order_by("-history_date")[:2]
    assert (before.version, before.purpose) == (1, PURPOSE)
    assert (latest.version, latest.history_user) == (2, author)
    assert latest.history_change_reason == "Typed section and paragraph numbers removed"
    background = numbered.sections.get(position=0)
    assert [h.heading for h in background.history.order_by("-history_date")][:2] == ["Background", "3. Background"]
    # Untouched sections are not saved again.
    assert numbered.sections.get(position=99).history.count() == 1

    response = client.get(reverse("boards:staff_paper_history", args=[numbered.pk]))
    removed = [line["text"] for line in response.context["diff"]["lines"] if line["kind"] == "removed"]
    assert "3. 3. Background" in removed
    assert "3.1 3.1 The Board met on 31.3.2026. 3.2 It agreed a 3.5% increase for 1,200 officers." in removed


@pytest.mark.parametrize("role", ["other_author", "reviewer"])
def test_office_staff_who_may_not_edit_are_refused(client, users, numbered, role):
    client.force_login(users[role])
    assert client.post(url(numbered), {"expected_version": numbered.version}).status_code == 403
    numbered.refresh_from_db()
    assert (numbered.version, numbered.purpose) == (1, PURPOSE)


@pytest.mark.parametrize("role", ["member", "chair", "outside_member"])
def test_board_members_cannot_see_a_draft(client, users, numbered, role):
    client.force_login(users[role])
    assert client.post(url(numbered), {"expected_version": numbered.version}).status_code == 404


def test_the_anonymous_visitor_is_sent_to_sign_in(client, numbered):
    response = client.post(url(numbered), {"expected_version": numbered.version})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    numbered.refresh_from_db()
    assert numbered.purpose == PURPOSE


def test_a_submitted_paper_is_not_editable(client, author, make_paper):
    paper = make_paper(S.SUBMITTED)
    client.force_login(author)
    assert client.post(url(paper), {"expected_version": paper.version}).status_code == 403


def test_a_get_changes_nothing(client, author, numbered):
    client.force_login(author)
    assert client.get(url(numbered)).status_code == 405
    numbered.refresh_from_db()
    assert numbered.version == 1


@pytest.mark.parametrize("sent", [{"expected_version": "0"}, {"expected_version": "x"}, {}])
def test_a_stale_or_missing_version_is_refused_and_nothing_changes(client, author, secretary, numbered, sent):
    client.force_login(author)
    response = client.post(url(numbered), sent, follow=True)
    assert response.redirect_chain == [(edit_url(numbered), 302)]
    assert "Nothing was changed" in response.content.decode()
    numbered.refresh_from_db()
    assert (numbered.version, numbered.purpose) == (1, PURPOSE)
    assert numbered.sections.get(position=0).body == BODY


def test_a_save_by_someone_else_in_between_is_not_overwritten(client, author, secretary, numbered):
    opened_at = numbered.version
    Paper.objects.filter(pk=numbered.pk).update(version=opened_at + 1, purpose="1.1 The secretary's new purpose.")
    client.force_login(author)
    response = client.post(url(numbered), {"expected_version": opened_at}, follow=True)
    assert "Nothing was changed" in response.content.decode()
    numbered.refresh_from_db()
    assert (numbered.version, numbered.purpose) == (opened_at + 1, "1.1 The secretary's new purpose.")


def test_with_nothing_to_remove_nothing_is_saved(client, author, make_paper):
    paper = make_paper()
    client.force_login(author)
    response = client.post(url(paper), {"expected_version": paper.version}, follow=True)
    assert "There were no typed numbers to remove." in response.content.decode()
    before = paper.history.count()
    paper.refresh_from_db()
    assert paper.version == 1 and paper.history.count() == before


def test_the_editor_offers_the_button_only_when_numbers_are_typed(client, author, reviewer, numbered, make_paper):
    client.force_login(author)
    page = client.get(edit_url(numbered)).content.decode()
    # In the editor the button submits the editor's own form: what is typed is saved first.
    assert 'form="paper-editor" name="remove_numbers"' in page and f'action="{url(numbered)}"' not in page

    clean = make_paper()
    assert "remove typed numbers" not in client.get(edit_url(clean)).content.decode()
    # On the paper's own page, where nothing is being typed, it is a form of its own.
    detail = client.get(reverse("boards:staff_paper", args=[numbered.pk])).content.decode()
    assert "typed number" in detail and f'action="{url(numbered)}"' in detail
    assert f'<input type="hidden" name="expected_version" value="{numbered.version}">' in detail
    # Someone who may not edit the paper sees the problems but not the offer.
    client.force_login(reviewer)
    Paper.objects.filter(pk=numbered.pk).update(status=S.SUBMITTED)
    detail = client.get(reverse("boards:staff_paper", args=[numbered.pk])).content.decode()
    assert "typed number" in detail and 'id="remove-numbers"' not in detail


def test_the_editor_button_saves_what_was_typed_then_removes_the_numbers(client, author, numbered):
    from .test_editor import edit_post

    client.force_login(author)
    data = edit_post(numbered, title="Estates Review, Typed Before Removing", remove_numbers="1")
    data["sections-0-body"] = BODY + "\n\nA paragraph typed but not yet saved."
    response = client.post(edit_url(numbered), data)
    assert response.status_code == 302 and response["Location"] == edit_url(numbered)
    paper = Paper.objects.get(pk=numbered.pk)
    assert paper.title == "Estates Review, Typed Before Removing"
    assert paper.sections.get(position=0).body == CLEAN_BODY + "\n\nA paragraph typed but not yet saved."
    assert paper.purpose == PURPOSE.removeprefix("1.1 ")
    # Two saves: the editor's, then the removal; the typed text is in the history between them.
    assert paper.version == numbered.version + 2


def test_typed_text_is_escaped_in_the_problems_and_the_message(client, author, make_paper):
    paper = make_paper()
    paper.sections.update(heading="3. <b>Risks</b>", body='3.1 "<script>alert(1)</script>"')
    client.force_login(author)
    page = client.get(edit_url(paper)).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    response = client.post(url(paper), {"expected_version": paper.version}, follow=True)
    page = response.content.decode()
    assert "<b>Risks</b>" not in page and "&lt;b&gt;Risks&lt;/b&gt;" in page
