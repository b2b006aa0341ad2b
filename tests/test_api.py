"""The open-data API: paginated JSON and CSV, public data only, never a server error."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boards import services as board_services
from boards.models import PackBuild, Paper
from plans import services as plan_services

from .conftest import meeting_has_begun
from .plan_factories import make_plan


def results(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200, response.content
    return response.json()


def test_documents_list_public_papers_only(client, make_paper, meeting, secretary):
    make_paper(Paper.Status.PUBLISHED, title="Public Outturn")
    make_paper(Paper.Status.PUBLISHED, title="Sensitive Paper", marking="OFFICIAL-SENSITIVE")
    make_paper(Paper.Status.CLEARED, title="Cleared Paper")
    exempt = make_paper(Paper.Status.CLEARED, title="Exempt Paper")
    board_services.add_agenda_item(
        meeting=meeting, user=secretary, title="Estates", paper=exempt, part="exempt", exemption_category="3"
    )
    board_services.publish_paper(paper=Paper.objects.get(pk=exempt.pk), user=secretary)
    data = results(client, "api_documents")
    assert [d["title"] for d in data["results"]] == ["Public Outturn"]
    assert data["results"][0]["links"][0]["media_type"] == "application/pdf"


def test_events_show_exempt_items_by_title_and_category_only(
    client, make_paper, meeting, secretary, django_capture_on_commit_callbacks
):
    exempt = make_paper(Paper.Status.CLEARED, title="Disposal Offers")
    board_services.add_agenda_item(
        meeting=meeting, user=secretary, title="Estates", paper=exempt, part="exempt", exemption_category="3"
    )
    with django_capture_on_commit_callbacks(execute=True):
        board_services.publish_agenda(meeting=meeting, user=secretary)
    [event] = results(client, "api_events")["results"]
    item = next(i for i in event["agenda"] if i["description"] == "Estates")
    assert item["exempt"] and item["exemption_category"].startswith("3.")
    assert item["related_entities"] == []
    assert "Disposal Offers" not in str(results(client, "api_events"))
    assert {m["note"] for m in event["media"]} == {"Agenda", "Agenda pack"}


def test_events_list_the_public_papers_of_published_agendas_only(
    client, make_paper, meeting, board, secretary, django_capture_on_commit_callbacks
):
    public = make_paper(Paper.Status.CLEARED, title="Outturn & <Forecast>")
    sensitive = make_paper(Paper.Status.CLEARED, title="Covert Tactics", marking="OFFICIAL-SENSITIVE")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=public)
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Tactics", paper=sensitive)
    later = board_services.schedule_meeting(
        board=board, starts_at=meeting.starts_at + timedelta(days=30), user=secretary, location="Room 2"
    )
    board_services.add_agenda_item(meeting=later, user=secretary, title="Not yet public")
    with django_capture_on_commit_callbacks(execute=True):
        board_services.publish_agenda(meeting=meeting, user=secretary)
    events = {event["id"]: event for event in results(client, "api_events")["results"]}
    assert events[f"meeting/{later.pk}"]["agenda"] == []
    agenda = {item["description"]: item for item in events[f"meeting/{meeting.pk}"]["agenda"]}
    assert agenda["Outturn"]["number"] == f"{agenda['Outturn']['order']}.0"
    [entity] = agenda["Outturn"]["related_entities"]
    public.refresh_from_db()
    assert entity == {
        "entity_type": "document",
        "id": f"paper/{public.pk}",
        "name": "Outturn & <Forecast>",
        "url": f"http://testserver{public.get_absolute_url()}",
    }
    assert agenda["Tactics"]["related_entities"] == []
    assert "Covert" not in str(events)


def test_votes_and_their_csv_hold_confirmed_public_decisions(client, make_paper, meeting, secretary, chair):
    paper = make_paper(Paper.Status.PUBLISHED, title="Outturn")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    meeting_has_begun(meeting)
    first, second = paper.recommendations.all()
    confirmed = board_services.record_decision(recommendation=first, user=secretary, outcome="noted")
    board_services.confirm_decision(decision=confirmed, user=chair)
    board_services.record_decision(recommendation=second, user=secretary, outcome="approved")  # not confirmed
    votes = results(client, "api_votes")["results"]
    assert [v["outcome"] for v in votes] == ["noted"]
    rows = list(csv.reader(io.StringIO(client.get(reverse("api_votes_csv")).content.decode())))
    assert rows[0][:3] == ["date", "board", "meeting"] and len(rows) == 2


def test_priority_actions_carry_only_published_rag_history(client, author, secretary, db):
    plan = make_plan(periods=2)
    first, second = plan.periods.order_by("starts_on")
    v1 = plan.priority_actions.get(code="V1")
    plan_services.save_assessments(period=first, user=author, entries=[{"action": v1, "status": "R"}])
    plan_services.save_assessments(period=second, user=author, entries=[{"action": v1, "status": "G"}])
    plan_services.publish_report(period=first, user=secretary)
    action = next(a for a in results(client, "api_priority_actions")["results"] if a["code"] == "V1")
    assert [h["status"] for h in action["rag_history"]] == ["Red"]
    rows = list(csv.reader(io.StringIO(client.get(reverse("api_rag_history_csv")).content.decode())))
    assert rows[1][:5] == ["V1", "Victims", "Victims action 1", first.label, "Red"]
    assert len(rows) == 2


def test_lists_are_paginated(client, make_paper):
    for _ in range(3):
        make_paper(Paper.Status.PUBLISHED)
    page = results(client, "api_documents", per_page=2)
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"].endswith("page=2")
    assert client.get(reverse("api_documents"), {"page": 3, "per_page": 2}).status_code == 404
    assert client.get(reverse("api_documents"), {"page": "x"}).status_code == 400
    assert client.get(reverse("api_documents"), {"per_page": 1000}).status_code == 400


@pytest.mark.parametrize("name", ["api_organizations", "api_events", "api_documents", "api_votes", "api_minutes"])
def test_api_lists_run_a_constant_number_of_queries(client, make_paper, meeting, name):
    make_paper(Paper.Status.PUBLISHED)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        return len(queries)

    count()  # the first request ever makes the row its kept count lives in (`exports.stored_count`)
    small = count()
    for _ in range(4):
        make_paper(Paper.Status.PUBLISHED)
    assert count() == small


def test_events_run_a_constant_number_of_queries_whatever_their_agendas_and_packs(
    client, meeting, board, secretary, django_capture_on_commit_callbacks
):
    def publish(meeting):
        with django_capture_on_commit_callbacks(execute=True):
            board_services.publish_agenda(meeting=meeting, user=secretary)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("api_events")).status_code == 200
        return len(queries)

    publish(meeting)
    small = count()
    for days in (30, 60):
        later = board_services.schedule_meeting(
            board=board, starts_at=meeting.starts_at + timedelta(days=days), user=secretary, location="Room 2"
        )
        publish(later)
    events = results(client, "api_events")["results"]
    assert len(events) == 3 and all(event["media"] for event in events)
    assert count() == small


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(["api_organizations", "api_events", "api_documents", "api_votes", "api_minutes"]),
    page=st.one_of(st.text(max_size=20), st.integers(-(10**15), 10**15).map(str)),
    per_page=st.one_of(st.text(max_size=10), st.integers(-(10**6), 10**6).map(str)),
    organization=st.text(max_size=60),
)
def test_no_api_parameter_gives_a_server_error(client, name, page, per_page, organization):
    response = client.get(reverse(name), {"page": page, "per_page": per_page, "organization": organization})
    assert response.status_code in (200, 400, 404)


def test_each_votes_csv_row_says_what_the_decision_itself_says(client, make_paper, meeting, secretary, chair):
    """The export reads plain columns, not decisions: its wording must be the decisions' own, whatever the outcome."""
    from boards.models import Decision

    paper = make_paper(Paper.Status.PUBLISHED, title="Estates Strategy")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Estates", paper=paper)
    meeting_has_begun(meeting)
    first, second = paper.recommendations.all()
    noted = board_services.record_decision(recommendation=first, user=secretary, outcome="noted")
    amended = board_services.record_decision(
        recommendation=second, user=secretary, outcome="amended", amended_text="the wording, with V4 as amended."
    )
    for decision in (noted, amended):
        board_services.confirm_decision(decision=decision, user=chair)
    rows = list(csv.reader(io.StringIO(client.get(reverse("api_votes_csv")).content.decode())))[1:]
    expected = [
        [
            d.date.isoformat(),
            d.recommendation.paper.board.name,
            d.meeting.date.isoformat(),
            d.recommendation.paper.title,
            d.recommendation.wording,
            d.get_outcome_display(),
            d.wording,
        ]
        for d in Decision.objects.filter(pk__in=[noted.pk, amended.pk]).order_by("-confirmed_at")
    ]
    assert rows == expected
    assert "The Board agreed, as amended: the wording, with V4 as amended." in rows[0]


def test_rows_published_at_the_same_moment_are_each_listed_once_in_a_fixed_order(client, make_paper):
    """Ties in the time of publication (an import publishes hundreds at once) are broken by the key, newest
    first: walking the pages gives every row once, whatever order the database would give tied rows in."""
    from django.utils import timezone

    papers = [make_paper(Paper.Status.PUBLISHED) for _ in range(5)]
    Paper.objects.filter(pk__in=[p.pk for p in papers]).update(published_at=timezone.now())
    walked, url = [], reverse("api_documents") + "?per_page=2"
    while url:
        page = client.get(url).json()
        walked += [row["id"] for row in page["results"]]
        url = page["next"]
    assert walked == [f"paper/{p.pk}" for p in sorted(papers, key=lambda p: -p.pk)]


def test_an_event_lists_the_newest_build_of_each_document_as_its_page_does(
    client, meeting, secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        board_services.publish_agenda(meeting=meeting, user=secretary)
    before = {m["note"]: m["url"] for m in results(client, "api_events")["results"][0]["media"]}
    with django_capture_on_commit_callbacks(execute=True):
        board_services.move_meeting(
            meeting=meeting, user=secretary, starts_at=meeting.starts_at + timedelta(days=1), reason="Room clash."
        )
    assert PackBuild.objects.public().filter(meeting=meeting).count() > len(before)  # the packs were built again
    [event] = results(client, "api_events")["results"]
    notes = [m["note"] for m in event["media"]]
    assert sorted(notes) == ["Agenda", "Agenda pack"]
    newest = {b.label: b for b in PackBuild.objects.public().filter(meeting=meeting).order_by("finished_at", "pk")}
    meeting.refresh_from_db()  # moved: its address names its new date
    page = client.get(meeting.get_absolute_url()).content.decode()
    for media in event["media"]:
        assert media["url"].endswith(newest[media["note"]].get_absolute_url())
        assert f'href="{newest[media["note"]].get_absolute_url()}"' in page
