"""Atom feeds: every entry has an id of its own and an author; an empty feed's `updated` does not move."""

import xml.etree.ElementTree as ET
from datetime import date

from django.urls import reverse

from boards import services as board_services
from boards.models import Paper

from .conftest import meeting_has_begun
from .factories import RecommendationFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def entries(root):
    return [
        {
            "title": e.findtext(f"{ATOM}title"),
            "id": e.findtext(f"{ATOM}id"),
            "link": e.find(f"{ATOM}link").get("href"),
            "author": e.findtext(f"{ATOM}author/{ATOM}name"),
        }
        for e in root.iter(f"{ATOM}entry")
    ]


def decide(paper, meeting, secretary, chair):
    board_services.add_agenda_item(meeting=meeting, user=secretary, title=paper.title, paper=paper)
    meeting_has_begun(meeting)
    for recommendation in paper.recommendations.all():
        decision = board_services.record_decision(recommendation=recommendation, user=secretary, outcome="noted")
        board_services.confirm_decision(decision=decision, user=chair)


def test_a_paper_and_each_decision_on_it_are_entries_of_their_own(client, make_paper, meeting, secretary, chair):
    paper = make_paper(Paper.Status.PUBLISHED, title="Outturn Report", from_post="Chief Finance Officer")
    RecommendationFactory(paper=paper, text="the last thing")
    decisions = paper.recommendations.count()
    assert decisions >= 2
    before = {e["title"]: e["id"] for e in entries(feed(client, reverse("feed")))}
    decide(paper, meeting, secretary, chair)

    found = entries(feed(client, reverse("feed")))
    for_paper = [e for e in found if e["link"].endswith(paper.get_absolute_url())]
    assert sorted(e["title"] for e in for_paper) == ["Decision: Outturn Report"] * decisions + ["Paper: Outturn Report"]
    ids = [e["id"] for e in found]
    assert len(set(ids)) == len(ids) == decisions + 1
    assert all(i.startswith("tag:") for i in ids)
    # The paper's entry keeps its id when its decisions are published.
    assert {e["title"]: e["id"] for e in found}["Paper: Outturn Report"] == before["Paper: Outturn Report"]
    authors = {e["title"]: e["author"] for e in found}
    assert authors["Paper: Outturn Report"] == "Chief Finance Officer"
    assert authors["Decision: Outturn Report"] == paper.board.name
    # The board's feed names the same entries by the same ids.
    board_ids = [e["id"] for e in entries(feed(client, reverse("board_feed", args=[paper.board.slug])))]
    assert sorted(board_ids) == sorted(ids)


def test_an_empty_feed_is_not_updated_each_time_it_is_fetched(client, board, settings):
    first = feed(client, reverse("feed")).findtext(f"{ATOM}updated")
    assert first == feed(client, reverse("feed")).findtext(f"{ATOM}updated")
    assert first.startswith("1970-01-01")
    # Nothing changed, so the validator is the same; no Last-Modified, which a withdrawal would not move.
    first_response, second_response = client.get(reverse("feed")), client.get(reverse("feed"))
    assert first_response["ETag"] == second_response["ETag"]
    assert not first_response.has_header("Last-Modified")

    board.established_on = date(2016, 5, 12)
    board.save(update_fields=["established_on"])
    assert feed(client, reverse("board_feed", args=[board.slug])).findtext(f"{ATOM}updated").startswith("2016-05-12")


def test_a_feed_with_entries_is_updated_when_its_newest_entry_was_published(client, make_paper):
    paper = make_paper(Paper.Status.PUBLISHED)
    root = feed(client, reverse("feed"))
    assert root.findtext(f"{ATOM}updated") == root.find(f"{ATOM}entry").findtext(f"{ATOM}updated")
    assert paper.published_at.year == int(root.findtext(f"{ATOM}updated")[:4])
    assert root.findtext(f"{ATOM}author/{ATOM}name")


def test_the_home_page_lists_the_feeds_newest_entries_in_the_feeds_order(make_paper, meeting, secretary, chair):
    """The home page reads each kind's newest rows at once, the feed their heads first: both choose the same
    entries, in the same order, ties in the time of publication included."""
    from django.utils import timezone

    from boards.models import Board, Decision
    from pcp_portal.feeds import PublishedFeed
    from pcp_portal.urls import FEED_SOURCES, published_lists

    papers = [make_paper(Paper.Status.PUBLISHED, title=f"Report {n}") for n in range(4)]
    decide(papers[0], meeting, secretary, chair)
    at = timezone.now()
    Paper.objects.filter(pk__in=[p.pk for p in papers[1:]]).update(published_at=at)
    Decision.objects.update(confirmed_at=at)
    feed = PublishedFeed(sources=FEED_SOURCES, board_model=Board)
    everything = len(feed.build(feed.newest(None, 100)))
    assert everything >= 6
    for limit in range(1, everything + 1):
        assert published_lists(limit)["entries"] == feed.build(feed.newest(None, limit)), limit
    board = meeting.board
    assert feed.merge(feed.newest_rows(board.pk, 3), 3) == feed.build(feed.newest(board.pk, 3))


def test_the_feeds_and_lists_read_as_many_queries_for_many_decisions_as_for_one(
    client, make_paper, meeting, secretary, chair
):
    """A decision's entry reads only a few of its four tables' columns, as plain values (`Source.fields`); the
    pages beside the feeds read theirs as model objects or values too: none reads a row again for each decision."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    first = make_paper(Paper.Status.PUBLISHED, title="First Report")
    second = make_paper(Paper.Status.PUBLISHED, title="Second Report")
    RecommendationFactory(paper=second, text="the amended thing")
    RecommendationFactory(paper=second, text="the last thing")
    for paper in (first, second):
        board_services.add_agenda_item(meeting=meeting, user=secretary, title=paper.title, paper=paper)
    meeting_has_begun(meeting)

    def confirm(paper):
        for recommendation in paper.recommendations.all():
            decision = board_services.record_decision(recommendation=recommendation, user=secretary, outcome="noted")
            board_services.confirm_decision(decision=decision, user=chair)

    confirm(first)
    urls = [
        reverse("feed"),
        reverse("board_feed", args=[meeting.board.slug]),
        reverse("home"),
        reverse("boards:decision_list"),  # its rows are plain values too (`boards.rows.DECISION_ROW`)
        reverse("boards:paper_list"),
        meeting.get_absolute_url(),
    ]
    one = [count(url) for url in urls]
    confirm(second)
    assert second.recommendations.count() >= 3
    assert [count(url) for url in urls] == one
    text = client.get(reverse("feed")).content.decode()
    assert "Decision: Second Report" in text and "The Board noted the last thing." in text
