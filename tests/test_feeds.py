"""The Atom feeds and the home page's view of everything published."""

import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.models import Paper

from .conftest import meeting_has_begun

ATOM = "{http://www.w3.org/2005/Atom}"


def titles(client, url):
    response = client.get(url)
    assert response["Content-Type"].startswith("application/atom+xml")
    return [e.find(f"{ATOM}title").text for e in ET.fromstring(response.content).iter(f"{ATOM}entry")]


def test_the_feed_has_published_papers_and_never_unpublished_or_sensitive_ones(client, make_paper, other_board):
    make_paper(Paper.Status.PUBLISHED, title="Outturn Report")
    make_paper(Paper.Status.PUBLISHED, title="Sensitive Paper", marking="OFFICIAL-SENSITIVE")
    make_paper(Paper.Status.CLEARED, title="Cleared Paper")
    make_paper(Paper.Status.PUBLISHED, title="Audit Paper", board=other_board)
    everything = titles(client, reverse("feed"))
    assert "Paper: Outturn Report" in everything and "Paper: Audit Paper" in everything
    assert not any("Sensitive" in t or "Cleared" in t for t in everything)
    board = titles(client, reverse("board_feed", args=[other_board.slug]))
    assert board == ["Paper: Audit Paper"]
    assert client.get(reverse("board_feed", args=["no-such-board"])).status_code == 404


def test_the_home_page_shows_upcoming_meetings_and_links_the_feed(client, meeting):
    html = client.get(reverse("home")).content.decode()
    assert meeting.get_absolute_url() in html and reverse("feed") in html


def test_the_home_page_runs_a_constant_number_of_queries(client, make_paper, meeting):
    make_paper(Paper.Status.PUBLISHED)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("home"))
        return len(queries)

    small = count()
    for _ in range(4):
        make_paper(Paper.Status.PUBLISHED)
    assert count() == small


def test_the_home_page_lists_everything_recently_published(client, make_paper, meeting, secretary, chair):
    from boards import services as board_services

    paper = make_paper(Paper.Status.PUBLISHED, title="Recent Outturn")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    meeting_has_begun(meeting)
    decision = board_services.record_decision(
        recommendation=paper.recommendations.first(), user=secretary, outcome="noted"
    )
    board_services.confirm_decision(decision=decision, user=chair)
    html = client.get(reverse("home")).content.decode()
    published = html.split('id="published-heading"')[1].split("</section>")[0]
    assert "Recent Outturn" in published and "Decision</span>" in published and "Paper</span>" in published


MARKUP = '<img src=x onerror="alert(9)"> FEEDXSS'


def summaries(client, url) -> list[tuple[str, str]]:
    root = ET.fromstring(client.get(url).content)
    return [(s.get("type"), s.text) for s in root.iter(f"{ATOM}summary")]


def test_typed_markup_reaches_feed_readers_as_text_not_as_html(client, db):
    """A summary is what people typed: sent as type="text", a reader shows the characters, never an image
    that runs a script (as type="html" would, once the XML is decoded)."""
    from transparency.models import DecisionNotice

    from .factories import PersonFactory
    from .test_transparency_forward_plan import make_notice

    notice = make_notice(PersonFactory(), public=True)
    DecisionNotice.objects.filter(pk=notice.pk).update(decision=MARKUP)
    for url in (reverse("feed"), reverse("transparency:notice_feed")):
        found = summaries(client, url)
        assert found and all(kind == "text" for kind, _ in found), found
        assert any(text.endswith(MARKUP) for _, text in found), found
