"""The public pages are dropped by the changes the public can see, and by nothing else.

Each action runs as a transaction of its own that commits (its on-commit callbacks run at the end of the
`with` block); the generation of the cache, which every cached page's key carries, says whether the
pages were dropped, and the version of a stored download (`pcp_portal.exports`) says the same of those.
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmailKind
from boards import services
from boards.models import Paper
from minutes import services as minutes_services
from minutes.models import Minutes
from pcp_portal import public_changes
from pcp_portal.cache import GENERATION_KEY
from pcp_portal.models import StoredExport
from plans import services as plan_services
from transparency.models import DecisionNotice
from transparency.services import notices as notice_services

from .factories import PersonFactory
from .plan_factories import make_plan
from .test_accounts import BROWSER
from .test_editor import edit_post
from .test_minutes import cycle, held_meeting, minutes, next_meeting  # noqa: F401 (fixtures)
from .test_transparency_notices import make_notice, people  # noqa: F401 (fixtures)

START = 1000


@pytest.fixture
def drops(django_capture_on_commit_callbacks):
    """`drops(action)`: run `action` as a committed transaction and say whether it dropped the public pages."""

    def run(action) -> bool:
        cache.set(GENERATION_KEY, START, None)
        StoredExport.objects.update_or_create(name="probe", defaults={"version": START})
        with django_capture_on_commit_callbacks(execute=True):
            action()
        pages = cache.get(GENERATION_KEY) != START
        downloads = StoredExport.objects.get(name="probe").version != START
        assert pages == downloads, "the same changes drop the cached pages and the stored downloads"
        return pages

    return run


def first_rec(paper):
    return paper.recommendations.order_by("position").first()


# Changes the public cannot see leave the pages warm ---------------------------------------------------------


def test_saving_a_draft_in_the_editor_leaves_the_pages(client, drops, make_paper, author):
    paper = make_paper()
    client.force_login(author)
    data = edit_post(paper, title="A Draft Retitled", expected_version=str(paper.version))

    assert not drops(lambda: client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data))
    assert Paper.objects.get(pk=paper.pk).title == "A Draft Retitled"


def test_a_reviewer_returning_a_draft_leaves_the_pages(drops, make_paper, reviewer):
    paper = make_paper(Paper.Status.SUBMITTED)

    assert not drops(lambda: services.return_paper(paper=paper, user=reviewer, comment="Add the figures."))
    assert Paper.objects.get(pk=paper.pk).status == Paper.Status.DRAFT


def test_recording_a_position_or_an_unconfirmed_decision_leaves_the_pages(drops, begun_paper, member, secretary):
    rec = first_rec(begun_paper)

    assert not drops(lambda: services.record_position(recommendation=rec, user=member, stance="object"))
    assert not drops(lambda: services.record_decision(recommendation=rec, user=secretary, outcome="noted"))
    assert rec.positions.get().stance == "object"


def test_signing_in_leaves_the_pages(client, drops, secretary):
    secretary.set_password("a-long-password-9")
    secretary.save()
    data = {"login_view-current_step": "auth", "auth-username": "secretary", "auth-password": "a-long-password-9"}
    responses = []

    assert not drops(lambda: responses.append(client.post(reverse("login"), data, HTTP_USER_AGENT=BROWSER)))
    assert responses[0].status_code == 302
    secretary.refresh_from_db()
    assert secretary.last_login is not None


def test_saving_email_preferences_leaves_the_pages(client, drops, reviewer):
    client.force_login(reviewer)
    everything_but_one = {kind.value: "on" for kind in EmailKind if kind != EmailKind.SUBMITTED}

    assert not drops(lambda: client.post(reverse("email_preferences"), everything_but_one))
    assert reviewer.email_opt_outs.get().kind == EmailKind.SUBMITTED


def test_editing_an_item_of_an_agenda_not_yet_published_leaves_the_pages(drops, meeting, secretary):
    item = services.add_agenda_item(meeting=meeting, user=secretary, title="Estates Strategy")

    assert not drops(lambda: edit_item(item, secretary, "Estates Strategy 2026-30"))


def test_assessing_a_period_whose_report_is_not_published_leaves_the_pages(drops, author):
    period = make_plan().periods.order_by("starts_on").first()
    action = period.plan.priority_actions.first()
    entries = [{"action": action, "status": "G", "commentary": "On track."}]

    assert not drops(lambda: plan_services.save_assessments(period=period, user=author, entries=entries))


def test_a_login_saved_without_a_change_of_name_leaves_the_pages(drops, author):
    def change_email():
        author.email = "author@example.org"
        author.save()

    assert not drops(change_email)


def test_a_change_rolled_back_drops_nothing(drops, make_paper, secretary):
    paper = make_paper(Paper.Status.CLEARED)

    def publish_then_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            services.publish_paper(paper=paper, user=secretary)
            raise RuntimeError("the request failed after publishing")

    assert not drops(publish_then_fail)
    assert Paper.objects.get(pk=paper.pk).status == Paper.Status.CLEARED


# Changes the public can see drop them, once committed ----------------------------------------------------------


def test_publishing_a_paper_drops_the_pages_once_it_commits(django_capture_on_commit_callbacks, make_paper, secretary):
    paper = make_paper(Paper.Status.CLEARED)
    cache.set(GENERATION_KEY, START, None)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_paper(paper=paper, user=secretary)
        assert cache.get(GENERATION_KEY) == START  # a page rendered before the commit is not stored as new
    assert cache.get(GENERATION_KEY) > START


def test_a_transaction_drops_the_pages_once_however_many_public_rows_it_changes(
    django_capture_on_commit_callbacks, board
):
    cache.set(GENERATION_KEY, START, None)
    with django_capture_on_commit_callbacks(execute=True) as queued, transaction.atomic():
        for name in ("Policing Board", "Strategic Board", "Strategic Policing Board"):
            board.name = name
            board.save()
        PersonFactory(name="Dana Whitlock")
    assert len(queued) == 4
    assert cache.get(GENERATION_KEY) == START + 1


def test_withdrawing_a_paper_drops_the_pages(drops, make_paper, secretary):
    paper = make_paper(Paper.Status.PUBLISHED)

    assert drops(lambda: services.withdraw_paper(paper=paper, user=secretary, reason="Figures were wrong."))


def test_confirming_a_decision_drops_the_pages(drops, begun_paper, secretary, chair):
    decision = services.record_decision(recommendation=first_rec(begun_paper), user=secretary, outcome="noted")

    assert drops(lambda: services.confirm_decision(decision=decision, user=chair))


def test_publishing_minutes_drops_the_pages(drops, minutes, users, next_meeting):  # noqa: F811
    cycle(minutes, users, next_meeting, to=Minutes.Status.SIGNED)

    assert drops(lambda: minutes_services.publish_minutes(minutes=minutes, user=users["secretary"]))


def test_publishing_a_plan_report_drops_the_pages(drops, author, secretary):
    period = make_plan().periods.order_by("starts_on").first()
    action = period.plan.priority_actions.first()
    plan_services.save_assessments(
        period=period, user=author, entries=[{"action": action, "status": "G", "commentary": "On track."}]
    )

    assert drops(lambda: plan_services.publish_report(period=period, user=secretary))


def test_renaming_a_board_drops_the_pages(drops, board):
    def rename():
        board.name = "Strategic Policing Board"
        board.save()

    assert drops(rename)


def test_a_change_of_a_persons_post_drops_the_pages(drops, db):
    person = PersonFactory(post_title="Head of Finance")

    def promote():
        person.post_title = "Chief Finance Officer"
        person.save()

    assert drops(promote)


def test_renaming_a_login_drops_the_pages(drops, author):
    """A notice signed by a login with no person names the login."""

    def rename():
        author.first_name = f"{author.first_name} Renamed"  # never the name it had
        author.save()

    assert drops(rename)
    assert drops(lambda: User.objects.get(pk=author.pk).save(update_fields=["last_name"]))
    assert not drops(lambda: User.objects.get(pk=author.pk).save(update_fields=["last_login"]))


def test_publishing_a_decision_notice_drops_the_pages(drops, make_notice, people):  # noqa: F811
    notice = make_notice(DecisionNotice.Status.SIGNED)

    assert drops(lambda: notice_services.publish_notice(notice=notice, user=people["secretary"]))


def edit_item(item, user, title: str):
    return services.update_agenda_item(
        item=item,
        user=user,
        title=title,
        presenter=None,
        paper=None,
        part=item.part,
        exemption_category="",
        public_interest_reason="",
        late_reason="",
        confirmed=True,
    )


def test_editing_an_item_of_a_published_agenda_drops_the_pages(drops, meeting, secretary):
    item = services.add_agenda_item(meeting=meeting, user=secretary, title="Estates Strategy")
    # The agenda is public from its publication; its documents are not rebuilt here (the status is unchanged).
    type(meeting).objects.filter(pk=meeting.pk).update(agenda_published_at=timezone.now() - timedelta(days=1))
    item.refresh_from_db()

    assert drops(lambda: edit_item(item, secretary, "Estates Strategy 2026-30"))


# Every model is classified -----------------------------------------------------------------------------------


def test_every_installed_model_is_classified_for_the_public_cache():
    assert public_changes.unclassified(apps.get_models()) == []


def test_the_parts_of_a_paper_are_public_while_the_paper_is(drops, make_paper):
    draft = make_paper()
    published = make_paper(Paper.Status.PUBLISHED)

    def reword(paper):
        section = paper.sections.first()
        section.body = "Reworded."
        section.save()

    assert not drops(lambda: reword(draft))
    assert drops(lambda: reword(published))

    def move_to_the_published_paper():
        section = draft.sections.first()
        section.paper = published
        section.save()

    assert drops(move_to_the_published_paper)
