"""Members' positions, the board's decisions, the chair's confirmation, the public list."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from boards import services
from boards.models import Decision, Paper, Position

from .conftest import meeting_has_begun, procedure_has_closed


def first_rec(paper):
    return paper.recommendations.order_by("position").first()


def test_a_member_records_and_changes_a_position_until_the_decision(begun_paper, member, secretary):
    rec = first_rec(begun_paper)
    services.record_position(recommendation=rec, user=member, stance="object", comment="Too costly.")
    services.record_position(recommendation=rec, user=member, stance="support")
    position = Position.objects.get(recommendation=rec)
    assert (position.stance, position.comment) == ("support", "")
    services.record_decision(recommendation=rec, user=secretary, outcome="noted")
    with pytest.raises(services.TransitionError, match="positions are closed"):
        services.record_position(recommendation=rec, user=member, stance="abstain")
    assert Position.objects.get(recommendation=rec).stance == "support"


@pytest.mark.parametrize("role", ["outside_member", "author", "secretary"])
def test_only_members_of_the_board_record_positions(begun_paper, users, role):
    with pytest.raises(services.TransitionError, match="Only members"):
        services.record_position(recommendation=first_rec(begun_paper), user=users[role], stance="support")
    assert not Position.objects.exists()


def test_a_decision_on_a_paper_on_no_agenda_is_refused(make_paper, secretary):
    paper = make_paper(Paper.Status.PUBLISHED)
    with pytest.raises(services.TransitionError, match="on no meeting's agenda"):
        services.record_decision(recommendation=first_rec(paper), user=secretary, outcome="approved")
    assert not Decision.objects.exists()


def test_a_decision_in_writing_works_on_a_circulated_paper(make_paper, secretary, chair, member, mailoutbox):
    member.email = "member@example.org"
    member.save()
    paper = make_paper(Paper.Status.CLEARED)
    with pytest.raises(services.TransitionError, match="after today"):
        services.circulate_written_procedure(paper=paper, user=secretary, closes_on=timezone.localdate())
    procedure = services.circulate_written_procedure(
        paper=paper, user=secretary, closes_on=timezone.localdate() + timedelta(days=7)
    )
    services.record_position(recommendation=first_rec(paper), user=member, stance="support")
    procedure_has_closed(procedure)
    decision = services.record_decision(recommendation=first_rec(paper), user=secretary, outcome="approved")
    assert (decision.meeting, decision.written_procedure) == (None, procedure)
    services.confirm_decision(decision=decision, user=chair)
    assert Decision.objects.get().is_confirmed


def test_an_amended_decision_needs_its_wording(begun_paper, secretary):
    with pytest.raises(services.TransitionError, match="wording"):
        services.record_decision(recommendation=first_rec(begun_paper), user=secretary, outcome="amended")
    decision = services.record_decision(
        recommendation=first_rec(begun_paper), user=secretary, outcome="amended", amended_text="Note the report."
    )
    assert decision.wording == "The Board agreed, as amended: Note the report."


@pytest.mark.parametrize("role", ["secretary", "member", "reviewer", "outside_member"])
def test_only_the_chair_of_the_board_confirms(begun_paper, users, secretary, role):
    decision = services.record_decision(recommendation=first_rec(begun_paper), user=secretary, outcome="noted")
    with pytest.raises(services.TransitionError, match="Only the chair"):
        services.confirm_decision(decision=decision, user=users[role])
    decision.refresh_from_db()
    assert not decision.is_confirmed


def test_a_confirmed_decision_cannot_be_changed(begun_paper, secretary, chair):
    decision = services.record_decision(recommendation=first_rec(begun_paper), user=secretary, outcome="noted")
    services.confirm_decision(decision=decision, user=chair)
    with pytest.raises(services.TransitionError, match="confirmed"):
        services.record_decision(recommendation=first_rec(begun_paper), user=secretary, outcome="rejected")
    assert Decision.objects.get().outcome == "noted"


def test_the_secretary_and_chair_see_positions_side_by_side_and_a_member_does_not(
    client, begun_paper, member, chair, secretary
):
    services.record_position(recommendation=first_rec(begun_paper), user=member, stance="object", comment="My view.")
    services.record_position(recommendation=first_rec(begun_paper), user=chair, stance="support", comment="Costly.")
    for user, sees in ((secretary, True), (chair, True), (member, False)):
        client.force_login(user)
        html = client.get(begun_paper.get_staff_url()).content.decode()
        assert ("Costly." in html) is sees
        assert ("2 of 2 members have responded: 1 support, 1 object" in html) is sees


def test_confirmed_public_decisions_appear_on_the_meeting_page_and_the_decisions_list(
    client, begun_paper, meeting, secretary, chair, make_paper
):
    rec = first_rec(begun_paper)
    decision = services.record_decision(recommendation=rec, user=secretary, outcome="noted")
    wording = "The Board noted the progress made against the Victims theme."
    assert wording not in client.get(reverse("boards:decision_list")).content.decode()  # not yet confirmed
    services.confirm_decision(decision=decision, user=chair)
    assert wording in client.get(reverse("boards:decision_list")).content.decode()
    assert wording in client.get(meeting.get_absolute_url()).content.decode()


def test_decisions_on_sensitive_or_exempt_papers_stay_off_the_public_list(
    client, meeting, secretary, chair, make_paper
):
    sensitive = make_paper(Paper.Status.PUBLISHED, title="Sensitive Custody Paper", marking="OFFICIAL-SENSITIVE")
    exempt = make_paper(Paper.Status.PUBLISHED, title="Exempt Estates Paper")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Custody", paper=sensitive)
    services.add_agenda_item(
        meeting=meeting, user=secretary, title="Estates", paper=exempt, part="exempt", exemption_category="3"
    )
    meeting_has_begun(meeting)
    for paper in (sensitive, exempt):
        paper.refresh_from_db()
        decision = services.record_decision(recommendation=first_rec(paper), user=secretary, outcome="approved")
        services.confirm_decision(decision=decision, user=chair)
    html = client.get(reverse("boards:decision_list")).content.decode()
    assert "Sensitive Custody Paper" not in html and "Exempt Estates Paper" not in html
    assert Decision.objects.public().count() == 0


def test_position_and_decision_views(client, begun_paper, member, secretary, chair):
    rec = first_rec(begun_paper)
    client.force_login(member)
    client.post(reverse("boards:staff_position", args=[begun_paper.pk, rec.pk]), {f"rec{rec.pk}-stance": "abstain"})
    assert Position.objects.get().stance == "abstain"
    client.force_login(secretary)
    response = client.post(
        reverse("boards:staff_decision", args=[begun_paper.pk, rec.pk]), {f"dec{rec.pk}-outcome": "amended"}
    )
    assert not Decision.objects.exists()
    client.post(reverse("boards:staff_decision", args=[begun_paper.pk, rec.pk]), {f"dec{rec.pk}-outcome": "noted"})
    client.force_login(chair)
    response = client.post(reverse("boards:staff_decision_confirm", args=[begun_paper.pk, rec.pk]))
    assert response.status_code == 302
    assert Decision.objects.get().confirmed_by == chair


def test_positions_on_a_paper_in_writing_close_on_the_closing_date(make_paper, secretary, member):
    from boards.models import WrittenProcedure

    paper = make_paper(Paper.Status.CLEARED)
    with pytest.raises(services.TransitionError, match="closing date"):
        services.record_position(recommendation=first_rec(paper), user=member, stance="support")
    procedure = services.circulate_written_procedure(
        paper=paper, user=secretary, closes_on=timezone.localdate() + timedelta(days=3)
    )
    services.record_position(recommendation=first_rec(paper), user=member, stance="support")
    WrittenProcedure.objects.filter(pk=procedure.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(services.TransitionError, match="closing date has passed"):
        services.record_position(recommendation=first_rec(paper), user=member, stance="object")
    assert Position.objects.get().stance == "support"


def test_a_decision_in_writing_asks_for_positions_only_of_those_who_may_record_them(
    make_paper, secretary, member, board, mailoutbox, django_capture_on_commit_callbacks
):
    from boards.models import Membership
    from pcp_portal.roles import Role

    from .factories import MembershipFactory, PersonFactory, UserFactory

    officer = UserFactory(username="cfo", roles=[Role.REVIEWER], email="cfo@example.org")
    MembershipFactory(person=PersonFactory(user=officer), board=board, role=Membership.Role.MEMBER)
    member.email = "member@example.org"
    member.save()
    paper = make_paper(Paper.Status.CLEARED, title="Estates Disposal")
    in_a_week = timezone.localdate() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.circulate_written_procedure(paper=paper, user=secretary, closes_on=in_a_week)
    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert "record your position on each recommendation" in bodies["member@example.org"]
    assert "record your position" not in bodies["cfo@example.org"]
    assert paper.get_staff_url() in bodies["cfo@example.org"]


def test_the_decisions_list_pages_the_archive_without_counting_it(client, make_paper, meeting, secretary):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import RecommendationFactory

    paper = make_paper(Paper.Status.PUBLISHED)
    for n in range(55 - paper.recommendations.count()):
        RecommendationFactory(paper=paper, text=f"item {n}")
    now = timezone.now()
    Decision.objects.bulk_create(
        Decision(recommendation=rec, outcome="noted", meeting=meeting, recorded_by=secretary, confirmed_at=now)
        for rec in paper.recommendations.all()
    )
    url = reverse("boards:decision_list")
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url).content.decode()
    assert not [q for q in queries if "COUNT(" in q["sql"]]
    assert first.count("The Board noted") == 50 and "Page 1</span>" in first
    assert "page=2" in first and "Previous page" not in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count("The Board noted") == 5 and "Page 2</span>" in second
    assert "<title>Board decisions – page 2 –" in second and "– page" not in first
    # Every decision was confirmed at the same moment: the key breaks the tie, so each is on one page only.
    shown = re.findall(r"The Board noted item (\d+)", first + second)
    assert len(shown) == len(set(shown)) == paper.recommendations.filter(text__startswith="item").count()
    assert "page=1" in second and "Next page" not in second
    for beyond in ("3", "99999999999999999999"):
        response = client.get(url, {"page": beyond})
        assert response.status_code == 200 and "There are no decisions this far back" in response.content.decode()
    for bad in ("abc", "-4", "0"):
        assert client.get(url, {"page": bad}).content.decode().count("The Board noted") == 50, bad


def test_the_decisions_list_writes_each_rows_cells_escaped(client, board, meeting, secretary, chair, make_paper):
    """The list's rows are written in Python (`boards.rows`): a decision at a meeting links its meeting, one in
    writing says so and is dated by its procedure's closing day, and every text typed is escaped."""
    board.name = 'Business "Coordination" <Board>'
    board.save()
    at_meeting = make_paper(Paper.Status.PUBLISHED, title="Outturn <b>2025</b> & after")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=at_meeting)
    meeting = meeting_has_begun(meeting)
    decision = services.record_decision(
        recommendation=first_rec(at_meeting), user=secretary, outcome="amended", amended_text="Note <i>it</i>."
    )
    services.confirm_decision(decision=decision, user=chair)
    in_writing = make_paper(Paper.Status.CLEARED, title="Estates Strategy")
    procedure = services.circulate_written_procedure(
        paper=in_writing, user=secretary, closes_on=timezone.localdate() + timedelta(days=7)
    )
    procedure = procedure_has_closed(procedure)
    written = services.record_decision(recommendation=first_rec(in_writing), user=secretary, outcome="noted")
    services.confirm_decision(decision=written, user=chair)
    services.publish_paper(paper=Paper.objects.get(pk=in_writing.pk), user=secretary)

    html = client.get(reverse("boards:decision_list")).content.decode()
    day = f"{meeting.date:%-d %b %Y}"
    abbr = '<abbr title="Business &quot;Coordination&quot; &lt;Board&gt;">BCB</abbr>'
    assert (
        f"<tr><td>{day}</td><td>{abbr}</td>"
        f'<td><a href="{meeting.get_absolute_url()}">{day}</a></td>'
        f'<td><a href="{at_meeting.get_absolute_url()}">Outturn &lt;b&gt;2025&lt;/b&gt; &amp; after</a></td>'
        "<td>The Board is recommended to note the progress made against the Victims theme.</td>"
        "<td><strong>Agreed as amended</strong></td>"
        "<td>The Board agreed, as amended: Note &lt;i&gt;it&lt;/i&gt;.</td></tr>"
    ) in html
    closed = f"{procedure.closes_on:%-d %b %Y}"
    assert f"<tr><td>{closed}</td><td>{abbr}</td><td>In writing</td>" in html
    assert f'<a href="{in_writing.get_absolute_url()}">Estates Strategy</a>' in html
    assert "<b>" not in html.split("<tbody>")[1] and "<i>" not in html


def test_a_paper_is_circulated_for_decision_in_writing_only_while_the_board_has_something_to_decide_by_it(
    client, make_paper, meeting, secretary, chair, mailoutbox, django_capture_on_commit_callbacks
):
    """A paper on a meeting's agenda is decided at the meeting; one circulated already waits for its closing
    date; one with a decision recorded on every recommendation needs no other round. The workspace offers no
    form then, and the service refuses (no member is asked for positions)."""
    in_a_week = timezone.localdate() + timedelta(days=7)
    client.force_login(secretary)

    def offered(paper) -> bool:
        return "Circulate for decision in writing" in client.get(paper.get_staff_url()).content.decode()

    on_agenda = make_paper(Paper.Status.PUBLISHED, title="On the Agenda")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Item", paper=on_agenda)
    on_agenda.refresh_from_db()
    assert not offered(on_agenda)
    with pytest.raises(services.TransitionError, match="on the agenda of the meeting on"):
        services.circulate_written_procedure(paper=on_agenda, user=secretary, closes_on=in_a_week)

    in_writing = make_paper(Paper.Status.CLEARED, title="In Writing")
    assert offered(in_writing)
    with django_capture_on_commit_callbacks(execute=True):
        procedure = services.circulate_written_procedure(paper=in_writing, user=secretary, closes_on=in_a_week)
    sent = len(mailoutbox)
    assert not offered(in_writing)
    with pytest.raises(services.TransitionError, match="circulated for decision in writing already, until"):
        services.circulate_written_procedure(paper=in_writing, user=secretary, closes_on=in_a_week)
    procedure_has_closed(procedure)
    first, *others = in_writing.recommendations.all()
    decision = services.record_decision(recommendation=first, user=secretary, outcome="noted")
    services.confirm_decision(decision=decision, user=chair)
    assert offered(in_writing)  # the other recommendations await a decision: a second round may ask for it
    for rec in others:
        services.record_decision(recommendation=rec, user=secretary, outcome="deferred")
    assert not offered(in_writing)  # recorded, awaiting the chair's confirmation: nothing left to decide
    with pytest.raises(services.TransitionError, match="decision on every recommendation of the paper is recorded"):
        services.circulate_written_procedure(paper=in_writing, user=secretary, closes_on=in_a_week)
    response = client.post(
        reverse("boards:staff_paper_circulate", args=[in_writing.pk]), {"closes_on": in_a_week.isoformat()}
    )
    assert response.status_code == 302 and in_writing.written_procedures.count() == 1
    assert len(mailoutbox) == sent
    # A bad date on a paper that cannot be circulated hears the reason, not the date's fault.
    response = client.post(
        reverse("boards:staff_paper_circulate", args=[in_writing.pk]), {"closes_on": ""}, follow=True
    )
    assert "decision on every recommendation of the paper is recorded" in response.content.decode()
    assert "This field is required" not in response.content.decode()


def test_the_closing_date_picker_starts_tomorrow(client, make_paper, secretary):
    paper = make_paper(Paper.Status.CLEARED)
    client.force_login(secretary)
    html = client.get(paper.get_staff_url()).content.decode()
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert f'type="date" name="closes_on" id="closes-on" min="{tomorrow.isoformat()}" required>' in html


def test_a_title_pasted_with_words_line_breaks_reaches_e_mail_subjects_on_one_line(
    client, make_paper, secretary, member, mailoutbox, django_capture_on_commit_callbacks
):
    """Word's line break is a vertical tab: in a subject it split the header (what followed became a header line
    of its own) or failed the e-mail, and circulating the paper answered 500 with nobody told."""
    member.email = "member@example.org"
    member.save()
    paper = make_paper(Paper.Status.CLEARED, title="Outturn\x0bReply-To: someone@example.org\u2028Report")
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("boards:staff_paper_circulate", args=[paper.pk]),
            {"closes_on": (timezone.localdate() + timedelta(days=7)).isoformat()},
        )
    assert response.status_code == 302
    circulated = [m for m in mailoutbox if m.subject.startswith("For decision in writing")]
    assert circulated and {m.to[0] for m in circulated} >= {"member@example.org"}
    for message in circulated:
        assert message.subject.endswith(": Outturn Reply-To: someone@example.org Report")
        headers = message.message().as_string().split("\n\n", 1)[0].splitlines()
        # A long subject is folded (each further line starts with a space); no part of it is a header of its own.
        assert message.message()["Reply-To"] is None and not [h for h in headers if h.startswith(("Reply", "Report"))]


def test_each_recommendations_positions_table_is_a_region_of_its_own_name(client, begun_paper, member, secretary):
    """Two regions of one name are one landmark too many for a screen reader's list (axe: landmark-unique)."""
    for rec in begun_paper.recommendations.all():
        services.record_position(recommendation=rec, user=member, stance="support")
    client.force_login(secretary)
    html = client.get(begun_paper.get_staff_url()).content.decode()
    labels = re.findall(r'role="region" aria-label="(Members\' positions[^"]*)"', html.replace("&#x27;", "'"))
    assert len(labels) == begun_paper.recommendations.count() == len(set(labels)) == 2


def test_a_paper_circulated_for_decision_in_writing_goes_on_no_agenda_until_its_closing_date(
    make_paper, meeting, secretary
):
    """Members were asked for their positions by the closing date; on an agenda, the board would decide at the
    meeting instead (`decision_forum`), and the page said both."""
    paper = make_paper(Paper.Status.CLEARED, title="Estates Strategy")
    procedure = services.circulate_written_procedure(
        paper=paper, user=secretary, closes_on=timezone.localdate() + timedelta(days=7)
    )
    with pytest.raises(services.TransitionError, match="circulated for decision in writing until .*once that has"):
        services.add_agenda_item(meeting=meeting, user=secretary, title="Estates", paper=paper)
    assert not meeting.agenda_items.filter(title="Estates").exists()
    procedure_has_closed(procedure)
    services.add_agenda_item(meeting=meeting, user=secretary, title="Estates", paper=paper)
    paper.refresh_from_db()
    assert paper.agenda_item.title == "Estates"
