"""The one module that knows every app."""

from django.contrib import admin
from django.urls import include, path
from django.utils import timezone
from django.views.generic import RedirectView

from boards import api as board_api
from boards import feeds as board_feeds
from boards.models import Board, paper_url
from minutes import api as minutes_api
from minutes import feeds as minutes_feeds
from minutes.models import Minutes
from plans import api as plan_api
from plans import feeds as plan_feeds
from transparency import api as transparency_api
from transparency import feeds as transparency_feeds

from . import health, views
from .feeds import PublishedFeed
from .panels import register

FEED_SOURCES = [
    source for module in (board_feeds, minutes_feeds, plan_feeds, transparency_feeds) for source in module.FEED_SOURCES
]


def minutes_last_published(request):
    """For the transparency page (in `transparency`, below `minutes`): when minutes were last published."""
    latest = minutes_feeds.recent_minutes(limit=1)
    return latest[0]["published_at"] if latest else None


register("transparency_minutes", minutes_last_published)


def published_lists(limit: int = 10, papers: int = 6, minutes: int = 5) -> dict:
    """For the home page: everything published (the feed's newest `limit` entries), and the newest papers and
    minutes among the same rows (plain values: `Source.fields`), so each kind is read once."""
    feed = PublishedFeed(sources=FEED_SOURCES, board_model=Board)
    rows = feed.newest_rows(None, max(limit, papers, minutes))
    return {
        "entries": feed.merge(rows, limit),
        "papers": [
            {"url": paper_url(p["pk"], p["title"]), "title": p["title"], "board": p["board__name"], "date": p["date"]}
            for p in rows[FEED_SOURCES.index(board_feeds.PAPERS)][:papers]
        ],
        "minutes": [
            {
                "url": Minutes.url_of(m["meeting__board__slug"], m["meeting__slug"]),
                "board": m["meeting__board__name"],
                "date": timezone.localdate(m["meeting__starts_at"]),
            }
            for m in rows[FEED_SOURCES.index(minutes_feeds.MINUTES)][:minutes]
        ],
    }


urlpatterns = [
    path(
        "",
        views.home,
        {
            "panels": {
                "published": published_lists,
                "boards": lambda: list(Board.objects.all()),
                "upcoming": board_feeds.upcoming_meetings,
                "position": plan_feeds.current_position,
            }
        },
        name="home",
    ),
    path("feed/", PublishedFeed(sources=FEED_SOURCES, board_model=Board), name="feed"),
    path("boards/<slug:slug>/feed/", PublishedFeed(sources=FEED_SOURCES, board_model=Board), name="board_feed"),
    path("search/", views.search, name="search"),
    # The open-data API: documented at /api/, read-only, public data only.
    path("api/", views.api_docs, name="api_docs"),
    path("api/organizations/", board_api.organizations, name="api_organizations"),
    path("api/events/", board_api.events, name="api_events"),
    path("api/documents/", board_api.documents, name="api_documents"),
    path("api/votes/", board_api.votes, name="api_votes"),
    path("api/votes.csv", board_api.decisions_csv, name="api_votes_csv"),
    path("api/minutes/", minutes_api.minutes, name="api_minutes"),
    path("api/decision-notices/", transparency_api.decision_notices, name="api_decision_notices"),
    path("api/decision-notices.csv", transparency_api.decision_notices_csv, name="api_decision_notices_csv"),
    path("api/priority-actions/", plan_api.priority_actions, name="api_priority_actions"),
    path("api/rag-history.csv", plan_api.rag_history_csv, name="api_rag_history_csv"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("health/", health.health, name="health"),
    path("health/live/", health.live, name="health_live"),
    path("favicon.ico", views.favicon, name="favicon"),
    # The admin signs in through the portal's login: throttled, and with two factors where required.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("plans.urls")),
    path("", include("archive.urls")),
    path("", include("minutes.urls")),
    path("", include("transparency.urls")),
    path("", include("boards.urls")),
]
