"""Atom feeds of what is published. Each app supplies its entries; `urls.py` wires them in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

# The `updated` of a feed that has never had an entry (and of a board's with no established date): a fixed
# instant, so that an empty feed does not look changed each time it is fetched.
NOTHING_PUBLISHED = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Entry:
    """One published thing. `key` names it among everything the portal publishes ("paper/12",
    "decision/40"): a paper and the decisions on it share a link but never a key. `author` is who it is
    from, as published (a paper's post, a board); the office when blank."""

    title: str
    link: str
    published: datetime
    description: str
    kind: str
    key: str = ""
    author: str = ""


def entry_id(entry: Entry) -> str:
    """A tag URI (RFC 4151) that never changes or repeats: the portal's host, the year the thing was
    published and its key (its link, for an entry without one)."""
    host = urlsplit(settings.SITE_URL).hostname
    year = timezone.localtime(entry.published).year
    return f"tag:{host},{year}:{entry.key or entry.link}"


class StableAtom1Feed(Atom1Feed):
    """Atom whose `updated`, when there is no entry, is a fixed date given by the feed, not the time of the
    request (Django's default)."""

    def latest_post_date(self):
        if any(item.get("pubdate") or item.get("updateddate") for item in self.items):
            return super().latest_post_date()
        return self.feed["empty_updated"]


Source = Callable[..., list[Entry]]


class PublishedFeed(Feed):
    """Everything published, newest first; per board when the URL names one."""

    feed_type = StableAtom1Feed
    limit = 50

    def __init__(self, *, sources: list[Source], board_model=None):
        super().__init__()
        self.sources = sources
        self.board_model = board_model

    def get_object(self, request, slug: str | None = None):
        if slug is None:
            return None
        return get_object_or_404(self.board_model, slug=slug)

    def title(self, board):
        name = board.name if board else settings.ORGANISATION_NAME
        return f"{name}: published papers, packs, decisions, minutes and reports"

    def link(self, board):
        return board.get_absolute_url() if board else "/"

    def subtitle(self, board):
        return "Everything published on the portal, newest first."

    def author_name(self, board):
        return settings.ORGANISATION_NAME

    def feed_extra_kwargs(self, board):
        empty_updated = NOTHING_PUBLISHED
        if board is not None and board.established_on:
            empty_updated = datetime.combine(board.established_on, time.min, tzinfo=UTC)
        return {"empty_updated": empty_updated}

    def items(self, board):
        return self.entries(board, self.limit)

    def entries(self, board, limit: int) -> list[Entry]:
        entries = [entry for source in self.sources for entry in source(board=board, limit=limit)]
        return sorted(entries, key=lambda e: e.published, reverse=True)[:limit]

    def item_title(self, item: Entry):
        return f"{item.kind}: {item.title}"

    def item_description(self, item: Entry):
        return item.description

    def item_link(self, item: Entry):
        return item.link

    def item_guid(self, item: Entry):
        return entry_id(item)

    item_guid_is_permalink = False

    def item_author_name(self, item: Entry):
        return item.author or settings.ORGANISATION_NAME

    def item_pubdate(self, item: Entry):
        return item.published

    def item_updateddate(self, item: Entry):
        return item.published
