"""What the public may see is decided once per model, and every surface and derived copy follows it.

One test per leak an outside review found; `test_leaks.py` crawls for all of them at once.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from boards import services as board_services
from boards.models import AgendaItem, Decision, Meeting, PackBuild, Paper
from minutes import services as minutes_services
from minutes.models import Action, Declaration, MinuteItem, Minutes
from pcp_portal import search
from pcp_portal.pdf import pdf_text

from .conftest import at_two_pm
from .factories import MeetingFactory, RecommendationFactory

S = Minutes.Status


def _text(response) -> str:
    if response["Content-Type"].startswith("application/pdf"):
        return pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    return response.content.decode()


def _held(board, days_ago: int, **fields) -> Meeting:
    return MeetingFactory(
        board=board,
        starts_at=at_two_pm(-days_ago),
        status=Meeting.Status.HELD,
        agenda_published_at=timezone.now() - timedelta(days=days_ago + 8),
        **fields,
    )


def _minutes(meeting, secretary, status) -> Minutes:
    return Minutes.objects.create(meeting=meeting, status=status, created_by=secretary)


def _item(minutes, position, title, *, exempt=False, body="", agenda_item=None, standard="") -> MinuteItem:
    return MinuteItem.objects.create(
        standard=standard,
        minutes=minutes,
        position=position,
        title=title,
        part=AgendaItem.Part.EXEMPT if exempt else AgendaItem.Part.PUBLIC,
        exemption_category="3" if exempt else "",
        body=body,
        agenda_item=agenda_item,
    )


def _action(minutes, item, reference, text, owner) -> Action:
    return Action.objects.create(
        board=minutes.meeting.board,
        reference=reference,
        raised_at=minutes,
        minute_item=item,
        text=text,
        owner=owner,
        due_on=timezone.localdate() + timedelta(days=30),
    )


def _publish(minutes) -> Minutes:
    """Published as the services leave it: the public PDF rendered from the public version, the index written."""
    from django.core.files.base import ContentFile

    minutes.status = S.PUBLISHED
    minutes.published_at = timezone.now()
    minutes.pdf.save("m.pdf", ContentFile(minutes_services.render_minutes_pdf(minutes, confidential=False).content))
    minutes.pdf_sha256 = "0" * 64
    minutes.save()
    from minutes import search as minutes_search

    minutes_search.update_minutes(minutes)
    return minutes


def _public_surfaces(client, minutes) -> str:
    page = client.get(minutes.get_absolute_url())
    pdf = client.get(minutes.get_absolute_url() + "pdf/")
    meeting_page = client.get(minutes.meeting.get_absolute_url())
    assert page.status_code == pdf.status_code == meeting_page.status_code == 200
    return "\n".join([_text(page), _text(pdf), _text(meeting_page)])


def _found(marker: str) -> bool:
    return bool(search.search(marker).results)


def test_published_minutes_show_only_actions_agreed_under_public_items_of_published_minutes(
    client, board, secretary, chair
):
    owner = chair.person
    earlier = _minutes(_held(board, 90), secretary, S.CIRCULATED)
    earlier_item = _item(earlier, 3, "Estates")
    _action(earlier, earlier_item, "2026/01", "Zqdraftaction survey the custody suite", owner)
    later = _minutes(_held(board, 30), secretary, S.APPROVED)
    _item(later, 2, "Minutes of the Last Meeting and Action Log", standard=AgendaItem.Standard.MINUTES)
    public_item = _item(later, 3, "Performance")
    private_item = _item(later, 4, "Contract award", exempt=True, body="Zqexemptbody bidder shortlist")
    _action(later, public_item, "2026/02", "Zqpublicaction publish the performance data", owner)
    _action(later, private_item, "2026/03", "Zqexemptaction write to the preferred bidder", owner)
    _publish(later)

    public = _public_surfaces(client, later)
    assert "Zqpublicaction" in public
    for marker in ("Zqdraftaction", "Zqexemptaction", "Zqexemptbody"):
        assert marker not in public
        assert not _found(marker)
    assert _found("Zqpublicaction")

    # Members read the action log of minutes circulated to them; staff read the exempt item in full.
    confidential = minutes_services.render_minutes_pdf(later, confidential=True).content
    assert "Zqdraftaction" in pdf_text(confidential) and "Zqexemptaction" in pdf_text(confidential)


def test_public_minutes_carry_only_confirmed_decisions_on_papers_the_public_may_read(
    client, board, secretary, chair, make_paper
):
    meeting = _held(board, 20)
    sensitive = make_paper(Paper.Status.PUBLISHED, title="Covert tactics review", marking="OFFICIAL-SENSITIVE")
    open_paper = make_paper(Paper.Status.PUBLISHED, title="Victims services")
    sensitive_item = AgendaItem.objects.create(meeting=meeting, position=3, title="Covert tactics review")
    open_item = AgendaItem.objects.create(meeting=meeting, position=4, title="Victims services")
    Paper.objects.filter(pk=sensitive.pk).update(agenda_item=sensitive_item)
    Paper.objects.filter(pk=open_paper.pk).update(agenda_item=open_item)
    secret_rec = RecommendationFactory(paper=sensitive, verb="approve", text="Zqsensitiverec the new tactic")
    unconfirmed_rec = RecommendationFactory(paper=open_paper, verb="approve", text="the commissioning plan")
    confirmed_rec = sensitive.recommendations.first()
    Decision.objects.create(
        recommendation=secret_rec,
        outcome="amended",
        amended_text="Zqsensitivedecision with covert changes",
        meeting=meeting,
        recorded_by=secretary,
        confirmed_by=chair,
        confirmed_at=timezone.now(),
    )
    Decision.objects.create(recommendation=confirmed_rec, outcome="noted", meeting=meeting, recorded_by=secretary)
    Decision.objects.create(
        recommendation=unconfirmed_rec,
        outcome="amended",
        amended_text="Zqunconfirmed wording the chair has not confirmed",
        meeting=meeting,
        recorded_by=secretary,
    )
    minutes = _minutes(meeting, secretary, S.APPROVED)
    _item(minutes, 3, "Covert tactics review", agenda_item=sensitive_item)
    _item(minutes, 4, "Victims services", agenda_item=open_item)
    _publish(minutes)

    public = _public_surfaces(client, minutes)
    for marker in ("Zqsensitiverec", "Zqsensitivedecision", "Zqunconfirmed"):
        assert marker not in public
        assert not _found(marker)
    assert "recorded in the confidential minutes" in public
    assert "awaits the Chair's confirmation" in public


@pytest.fixture
def published_agenda(meeting, secretary, make_paper, django_capture_on_commit_callbacks):
    paper = make_paper(Paper.Status.CLEARED, title="Zqlaterexempt estates disposal")
    item = board_services.add_agenda_item(meeting=meeting, user=secretary, title="Estates disposal", paper=paper)
    with django_capture_on_commit_callbacks(execute=True):
        board_services.publish_agenda(meeting=meeting, user=secretary)
    paper.refresh_from_db()
    item.refresh_from_db()
    return meeting, item, paper


def test_a_paper_whose_item_is_made_exempt_leaves_search_and_the_public_pack(
    client, published_agenda, secretary, member, django_capture_on_commit_callbacks
):
    meeting, item, paper = published_agenda
    pack = PackBuild.objects.public().get(meeting=meeting, kind=PackBuild.Kind.PACK)
    assert paper.pk in pack.paper_ids and _found("Zqlaterexempt")
    client.force_login(secretary)
    public_page_button = f'href="{paper.get_absolute_url()}">Public page</a>'
    assert public_page_button in client.get(paper.get_staff_url()).content.decode()
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        board_services.update_agenda_item(
            item=item,
            user=secretary,
            title=item.title,
            presenter=None,
            paper=paper,
            part=AgendaItem.Part.EXEMPT,
            exemption_category="3",
            public_interest_reason="Commercial negotiations continue.",
            late_reason="",
            confirmed=True,
        )

    assert not _found("Zqlaterexempt")
    assert client.get(paper.get_absolute_url()).status_code == 404
    pack.refresh_from_db()
    assert pack.retracted_at is not None
    url = reverse("boards:meeting_pack", args=[meeting.board.slug, meeting.slug, pack.pk])
    assert client.get(url).status_code == 404
    rebuilt = PackBuild.objects.public().get(meeting=meeting, kind=PackBuild.Kind.PACK)
    assert paper.pk not in rebuilt.paper_ids
    assert "Zqlaterexempt" not in _text(client.get(rebuilt.get_absolute_url()))
    assert "Zqlaterexempt" not in _text(client.get(meeting.get_absolute_url()))
    # Members and staff still reach every build; the workspace no longer offers the paper's public page.
    client.force_login(member)
    staff_url = reverse("boards:staff_pack", args=[meeting.pk, pack.pk])
    assert client.get(staff_url).status_code == 200
    client.force_login(secretary)
    assert public_page_button not in client.get(paper.get_staff_url()).content.decode()

    # Made public again, as the admin would (no service): the pack is built again with the paper, and its
    # agenda no longer marks the item exempt.
    item = AgendaItem.objects.get(pk=item.pk)
    item.part, item.exemption_category, item.public_interest_reason = AgendaItem.Part.PUBLIC, "", ""
    with django_capture_on_commit_callbacks(execute=True):
        item.save()
    client.logout()
    again = PackBuild.objects.public().filter(meeting=meeting, kind=PackBuild.Kind.PACK).latest("finished_at")
    # Its agenda lists the item with the page its paper starts on in the pack.
    assert again.pk != rebuilt.pk and paper.pk in again.paper_ids
    assert "4.0 Estates disposal 3" in _text(client.get(again.get_absolute_url()))


def test_signed_minutes_public_pdf_follows_an_item_made_exempt_later(
    client, board, secretary, chair, django_capture_on_commit_callbacks
):
    meeting = _held(board, 20)
    agenda_item = AgendaItem.objects.create(meeting=meeting, position=3, title="Estates")
    minutes = _minutes(meeting, secretary, S.APPROVED)
    _item(minutes, 3, "Estates", body="Zqlaterprivate the site at Northgate", agenda_item=agenda_item)
    _publish(minutes)
    assert "Zqlaterprivate" in _text(client.get(minutes.get_absolute_url() + "pdf/"))

    agenda_item.part, agenda_item.exemption_category = AgendaItem.Part.EXEMPT, "3"
    with django_capture_on_commit_callbacks(execute=True):
        agenda_item.save()  # as the admin would: no service, the same outcome

    assert "Zqlaterprivate" not in _public_surfaces(client, minutes)
    assert not _found("Zqlaterprivate")
    # The minute names the category that made it private: its agenda item's, the minute having none of its own.
    page = _text(client.get(minutes.get_absolute_url()))
    assert "considered in private: exempt information, 3. Information relating to the financial" in page


@pytest.mark.parametrize("end", ["cancel", "held"])
def test_an_agenda_never_published_stays_private_whatever_happens_to_the_meeting(client, meeting, secretary, end):
    board_services.add_agenda_item(
        meeting=meeting,
        user=secretary,
        title="Zqunpublisheditem",
        part=AgendaItem.Part.EXEMPT,
        exemption_category="1",
        public_interest_reason="Zqunpublishedreason",
    )
    if end == "cancel":
        board_services.cancel_meeting(meeting=meeting, user=secretary, reason="No business.")
    else:
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD, starts_at=at_two_pm(-1))
    meeting.refresh_from_db()
    for url in (meeting.get_absolute_url(), "/api/events/", "/feed/", "/meetings.ics"):
        body = _text(client.get(url))
        assert "Zqunpublisheditem" not in body and "Zqunpublishedreason" not in body


def test_members_see_only_cleared_and_published_papers_on_a_meeting_page(
    client, meeting, secretary, member, make_paper
):
    draft = make_paper(Paper.Status.DRAFT, title="Zqdraftpaper")
    submitted = make_paper(Paper.Status.SUBMITTED, title="Zqsubmittedpaper")
    cleared = make_paper(Paper.Status.CLEARED, title="Zqclearedpaper")
    for paper in (draft, submitted, cleared):
        board_services.add_agenda_item(meeting=meeting, user=secretary, title=f"Item for {paper.pk}", paper=paper)
    client.force_login(member)
    page = client.get(meeting.get_staff_url()).content.decode()
    assert "Zqclearedpaper" in page
    assert "Zqdraftpaper" not in page and "Zqsubmittedpaper" not in page
    assert page.count("To follow") >= 2
    client.force_login(secretary)
    staff_page = client.get(meeting.get_staff_url()).content.decode()
    assert "Zqdraftpaper" in staff_page and "Zqsubmittedpaper" in staff_page


def test_members_never_see_the_officers_review_thread(client, make_paper, author, reviewer, member, secretary):
    paper = make_paper(Paper.Status.SUBMITTED)
    board_services.return_paper(paper=paper, user=reviewer, comment="Zqreviewcomment the figures do not add up")
    board_services.submit_paper(paper=paper, user=author)
    board_services.clear_paper(paper=paper, user=reviewer, comment="Zqclearcomment fine now")
    client.force_login(member)
    page = client.get(paper.get_staff_url()).content.decode()
    assert paper.title in page
    assert "Zqreviewcomment" not in page and "Zqclearcomment" not in page
    client.force_login(secretary)
    assert "Zqreviewcomment" in client.get(paper.get_staff_url()).content.decode()


def test_declarations_on_exempt_items_stay_out_of_the_public_minutes(client, board, secretary, chair):
    minutes = _minutes(_held(board, 15), secretary, S.APPROVED)
    declarations = _item(minutes, 2, "Declarations of Interest")
    declarations.standard = AgendaItem.Standard.DECLARATIONS
    declarations.save()
    public_item = _item(minutes, 3, "Performance")
    private_item = _item(minutes, 4, "Contract award", exempt=True)
    Declaration.objects.create(minutes=minutes, person=chair.person, item=public_item, nature="Zqpublicinterest")
    Declaration.objects.create(minutes=minutes, person=chair.person, item=private_item, nature="Zqprivateinterest")
    _publish(minutes)
    public = _public_surfaces(client, minutes)
    assert "Zqpublicinterest" in public
    assert "Zqprivateinterest" not in public


def test_an_exempt_items_issued_paper_cannot_be_taken_off_the_agenda_into_public_view(
    client, meeting, secretary, make_paper, django_capture_on_commit_callbacks
):
    private = make_paper(Paper.Status.CLEARED, title="Zqprivatepaper custody contract")
    item = board_services.add_agenda_item(
        meeting=meeting,
        user=secretary,
        title="Custody contract",
        paper=private,
        part=AgendaItem.Part.EXEMPT,
        exemption_category="3",
    )
    with django_capture_on_commit_callbacks(execute=True):
        board_services.publish_agenda(meeting=meeting, user=secretary)
    private.refresh_from_db()
    assert private.published_at is not None
    with pytest.raises(board_services.TransitionError, match="would become public"):
        board_services.remove_agenda_item(item=item, user=secretary, confirmed=True)
    with pytest.raises(board_services.TransitionError, match="would become public"):
        board_services.update_agenda_item(
            item=item,
            user=secretary,
            title=item.title,
            presenter=None,
            paper=None,
            part=AgendaItem.Part.EXEMPT,
            exemption_category="3",
            public_interest_reason="",
            late_reason="",
            confirmed=True,
        )
    private.refresh_from_db()
    assert private.agenda_item_id == item.pk
    assert not Paper.objects.public().filter(pk=private.pk).exists()
    assert client.get(private.get_absolute_url()).status_code == 404


def test_the_publicity_watch_reads_a_row_only_when_a_save_may_change_what_it_watches(agenda_item):
    """Loading rows costs the watch nothing; a save naming none of the watched fields costs it nothing either."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def watch_reads(save) -> int:
        with CaptureQueriesContext(connection) as queries:
            save()
        return sum('SELECT "boards_agendaitem"."part"' in query["sql"] for query in queries)

    item = type(agenda_item).objects.get(pk=agenda_item.pk)
    assert watch_reads(lambda: item.save(update_fields=["position"])) == 0
    assert watch_reads(lambda: item.save(update_fields=["part", "position"])) == 1
    assert watch_reads(item.save) == 1


def test_published_minutes_log_the_public_actions_of_earlier_published_minutes_and_raise_their_own(
    client, board, secretary, chair
):
    """The public minutes read the actions they raise and the action log in one query (`build_minutes`): each
    action goes to the right list, and an exempt or unpublished one to neither."""
    from minutes.document import build_minutes

    owner = chair.person
    earlier = _minutes(_held(board, 90), secretary, S.APPROVED)
    carried = _action(earlier, _item(earlier, 3, "Estates"), "2026/01", "Zqcarried survey the cells", owner)
    _action(earlier, _item(earlier, 4, "Bids", exempt=True), "2026/02", "Zqexemptlog write to a bidder", owner)
    _publish(earlier)
    later = _minutes(_held(board, 30), secretary, S.APPROVED)
    _item(later, 2, "Minutes of the Last Meeting and Action Log", standard=AgendaItem.Standard.MINUTES)
    raised = _action(later, _item(later, 3, "Performance"), "2026/03", "Zqraised publish the data", owner)
    _publish(later)

    document = build_minutes(later, confidential=False)
    assert [a.pk for a in document.action_log] == [carried.pk]
    assert [a.pk for item in document.items for a in item.actions] == [raised.pk]
    page = client.get(later.get_absolute_url()).content.decode()
    assert "Zqcarried" in page and "Zqraised" in page and "Zqexemptlog" not in page


def test_the_public_key_to_initials_names_only_the_people_the_public_version_names(client, board, secretary):
    """Signing keeps the key of the confidential version (`initials_key`); the public version prints only its
    own people from it: not whoever presented an exempt item, nor the owner of an action agreed under one."""
    from minutes.document import build_minutes, initials_key

    from .factories import PersonFactory

    presenter, owner, public_owner = (PersonFactory(name=name) for name in ("Zara Quill", "Yusuf Orme", "Xena Pike"))
    minutes = _minutes(_held(board, 15), secretary, S.APPROVED)
    public_item = _item(minutes, 3, "Performance")
    private_item = _item(minutes, 4, "Contract award", exempt=True)
    MinuteItem.objects.filter(pk=private_item.pk).update(introduced_by=presenter)
    _action(minutes, private_item, "2026/01", "Sign the lease", owner)
    _action(minutes, public_item, "2026/02", "Report the figures", public_owner)

    def key(confidential: bool) -> list[str]:
        return [
            name for _, name in build_minutes(Minutes.objects.get(pk=minutes.pk), confidential=confidential).initials
        ]

    # Signed as the service signs: the key kept with each person's id.
    Minutes.objects.filter(pk=minutes.pk).update(
        status=S.SIGNED, initials_key=[list(entry) for entry in initials_key(minutes)]
    )
    assert {"Zara Quill, Head of Policy", "Yusuf Orme, Head of Policy"} <= set(key(confidential=True))
    assert key(confidential=False) == ["Xena Pike, Head of Policy"]
    public = _public_surfaces(client, _publish(Minutes.objects.get(pk=minutes.pk)))
    assert "Xena Pike" in public and "Zara Quill" not in public and "Yusuf Orme" not in public

    # Minutes signed before the key kept the ids: matched by the initials the public version's people use.
    Minutes.objects.filter(pk=minutes.pk).update(
        initials_key=[[initials, name] for initials, name, _ in initials_key(minutes)]
    )
    assert key(confidential=False) == ["Xena Pike, Head of Policy"]
    assert len(key(confidential=True)) == 3
