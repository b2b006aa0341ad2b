"""No marker reaches anyone outside its audience, on any surface.

One world is built for the module (`leak_world`): every free-text field of
every object, in every state, carries a unique marker registered with the
audience that may read it. Each visitor crawls everything they can reach
(`leak_crawl`): links in pages, feeds, calendars, the API and CSVs, every URL
formed from the URL patterns, every PDF's text, and a search for every
marker. A marker found outside its audience fails the test, naming the
marker, the URL and what it belongs to; a marker its audience cannot find
fails it too, so the test cannot pass by reading nothing.
"""

from __future__ import annotations

import csv
import gzip
import io

import pytest
from django.db.models import F
from django.test import Client

from boards.models import Decision, Figure, Meeting, Paper
from boards.permissions import can_view_meeting, visible_papers
from minutes.models import Minutes
from minutes.permissions import visible_minutes
from pcp_portal.feeds import PublishedFeed
from pcp_portal.roles import Role

from .conftest import built_once_for_module
from .factories import UserFactory
from .leak_crawl import Crawl, crawl, formed_urls, markers_in
from .leak_world import BOARD_A, PUBLIC, build_world

SEEDS = ["/", "/feed/", "/meetings.ics", "/api/", "/search/", "/decisions/commissioner/", "/transparency/"]
S = Paper.Status


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with built_once_for_module(django_db_blocker, tmp_path_factory, "leaks"):
        yield build_world()


@pytest.fixture(autouse=True)
def test_settings(world, db):
    """Instead of the suite's per-test settings: the world's media and cache serve the whole module."""


def _crawl_as(user, world, django_db_blocker, *, search: bool = False) -> Crawl:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    workspace = user is not None
    seeds = SEEDS + formed_urls(workspace=workspace) + (["/workspace/"] if workspace else [])
    if search:
        seeds += [f"/search/?q={marker}" for marker in world.registry.entries]
    with django_db_blocker.unblock():
        return crawl(client, list(dict.fromkeys(seeds)), workspace=workspace)


@pytest.fixture(scope="module")
def anonymous(world, django_db_blocker):
    return _crawl_as(None, world, django_db_blocker, search=True)


@pytest.fixture(scope="module")
def member_of_a(world, django_db_blocker):
    return _crawl_as(world.users["member_a"], world, django_db_blocker, search=True)


def leaks(world, result: Crawl, allowed: set[str], who: str) -> str:
    lines = []
    for marker, urls in sorted(result.found.items()):
        audience, _ = world.registry.entries[marker]
        if audience not in allowed:
            for url in sorted(urls):
                lines.append(f"{marker} at {url}: {world.registry.describe(marker)}")
    errors = [f"error at {line}" for line in result.errors]
    return f"\n{len(lines)} leaks to {who}:\n" + "\n".join(lines + errors) if lines or errors else ""


def unseen(world, result: Crawl, audience: str, who: str, *, under: str = "/") -> str:
    """Markers of `audience` found at no URL under `under`."""
    found = {marker for marker, urls in result.found.items() if any(url.startswith(under) for url in urls)}
    missing = sorted(world.registry.of(audience) - found)
    lines = [f"{marker}: {world.registry.describe(marker)}" for marker in missing]
    return f"\n{len(lines)} markers {who} never found:\n" + "\n".join(lines) if lines else ""


def test_the_public_sees_no_marker_that_is_not_public(world, anonymous):
    found = leaks(world, anonymous, {PUBLIC}, "the public")
    if found:
        pytest.fail(found, pytrace=False)


def test_the_public_finds_every_public_marker(world, anonymous):
    missing = unseen(world, anonymous, PUBLIC, "the public")
    if missing:
        pytest.fail(missing, pytrace=False)


def test_a_member_of_board_a_sees_the_public_record_and_board_a_only(world, member_of_a):
    found = leaks(world, member_of_a, {PUBLIC, BOARD_A}, "a member of board A")
    if found:
        pytest.fail(found, pytrace=False)


def test_a_member_of_board_a_finds_every_marker_of_board_a(world, member_of_a):
    # In the workspace: a public page showing them would be a leak, not a find.
    missing = unseen(world, member_of_a, BOARD_A, "a member of board A", under="/workspace/")
    if missing:
        pytest.fail(missing, pytrace=False)


@pytest.mark.parametrize("who", ["former_a", "future_a"])
def test_a_former_or_future_member_sees_only_the_public_record(world, who, django_db_blocker):
    result = _crawl_as(world.users[who], world, django_db_blocker)
    found = leaks(world, result, {PUBLIC}, f"{who.replace('_a', '')} member of board A")
    if found:
        pytest.fail(found, pytrace=False)


def test_the_stored_downloads_kept_and_sent_from_their_rows_carry_only_public_markers(world, settings):
    """The crawl reads the whole-archive CSVs written afresh (tests keep nothing: their changes never commit);
    here they are kept, then sent from their stored rows, compressed and plain, on the whole world."""
    from django.urls import reverse

    from pcp_portal.models import StoredExport

    settings.STORED_EXPORT_SECONDS = 3600
    client = Client()
    found = set()
    for name in ("api_votes_csv", "api_rag_history_csv"):
        written = client.get(reverse(name)).content
        kept = client.get(reverse(name), HTTP_ACCEPT_ENCODING="gzip")
        assert kept["Content-Encoding"] == "gzip" and gzip.decompress(kept.content) == written
        assert client.get(reverse(name)).content == written
        found |= markers_in(reverse(name), written.decode())
    assert StoredExport.objects.filter(built_version=F("version"), name__in=["decisions"]).count() == 1
    assert StoredExport.objects.filter(built_version=F("version"), name__startswith="rag-history:").count() == 1
    assert found, "the world's public decisions and statuses carry markers"
    # The API's kept counts, read from their rows the second time, count the public rows and nothing else.
    for name, public in (("api_votes", Decision.objects.public()), ("api_documents", Paper.objects.public())):
        client.get(reverse(name))
        assert client.get(reverse(name)).json()["count"] == public.count(), name
    wrong = [marker for marker in found if world.registry.entries[marker][0] != PUBLIC]
    if wrong:
        pytest.fail("Not public, in a stored download: " + ", ".join(map(world.registry.describe, wrong)))


def test_the_public_gets_exactly_the_figures_of_papers_whose_text_it_may_read(world, anonymous):
    readable = Paper.objects.public_text()
    figures = list(Figure.objects.select_related("paper"))
    assert {figure.paper.status for figure in figures} >= {S.DRAFT, S.CLEARED, S.PUBLISHED, S.WITHDRAWN}
    wrong = [
        f"{figure.get_absolute_url()} ({figure.paper.title[:40]}, {figure.paper.status}): "
        f"{anonymous.statuses.get(figure.get_absolute_url())}"
        for figure in figures
        if anonymous.statuses.get(figure.get_absolute_url()) != (200 if figure.paper in readable else 404)
    ]
    if wrong:
        pytest.fail("Figures served wrongly to the public:\n" + "\n".join(wrong), pytrace=False)


def test_no_public_response_shows_the_address_of_a_figure_the_public_may_not_open(world, anonymous):
    readable = Paper.objects.public_text()
    hidden = [f.get_absolute_url() for f in Figure.objects.exclude(paper__in=readable)]
    staff = [f.get_staff_url() for f in Figure.objects.all()]
    shown = [f"{url} shown at {sorted(anonymous.shown[url])}" for url in hidden + staff if url in anonymous.shown]
    public = [f.get_absolute_url() for f in Figure.objects.filter(paper__in=readable)]
    assert any(url in anonymous.shown for url in public), "no public page shows a public figure"
    if shown:
        pytest.fail("\n".join(shown), pytrace=False)


def test_no_office_role_has_a_limited_view(world):
    """Office staff see every paper, meeting and set of minutes, so no office role needs a crawl of its own.

    If a role ever sees less, crawl as that role here too.
    """
    for role in (Role.AUTHOR, Role.REVIEWER, Role.SECRETARY):
        user = UserFactory(username=f"limited-{role}", roles=[role])
        assert visible_papers(user).count() == Paper.objects.count(), role
        assert visible_minutes(user).count() == Minutes.objects.count(), role
        assert all(can_view_meeting(user, meeting) for meeting in Meeting.objects.all()), role


def test_a_public_delivery_report_compares_only_with_published_periods(world, client):
    """The period before the published one is unpublished: no previous status, no direction, no changes."""
    url = world.published_period.get_absolute_url()
    page = client.get(url).content.decode()
    problems = []
    if "Compared with no earlier period" not in page:
        problems.append(f"{url} compares with an unpublished period")
    if "No action changed status." not in page:
        problems.append(f"{url} lists changes since an unpublished period")
    rows = list(csv.DictReader(io.StringIO(client.get(f"{url}csv/").content.decode())))
    assert rows, "the public CSV has no rows"
    compared = [
        f"{row['code']} was {row['previous_status']}" for row in rows if row["previous_status"] or row["direction"]
    ]
    if compared:
        problems.append(f"{url}csv/ gives previous statuses from an unpublished period: {'; '.join(compared)}")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_a_feed_makes_the_same_tag_and_entries_from_its_rows_as_from_its_heads(
    world, client, django_assert_num_queries
):
    """A full answer makes its ETag from each source's newest rows, a conditional one from their heads: the
    two must agree, for every kind of entry (papers, packs, decisions, minutes, reports, notices), or a reader
    would never get a 304, or get one for a changed feed."""
    from boards.models import Board
    from pcp_portal.urls import FEED_SOURCES

    feed = PublishedFeed(sources=FEED_SOURCES, board_model=Board)
    board = Board.objects.get(slug="board-a")
    assert all(feed.newest_rows(None, feed.limit)), "a kind of entry the world does not publish"
    for board_id in (None, board.pk):
        rows = feed.newest_rows(board_id, feed.limit)
        # Each kind's rows hold every column its heads and entries read (`Source.fields`): none is read again.
        with django_assert_num_queries(0):
            heads, entries = feed.heads_of(feed.choose(rows, feed.limit)), feed.merge(rows, feed.limit)
        assert heads == feed.newest(board_id, feed.limit)
        assert entries == feed.build(feed.newest(board_id, feed.limit))
    for url in ("/feed/", f"/boards/{board.slug}/feed/"):
        full = client.get(url)
        stale = client.get(url, HTTP_IF_NONE_MATCH='"stale"')
        assert stale.status_code == 200 and stale["ETag"] == full["ETag"] and stale.content == full.content
        assert client.get(url, HTTP_IF_NONE_MATCH=full["ETag"]).status_code == 304


def test_each_rule_judged_through_a_join_agrees_with_the_related_models_own_visibility(world):
    """A row that reaches one paper, item or minute item may be judged by that row's rule through a join
    (`PaperQuerySet.public_rule` and the like) or through a nested query on the related model's own
    `public()`; both must select exactly the same rows, for every object of the world in every state."""
    from boards.models import AgendaItem
    from boards.models.decisions import DecisionQuerySet
    from boards.models.meetings import AgendaItemQuerySet
    from minutes.models import Action, Declaration, MinuteItem, MinuteItemQuerySet

    by_join_and_by_nested_query = {
        "public decisions": (
            Decision.objects.filter(DecisionQuerySet.public_rule()),
            Decision.objects.public(),  # its paper through a nested query
        ),
        "public actions": (
            Action.objects.filter(MinuteItemQuerySet.public_rule("minute_item__")),
            Action.objects.public(),  # its item through a nested query
        ),
        "actions of public parts": (
            Action.objects.public_parts(),
            Action.objects.filter(minute_item__in=MinuteItem.objects.public_parts()),
        ),
        "public declarations": (
            Declaration.objects.public(),
            Declaration.objects.filter(item__in=MinuteItem.objects.public()),
        ),
        "declarations of public parts": (
            Declaration.objects.public_parts(),
            Declaration.objects.filter(item__in=MinuteItem.objects.public_parts()),
        ),
        "papers on listed items": (
            Paper.objects.filter(AgendaItemQuerySet.public_rule("agenda_item__")),
            Paper.objects.filter(agenda_item__in=AgendaItem.objects.public()),
        ),
    }
    for name, (by_join, by_nested_query) in by_join_and_by_nested_query.items():
        expected = set(by_nested_query.values_list("pk", flat=True))
        # The world holds rows on both sides of each rule, so that agreeing means something.
        assert 0 < len(expected) < by_nested_query.model.objects.count(), name
        assert set(by_join.values_list("pk", flat=True)) == expected, name
