"""Pages that read only the columns they show (`QuerySet.only`) still show everything, in as many queries for
many rows as for one: a column left out would be read again for each row, and these counts would grow."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boards import services as board_services
from boards.models import Meeting, Paper

from .conftest import meeting_has_begun
from .factories import MeetingFactory
from .plan_factories import make_plan


def queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def decide(paper, *, secretary, chair, outcome="noted"):
    for recommendation in paper.recommendations.all():
        decision = board_services.record_decision(recommendation=recommendation, user=secretary, outcome=outcome)
        board_services.confirm_decision(decision=decision, user=chair)


def test_an_actions_papers_and_decisions_take_the_same_queries_for_many_as_for_one(
    client, make_paper, meeting, secretary, chair
):
    action = make_plan(periods=2).priority_actions.get(code="V1")
    url = reverse("plans:action", args=["V1"])
    papers = [make_paper(Paper.Status.PUBLISHED, title=f"Victims Update {n}") for n in range(4)]
    for paper in papers:
        paper.priority_actions.add(action)
        board_services.add_agenda_item(meeting=meeting, user=secretary, title=paper.title, paper=paper)
    meeting_has_begun(meeting)
    decide(papers[0], secretary=secretary, chair=chair)
    few, _ = queries(client, url)
    for paper in papers[1:]:
        decide(paper, secretary=secretary, chair=chair)
    many, html = queries(client, url)
    assert many == few
    # Each paper's link, title, board and date; each decision's wording and its meeting's link, board and date.
    for paper in papers:
        assert f'href="{paper.get_absolute_url()}">{paper.title}</a> – {paper.board.name}, 11 March 2025' in html
    meeting.refresh_from_db()
    assert html.count("The Board noted the progress made against the Victims theme.") == 4
    assert html.count(f'<a href="{meeting.get_absolute_url()}">BCB, {meeting.date:%-d %B %Y}</a>') == 8


def test_a_boards_page_takes_the_same_queries_for_many_papers_and_meetings_as_for_one(client, board, make_paper):
    def meeting(days: int, **fields) -> Meeting:
        return MeetingFactory(
            board=board, starts_at=timezone.now() + timedelta(days=days), agenda_published_at=timezone.now(), **fields
        )

    make_paper(Paper.Status.PUBLISHED, title="First Paper")
    meeting(-30)
    meeting(30, notice="Moved to the Council Chamber.")
    few, _ = queries(client, board.get_absolute_url())
    for n in range(4):
        make_paper(Paper.Status.PUBLISHED, title=f"Later Paper {n}")
        meeting(-60 - n, status=Meeting.Status.CANCELLED)
        meeting(40 + n)
    many, html = queries(client, board.get_absolute_url())
    assert many == few
    assert html.count(" (cancelled)") == 4 and "– Moved to the Council Chamber." in html
    for paper in Paper.objects.filter(board=board):
        assert f'<a href="{paper.get_absolute_url()}">{paper.title}</a> – 11 March 2025' in html
    for past in Meeting.objects.filter(board=board):
        assert f'<a href="{past.get_absolute_url()}">' in html


def test_a_meetings_decisions_take_the_same_queries_for_many_as_for_one(client, meeting, make_paper, secretary, chair):
    papers = [make_paper(Paper.Status.PUBLISHED, title=f"Outturn {n}") for n in range(3)]
    for paper in papers:
        board_services.add_agenda_item(meeting=meeting, user=secretary, title=paper.title, paper=paper)
    board_services.publish_agenda(meeting=meeting, user=secretary)
    meeting_has_begun(meeting)
    decide(papers[0], secretary=secretary, chair=chair)
    few, _ = queries(client, meeting.get_absolute_url())
    for paper in papers[1:]:
        decide(paper, secretary=secretary, chair=chair, outcome="approved")
    many, html = queries(client, meeting.get_absolute_url())
    assert many == few
    for paper in papers:
        paper.refresh_from_db()
        link = f'<a href="{paper.get_absolute_url()}">{paper.title}</a>'
        row = f"<td>{paper.agenda_item.number}</td>\n      <td>{link}</td>"
        assert row in html
    assert "The Board approved the revised wording of priority action V4." in html


def test_an_agenda_lists_many_papers_in_the_queries_of_one(client, meeting, make_paper, secretary):
    """An agenda page reads each paper's link, title, state and marking only (`boards.packs.LISTED_PAPER`): the
    public meeting page and the workspace's take as many queries for four papers as for one, and show each
    paper as it is."""

    def add(title: str, **fields) -> Paper:
        paper = make_paper(Paper.Status.PUBLISHED, title=title, **fields)
        board_services.add_agenda_item(
            meeting=meeting, user=secretary, title="Item", paper=paper, late_reason="Late figures.", confirmed=True
        )
        return paper

    first = add("Outturn Report")
    board_services.publish_agenda(meeting=meeting, user=secretary)
    client.force_login(secretary)
    few = [queries(client, url)[0] for url in (meeting.get_absolute_url(), meeting.get_staff_url())]
    sensitive = add("Custody Review", marking="OFFICIAL-SENSITIVE")
    later = [add(f"Later Report {n}") for n in range(2)]
    many = [queries(client, url) for url in (meeting.get_absolute_url(), meeting.get_staff_url())]
    assert [count for count, _ in many] == few
    (_, public), (_, staff) = many
    client.logout()
    public = queries(client, meeting.get_absolute_url())[1]
    for paper in (first, *later):
        assert f'<a href="{paper.get_absolute_url()}">{paper.title}</a>' in public
        listed = f'<a href="{paper.get_staff_url()}">{paper.title}</a><br><span class="small">Published · OFFICIAL'
        assert listed in staff
    assert "OFFICIAL-SENSITIVE: issued to members only" in public and "Custody Review" not in public
    assert f"Published · {sensitive.marking}</span>" in staff
