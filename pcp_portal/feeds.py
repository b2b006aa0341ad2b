"""Atom feeds of what is published. Each app supplies its entries; `urls.py` wires them in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    published: datetime
    description: str
    kind: str


Source = Callable[..., list[Entry]]


class PublishedFeed(Feed):
    """Everything published, newest first; per board when the URL names one."""

    feed_type = Atom1Feed
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

    def item_pubdate(self, item: Entry):
        return item.published

    def item_updateddate(self, item: Entry):
        return item.published
