"""Atom feeds of what is published. Each app supplies its entries; `urls.py` wires them in.

Every feed (and calendar) answers a conditional request with 304 before it builds anything: its
ETag is worked out from a few small queries over what it lists (the newest rows' heads, or
`fingerprint` over a bounded list), never from the body, and changes whenever the body would (a
publication, a withdrawal, a moved meeting, a renamed board). Feeds send no Last-Modified: a
withdrawal changes a feed without any newer entry, so the date of the newest entry cannot answer
If-Modified-Since truthfully.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Max, QuerySet, Sum
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, get_tag_uri, rfc3339_date
from django.views.decorators.http import condition

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
    request (Django's default), and whose summaries are plain text.

    Django writes an entry's description as `<summary type="html">`, which a feed reader decodes and shows
    as markup. The portal's descriptions are text people typed (a decision's wording, a notice's decision),
    so they are sent as `type="text"`: a reader shows `<img onerror=...>` as those characters. What XML
    cannot hold is taken out of every text first (`xml_text`).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_text, args), **{name: xml_text(value) for name, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_text, args), **{name: xml_text(value) for name, value in kwargs.items()})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("description") is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})

    def write_items(self, handler):
        """Each entry as one piece of text, the very text `add_item_elements` writes element by element: an XML
        writer's call for each start, text and end of fifty entries was a third of a feed's time. An entry with
        what the portal's entries never carry (enclosures, categories, rights, an author's address) is written by
        Django's writer. Every text has been through `xml_text` (`add_item`), so neither refuses a character."""
        for item in self.items:
            text = _entry_text(item)
            if text is None:
                handler.startElement("entry", self.item_attributes(item))
                self.add_item_elements(handler, item)
                handler.endElement("entry")
            else:
                # Written as it is: `ignorableWhitespace` is the writer's one call that writes text unescaped.
                handler.ignorableWhitespace(text)

    def latest_post_date(self):
        if any(item.get("pubdate") or item.get("updateddate") for item in self.items):
            return super().latest_post_date()
        return self.feed["empty_updated"]


# Every character XML 1.0 cannot hold: control characters (which Django's writer refuses), the two
# non-characters and lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value):
    """`value` with what XML 1.0 cannot hold taken out, for a feed (of each text, for a list of them: the
    categories): a vertical tab or a form feed (Word's line and page breaks, pasted into a title) becomes a space,
    anything else of them goes. One such character in a title once made every feed that listed it fail, or not
    parse."""
    if isinstance(value, list | tuple):
        return type(value)(xml_text(item) for item in value)
    if not isinstance(value, str) or not _NOT_XML.search(value):
        return value
    return _NOT_XML.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", value)


def _element(name: str, text: str, attributes: str = "") -> str:
    """An element as `SimplerXMLGenerator.addQuickElement` writes it (`short_empty_elements`: `<x/>` when empty)."""
    return f"<{name}{attributes}>{escape(text)}</{name}>" if text else f"<{name}{attributes}/>"


def _entry_text(item: dict) -> str | None:
    """`StableAtom1Feed`'s entry for `item` as text, or None where Django's writer must write it."""
    if item["enclosures"] or item["categories"] or item["item_copyright"] is not None:
        return None
    if item["author_email"] is not None or item["author_link"] is not None:
        return None
    parts = ["<entry>", _element("title", item["title"]), f'<link href={quoteattr(item["link"])} rel="alternate"/>']
    if item["pubdate"] is not None:
        parts.append(_element("published", rfc3339_date(item["pubdate"])))
    if item["updateddate"] is not None:
        parts.append(_element("updated", rfc3339_date(item["updateddate"])))
    if item["author_name"] is not None:
        parts.append(f"<author>{_element('name', item['author_name'])}</author>")
    unique_id = item["unique_id"] if item["unique_id"] is not None else get_tag_uri(item["link"], item["pubdate"])
    parts.append(_element("id", unique_id))
    if item["description"] is not None:
        parts.append(_element("summary", item["description"], ' type="text"'))
    parts.append("</entry>")
    return "".join(parts)


def fingerprint(queryset, *changed: str) -> tuple:
    """What a validator needs to know of the rows `queryset` lists, in one aggregate query: how many,
    which (the sum of their keys: one row leaving as another comes changes it) and, for each of
    `changed` (fields or lookups), the newest time any of them changed."""
    aggregates = {"n": Count("pk"), "keys": Sum("pk")}
    aggregates.update({f"newest_{i}": Max(lookup) for i, lookup in enumerate(changed)})
    values = queryset.order_by().aggregate(**aggregates)
    return tuple(values[name] for name in aggregates)


def etag(*parts) -> str:
    """An entity tag for a response whose body is decided by `parts` (fingerprints, names, dates) and by the
    settings every feed prints (the office's name, the site's address)."""
    parts = (settings.ORGANISATION_NAME, settings.SITE_URL, *parts)
    return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:40] + '"'


def conditional(view, validator: Callable[..., tuple | None]):
    """`view`, answering If-None-Match with 304 before it runs. `validator(request, *args, **kwargs)`
    gives the parts the body depends on, or None where the view is to decide (a 404)."""

    def tag(request, *args, **kwargs):
        parts = validator(request, *args, **kwargs)
        return None if parts is None else etag(*parts)

    return condition(etag_func=tag)(view)


class ConditionalFeed(Feed):
    """A feed with an ETag from `version(request, *args, **kwargs)` (a tuple, or None for a feed object
    that does not exist) and no Last-Modified."""

    def __call__(self, request, *args, **kwargs):
        return conditional(self._respond, self._version)(request, *args, **kwargs)

    def _version(self, request, *args, **kwargs) -> tuple | None:
        # Django writes a feed's links with the host and scheme the request came by.
        parts = self.version(request, *args, **kwargs)
        return None if parts is None else (request.get_host(), request.is_secure(), *parts)

    def _respond(self, request, *args, **kwargs):
        """As `Feed.__call__`, but with no Last-Modified, and the feed written whole before it is sent: a
        response encodes each of its writes on its own, and a feed's XML writer makes thousands."""
        try:
            obj = self.get_object(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("Feed object does not exist.") from None
        feed = self.get_feed(obj, request)
        return HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type)


@dataclass(frozen=True)
class Source:
    """One kind of thing an app publishes in the site-wide feed, as data.

    `public()` is its public queryset; `board` the lookup that names a row's board (None for a kind that
    belongs to no board: a board's feed has none of it); `published` the field of the time it was published,
    by which the newest come first; `related` what its entries read with it (`select_related`); `entry(row)`
    makes one row's entry. `changes` names whatever else a row's entry shows that can change (a time of
    change, a name): with the time and the key it makes the row's head, so that a feed's validator sees every
    change to what it lists from one small query that walks an index. `fields`, where given, are the lookups its
    entries read (`"meeting__board__name"`): its rows are then read as plain values, a dictionary of these, the
    key, the time of publication and `changes` a row, which `entry` takes. A feed's 300 rows drawn from a few
    columns of many joined tables cost more as model objects than the rest of the feed.
    """

    public: Callable[[], QuerySet]
    board: str | None
    published: str
    related: tuple[str, ...]
    changes: tuple[str, ...]
    entry: Callable[[Any], Entry]
    fields: tuple[str, ...] = ()

    def rows(self, board_id: int | None = None) -> QuerySet:
        """The public rows (of one board, where given), newest first: model objects, or plain values (`fields`)."""
        rows = self.public()
        if board_id is not None:
            rows = rows.filter(**{self.board: board_id}) if self.board else rows.none()
        rows = rows.order_by(f"-{self.published}", "-pk")
        if self.fields:
            return rows.values(*dict.fromkeys(("pk", self.published, *self.changes, *self.fields)))
        return rows.select_related(*self.related)

    def heads(self, *, board_id: int | None = None, limit: int) -> list[tuple]:
        """The newest `limit` rows' heads."""
        head = (self.published, "pk", *self.changes)
        return list(self.rows(board_id=board_id).values_list(*head)[:limit])

    def head(self, row) -> tuple:
        """The head of a row read with `rows`: the values `heads` reads as columns, from the row's fields (and
        those of the rows `related` reads with it)."""
        return tuple(_value(row, path) for path in (self.published, "pk", *self.changes))

    def entries(self, pks) -> list[Entry]:
        """The entries of the rows `pks`, read again from the public queryset."""
        return [self.entry(row) for row in self.rows().filter(pk__in=pks)]

    def newest_rows(self, *, board_id: int | None = None, limit: int) -> list:
        """The newest `limit` rows, in one query: for a page that needs no validator."""
        return list(self.rows(board_id=board_id)[:limit])


def _value(row, path: str):
    """The value a `values_list` lookup (`"meeting__updated_at"`) names, read from a row and its related rows (or
    from a row read as plain values)."""
    if isinstance(row, dict):
        return row[path]
    for name in path.split("__"):
        if row is None:
            return None
        row = getattr(row, name)
    return row


@dataclass(frozen=True)
class Selection:
    """What one feed request lists: the board (None for the site-wide feed), the newest heads across the
    sources, each as (the source's index, its head), and, where the rows were read for a full answer, the
    newest rows themselves, each as (the source's index, the row)."""

    board: object
    newest: list[tuple[int, tuple]]
    chosen: list[tuple[int, object]] | None = None


class PublishedFeed(ConditionalFeed):
    """Everything published, newest first; per board when the URL names one.

    A feed shows only its newest `limit` entries, so both its validator and its body are worked out from
    those alone. A conditional request reads each source's newest heads (its `limit` newest rows as a few
    columns), which make the ETag, and is answered 304 when it matches. Any other request reads each
    source's `limit` newest rows, makes the same heads from them, and builds the `limit` newest entries.
    However large the archive, a request reads one query a source (and, for a changed feed asked for
    conditionally, one more a source for the entries of the newest heads).
    """

    feed_type = StableAtom1Feed
    limit = 50

    def __init__(self, *, sources: list[Source], board_model):
        super().__init__()
        self.sources = sources
        self.board_model = board_model

    def newest(self, board_id: int | None, limit: int) -> list[tuple[int, tuple]]:
        heads = [
            (index, head)
            for index, source in enumerate(self.sources)
            for head in source.heads(board_id=board_id, limit=limit)
        ]
        return self._first(heads, limit)

    @staticmethod
    def _first(heads: list[tuple[int, tuple]], limit: int) -> list[tuple[int, tuple]]:
        return sorted(heads, key=lambda pair: pair[1][0], reverse=True)[:limit]

    def choose(self, rows: list[list], limit: int) -> list[tuple[int, object]]:
        """The `limit` newest of `rows` (as `newest_rows` gives them), each with its source's index, in the order
        `newest` gives their heads."""
        pairs = [(index, row) for index, source_rows in enumerate(rows) for row in source_rows]
        return sorted(pairs, key=lambda pair: _value(pair[1], self.sources[pair[0]].published), reverse=True)[:limit]

    def heads_of(self, chosen: list[tuple[int, object]]) -> list[tuple[int, tuple]]:
        """The heads of rows `choose` chose: what `newest` reads as columns."""
        return [(index, self.sources[index].head(row)) for index, row in chosen]

    def _entries_of(self, chosen: list[tuple[int, object]]) -> list[Entry]:
        return [self.sources[index].entry(row) for index, row in chosen]

    def version(self, request, slug: str | None = None) -> tuple | None:
        """The board (its name is the feed's title and in entries), every board's name (entries carry
        them), and the newest heads, which the request keeps for building the body.

        A reader asking whether its copy is current (If-None-Match) is answered from the heads alone, a
        small query a source. Any other request gets the whole feed, so each source's newest rows are read
        at once, and both the heads and the entries are made from them: one query a source, not two."""
        boards = tuple(self.board_model.objects.values_list("pk", "slug", "name", "established_on"))
        board = None
        if slug is not None:
            board = next((b for b in boards if b[1] == slug), None)
            if board is None:
                return None
        board_id = board[0] if board else None
        request.feed_chosen = None
        if "If-None-Match" in request.headers:
            request.feed_newest = self.newest(board_id, self.limit)
        else:
            request.feed_chosen = self.choose(self.newest_rows(board_id, self.limit), self.limit)
            request.feed_newest = self.heads_of(request.feed_chosen)
        return (board, boards, request.feed_newest)

    def get_object(self, request, slug: str | None = None) -> Selection:
        board = None if slug is None else self.board_model.objects.get(slug=slug)
        return Selection(board, request.feed_newest, request.feed_chosen)

    def title(self, selection: Selection):
        name = selection.board.name if selection.board else settings.ORGANISATION_NAME
        return f"{name}: published papers, packs, decisions, minutes and reports"

    def link(self, selection: Selection):
        return selection.board.get_absolute_url() if selection.board else "/"

    def subtitle(self, selection: Selection):
        return "Everything published on the portal, newest first."

    def author_name(self, selection: Selection):
        return settings.ORGANISATION_NAME

    def feed_extra_kwargs(self, selection: Selection):
        board = selection.board
        empty_updated = NOTHING_PUBLISHED
        if board is not None and board.established_on:
            empty_updated = datetime.combine(board.established_on, time.min, tzinfo=UTC)
        return {"empty_updated": empty_updated}

    def items(self, selection: Selection):
        if selection.chosen is not None:
            return self._entries_of(selection.chosen)
        return self.build(selection.newest)

    def newest_rows(self, board_id: int | None, limit: int) -> list[list]:
        """Each source's newest `limit` rows (of the board `board_id`, where given), one query a source, in the
        order of `sources`: a page that also lists one kind's newest rows (the home page's papers) reads them
        here."""
        return [source.newest_rows(board_id=board_id, limit=limit) for source in self.sources]

    def merge(self, rows: list[list], limit: int) -> list[Entry]:
        """The `limit` newest entries of `rows` (as `newest_rows` gives them): the rows are ordered first, and
        only the newest made entries. The same entries, in the same order, as the feed's newest `limit`."""
        return self._entries_of(self.choose(rows, limit))

    def build(self, newest: list[tuple[int, tuple]]) -> list[Entry]:
        chosen: dict[int, list] = {index: [] for index in range(len(self.sources))}
        for index, head in newest:
            chosen[index].append(head[1])
        # One query for each source, also one with nothing among the newest (no row has the key 0): the number
        # of queries is the same whatever the archive holds.
        entries = [entry for index, pks in chosen.items() for entry in self.sources[index].entries(pks or [0])]
        return sorted(entries, key=lambda e: e.published, reverse=True)

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
