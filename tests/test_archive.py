"""The archive builder, and public pages whose query count does not grow with the archive."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.models import Meeting, Paper
from minutes.archive import build_archive
from minutes.models import Minutes
from pcp_portal.models import SearchDocument
from plans.models import ReportingPeriod


def test_the_archive_command_builds_a_consistent_public_record(db, capsys):
    call_command("seed_archive", "--years", "1")
    assert "Archive built" in capsys.readouterr().out
    published = Paper.objects.public().count()
    assert published > 50
    assert SearchDocument.objects.filter(kind="Paper").count() == published  # sensitive papers are not indexed
    assert Minutes.objects.public().count() == Meeting.objects.filter(status="held").count()


def public_urls():
    meeting = Meeting.objects.filter(status="held", board__slug="bcb").order_by("starts_at").first()
    paper = Paper.objects.public().current().order_by("pk").first()
    minutes = Minutes.objects.public().order_by("pk").first()
    period = ReportingPeriod.objects.published().order_by("starts_on").first()
    return {
        "home": reverse("home"),
        "papers": reverse("boards:paper_list"),
        "meetings": reverse("boards:meeting_list"),
        "decisions": reverse("boards:decision_list"),
        "board": reverse("boards:board_detail", args=["bcb"]),
        "meeting": meeting.get_absolute_url(),
        "paper": paper.get_absolute_url(),
        "minutes": minutes.get_absolute_url(),
        "board minutes": reverse("minutes:board_minutes", args=["bcb"]),
        "search": reverse("search") + "?q=budget",
        "dashboard": reverse("plans:dashboard"),
        "report": period.get_absolute_url(),
        "action": reverse("plans:action", args=["V1"]),
        "api events": reverse("api_events"),
        "api documents": reverse("api_documents"),
        "api actions": reverse("api_priority_actions"),
        "api rag history csv": reverse("api_rag_history_csv"),
        "api votes csv": reverse("api_votes_csv"),
        "feed": reverse("feed"),
    }


def counts(client) -> dict[str, int]:
    """The queries of each page's second request: the first makes what is made once (a stored download's row).
    The stored downloads are written at each request here (`STORED_EXPORT_SECONDS` is 0 in tests), so what is
    counted is their writing."""
    result = {}
    for name, url in public_urls().items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, name
        result[name] = len(queries)
    return result


@pytest.mark.django_db
def test_every_public_page_kind_runs_the_same_queries_for_a_small_and_a_large_archive(client):
    build_archive(years=1, seed=1)
    small = counts(client)
    build_archive(years=3, seed=2)
    large = counts(client)
    assert large == small
