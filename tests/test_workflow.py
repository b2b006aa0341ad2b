"""draft -> submitted -> cleared -> published, each step guarded and recorded."""

import hashlib

import pytest

from boards import services
from boards.models import Paper, PaperEvent, Recommendation
from pcp_portal.roles import Role

from .factories import UserFactory

S = Paper.Status


def actions(paper):
    return list(paper.events.values_list("action", "actor__username"))


def test_the_whole_path_records_who_did_each_step(make_paper, author, reviewer, secretary):
    paper = make_paper(S.PUBLISHED)
    assert paper.status == S.PUBLISHED
    assert actions(paper) == [
        ("created", "author"),
        ("submitted", "author"),
        ("cleared", "reviewer"),
        ("published", "secretary"),
    ]
    submitted = paper.events.get(action=PaperEvent.Action.SUBMITTED)
    assert (submitted.from_status, submitted.to_status) == (S.DRAFT, S.SUBMITTED)


def test_a_reviewer_returns_a_paper_to_draft_with_a_comment(make_paper, reviewer):
    paper = make_paper(S.SUBMITTED)
    services.return_paper(paper=paper, user=reviewer, comment="Add the financial implications.")
    paper.refresh_from_db()
    assert paper.status == S.DRAFT
    event = paper.events.last()
    assert (event.action, event.comment) == ("returned", "Add the financial implications.")


def test_returning_without_a_comment_is_refused(make_paper, reviewer):
    paper = make_paper(S.SUBMITTED)
    with pytest.raises(services.TransitionError, match="what the author needs to change"):
        services.return_paper(paper=paper, user=reviewer, comment="  ")
    paper.refresh_from_db()
    assert paper.status == S.SUBMITTED


@pytest.mark.parametrize(
    ("status", "action", "role"),
    [
        (S.DRAFT, "submit", "reviewer"),
        (S.DRAFT, "submit", "other_author"),
        (S.DRAFT, "submit", "member"),
        (S.SUBMITTED, "clear", "author"),
        (S.SUBMITTED, "clear", "secretary"),
        (S.SUBMITTED, "clear", "chair"),
        (S.DRAFT, "clear", "reviewer"),
        (S.CLEARED, "publish", "reviewer"),
        (S.CLEARED, "publish", "author"),
        (S.SUBMITTED, "publish", "secretary"),
        (S.PUBLISHED, "withdraw", "author"),
        (S.WITHDRAWN, "withdraw", "secretary"),
        (S.CLEARED, "revise", "author"),
    ],
)
def test_transitions_are_refused_for_the_wrong_role_or_state(make_paper, users, status, action, role):
    paper = make_paper(status)
    before = (paper.status, paper.events.count())
    call = {
        "submit": lambda: services.submit_paper(paper=paper, user=users[role]),
        "clear": lambda: services.clear_paper(paper=paper, user=users[role]),
        "publish": lambda: services.publish_paper(paper=paper, user=users[role]),
        "withdraw": lambda: services.withdraw_paper(paper=paper, user=users[role], reason="Because."),
        "revise": lambda: services.start_revision(paper=paper, user=users[role]),
    }[action]
    with pytest.raises(services.TransitionError):
        call()
    paper.refresh_from_db()
    assert (paper.status, paper.events.count()) == before


def test_an_author_cannot_clear_their_own_paper_even_as_a_reviewer(make_paper, reviewer):
    both = UserFactory(username="both", roles=[Role.AUTHOR, Role.REVIEWER])
    paper = make_paper(S.DRAFT)
    Paper.objects.filter(pk=paper.pk).update(created_by=both)
    paper.refresh_from_db()
    services.submit_paper(paper=paper, user=both)
    with pytest.raises(services.TransitionError):
        services.clear_paper(paper=paper, user=both)
    services.clear_paper(paper=paper, user=reviewer)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"purpose": ""}, "Purpose"),
        ({"contact_officer": None}, "Contact officer"),
        ({"title": "Outturn XXXX"}, "Title"),
        ({"purpose": "Figures TBC."}, "Purpose"),
        ({"purpose": "See [insert table]."}, "Purpose"),
    ],
)
def test_prepublication_problems_block_submission(make_paper, author, change, where):
    paper = make_paper(S.DRAFT)
    Paper.objects.filter(pk=paper.pk).update(**change)
    paper.refresh_from_db()
    with pytest.raises(services.TransitionError, match=where):
        services.submit_paper(paper=paper, user=author)
    paper.refresh_from_db()
    assert paper.status == S.DRAFT


def test_a_paper_without_recommendations_or_with_an_empty_section_cannot_be_submitted(make_paper, author):
    paper = make_paper(S.DRAFT)
    paper.recommendations.all().delete()
    paper.sections.update(body="")
    with pytest.raises(services.TransitionError) as error:
        services.submit_paper(paper=paper, user=author)
    assert "no recommendation" in str(error.value)
    assert "The section is empty" in str(error.value)


def test_problems_also_block_clearance(make_paper, reviewer):
    paper = make_paper(S.SUBMITTED)
    Recommendation.objects.filter(paper=paper).update(text="the figures TBC")
    with pytest.raises(services.TransitionError, match="cannot be cleared"):
        services.clear_paper(paper=paper, user=reviewer)


def test_publishing_stores_the_pdf_with_its_sha256(make_paper):
    paper = make_paper(S.PUBLISHED)
    content = paper.pdf.open("rb").read()
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == paper.pdf_sha256
    assert paper.published_at is not None


def test_a_failed_pdf_build_leaves_the_paper_cleared(make_paper, secretary, monkeypatch):
    paper = make_paper(S.CLEARED)

    def broken(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(services.papers, "render_paper_pdf", broken)
    with pytest.raises(RuntimeError):
        services.publish_paper(paper=paper, user=secretary)
    paper.refresh_from_db()
    assert (paper.status, paper.pdf_sha256, paper.published_at) == (S.CLEARED, "", None)
    assert not paper.events.filter(action="published").exists()


def test_a_published_paper_bytes_never_change_and_a_revision_supersedes_it(make_paper, author, reviewer, secretary):
    original = make_paper(S.PUBLISHED)
    original_bytes = original.pdf.open("rb").read()

    revision = services.start_revision(paper=original, user=author)
    assert (revision.status, revision.revision, revision.supersedes_id) == (S.DRAFT, 2, original.pk)
    assert revision.recommendations.count() == 2 and revision.sections.count() == 1
    revision.sections.update(body="Corrected figures.")
    services.submit_paper(paper=revision, user=author)
    services.clear_paper(paper=revision, user=reviewer)
    services.publish_paper(paper=revision, user=secretary)

    original.refresh_from_db()
    assert original.status == S.SUPERSEDED
    assert original.pdf.open("rb").read() == original_bytes
    assert revision.pdf_sha256 != original.pdf_sha256
    assert original.events.filter(action="superseded").exists()


def test_only_one_open_revision_at_a_time(make_paper, author):
    original = make_paper(S.PUBLISHED)
    services.start_revision(paper=original, user=author)
    with pytest.raises(services.TransitionError):
        services.start_revision(paper=original, user=author)


def test_withdrawing_needs_a_reason_and_keeps_it(make_paper, secretary):
    paper = make_paper(S.PUBLISHED)
    with pytest.raises(services.TransitionError):
        services.withdraw_paper(paper=paper, user=secretary, reason="")
    services.withdraw_paper(paper=paper, user=secretary, reason="Superseded by events.")
    paper.refresh_from_db()
    assert (paper.status, paper.withdrawal_reason) == (S.WITHDRAWN, "Superseded by events.")


def test_history_is_kept_of_every_change(make_paper):
    paper = make_paper(S.PUBLISHED)
    statuses = list(paper.history.order_by("history_date").values_list("status", flat=True))
    assert statuses[0] == S.DRAFT and statuses[-1] == S.PUBLISHED
    assert {S.SUBMITTED, S.CLEARED} <= set(statuses)
