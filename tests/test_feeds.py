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


def _entries_as_written(feed_class, items: list[dict]) -> str:
    from pcp_portal.feeds import NOTHING_PUBLISHED

    feed = feed_class(title="Feed", link="https://portal.example.org/", description="", empty_updated=NOTHING_PUBLISHED)
    for item in items:
        feed.add_item(**item)
    return feed.writeString("utf-8")


def test_the_feeds_entries_are_the_text_djangos_xml_writer_writes():
    """`StableAtom1Feed.write_items` writes each entry as one text, not element by element: the feed is the same
    text as Django's writer makes, whatever the entries hold."""
    from datetime import UTC, datetime

    from django.utils.feedgenerator import Atom1Feed, Enclosure

    from pcp_portal.feeds import StableAtom1Feed

    class ElementByElement(StableAtom1Feed):
        write_items = Atom1Feed.write_items

    when = datetime(2026, 3, 11, 14, 0, tzinfo=UTC)
    items = [
        {"title": "Paper: Outturn", "link": "https://portal.example.org/papers/1/outturn/", "description": "BCB"},
        {
            "title": "Decision: <b>Bold</b> & \"quoted\" 'it'",
            "link": "https://portal.example.org/papers/2/a\"b'c<d>/",
            "description": "<img src=x onerror=alert(1)> \u00e9 \u2013 tabs\tand\nlines",
            "pubdate": when,
            "updateddate": when,
            "author_name": "Chief Finance Officer & <Deputy>",
            "unique_id": "tag:portal.example.org,2026:decision/2",
        },
        {"title": "Minutes", "link": "https://portal.example.org/m/", "description": "", "author_name": ""},
        {"title": "", "link": "https://portal.example.org/x/", "description": None, "pubdate": when},
        # What the portal's entries never carry goes through Django's writer.
        {"title": "With more", "link": "https://portal.example.org/y/", "description": "d", "categories": ["a"]},
        {
            "title": "Enclosed",
            "link": "https://portal.example.org/z/",
            "description": "d",
            "enclosures": [Enclosure("https://portal.example.org/z.pdf", "10", "application/pdf")],
            "author_name": "A",
            "author_email": "a@example.org",
            "item_copyright": "Crown",
        },
    ]
    fast = _entries_as_written(StableAtom1Feed, items)
    assert fast == _entries_as_written(ElementByElement, items)
    assert fast.count("<entry>") == len(items) and '<summary type="text">&lt;img src=x' in fast
    assert "<title/>" in fast and '<summary type="text"/>' in fast


def test_a_character_xml_cannot_hold_never_breaks_a_feed(client, make_paper, secretary):
    """A vertical tab (Word's line break, pasted into a title) made every feed listing the paper answer 500, and
    U+FFFF made it answer XML that does not parse: a feed leaves them out, and the page keeps the title as typed."""
    from pcp_portal.feeds import StableAtom1Feed, xml_text

    assert xml_text("Line\x0bbreak\x0cpage\x07bell\ufffftail\ud800") == "Line break pagebelltail"
    assert xml_text("Plain – text\ttab\nline") == "Plain – text\ttab\nline" and xml_text(None) is None
    items = [{"title": "Bell \x07 \ufffe", "link": "https://portal.example.org/b/", "description": "a\x0bb"}]
    written = _entries_as_written(StableAtom1Feed, items)
    assert "<title>Bell  </title>" in written and '<summary type="text">a b</summary>' in written
    # An entry's categories too (the Commissioner's decisions carry the plan's themes).
    items[0]["categories"] = ["Victims\x0bTheme", "Offenders"]
    written = _entries_as_written(StableAtom1Feed, items)
    assert '<category term="Victims Theme"/><category term="Offenders"/>' in written
    ET.fromstring(written.encode())

    paper = make_paper(Paper.Status.PUBLISHED, title="Outturn\x0bReport \uffff2025")
    for url in (reverse("feed"), reverse("board_feed", args=[paper.board.slug])):
        response = client.get(url)
        assert response.status_code == 200
        titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in ET.fromstring(response.content)]
        assert "Paper: Outturn Report 2025" in titles
