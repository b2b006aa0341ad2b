"""Full-text search of what is published: one interface, the database's own engine.

PostgreSQL: a stored `tsvector` with a GIN index, queried with `websearch`
syntax, ranked with `ts_rank`, snippets from `ts_headline`. SQLite: an FTS5
table, ranked with bm25, snippets from `snippet()`. Apps write documents with
`index()` when something is published and `remove()` when it is withdrawn;
only public things are ever indexed, so search cannot leak anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import SearchDocument

START, STOP = "\x02", "\x03"
FTS_TABLE = "pcp_portal_search_fts"
MAX_QUERY = 200


@dataclass(frozen=True)
class Document:
    key: str
    kind: str
    title: str
    body: str
    url: str
    published_at: datetime
    board: str = ""
    board_name: str = ""
    year: int | None = None
    themes: tuple[str, ...] = ()


def _vendor() -> str:
    return connection.vendor


def index(doc: Document) -> None:
    row, _ = SearchDocument.objects.update_or_create(
        key=doc.key,
        defaults={
            "kind": doc.kind,
            "title": doc.title[:400],
            "body": doc.body,
            "url": doc.url,
            "board": doc.board,
            "board_name": doc.board_name,
            "year": doc.year,
            "themes": ",".join(doc.themes)[:300],
            "published_at": doc.published_at,
        },
    )
    if _vendor() == "postgresql":
        SearchDocument.objects.filter(pk=row.pk).update(
            vector=SearchVector("title", weight="A", config="english")
            + SearchVector("body", weight="B", config="english")
        )
    elif _vendor() == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [row.pk])  # noqa: S608 - a constant name
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                [row.pk, row.title, row.body],
            )


def bulk_index(docs: list[Document]) -> int:
    """Index many new documents at once (used to build large archives); keys must not be indexed yet."""
    rows = SearchDocument.objects.bulk_create(
        [
            SearchDocument(
                key=d.key,
                kind=d.kind,
                title=d.title[:400],
                body=d.body,
                url=d.url,
                board=d.board,
                board_name=d.board_name,
                year=d.year,
                themes=",".join(d.themes)[:300],
                published_at=d.published_at,
            )
            for d in docs
        ],
        batch_size=500,
    )
    keys = [d.key for d in docs]
    if _vendor() == "postgresql":
        SearchDocument.objects.filter(key__in=keys).update(
            vector=SearchVector("title", weight="A", config="english")
            + SearchVector("body", weight="B", config="english")
        )
    elif _vendor() == "sqlite":
        saved = SearchDocument.objects.filter(key__in=keys).values_list("pk", "title", "body")
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                list(saved),
            )
    return len(rows)


def rename_board(old_slug: str, slug: str, name: str) -> int:
    """The entries of the board that was `old_slug` name it as it is now (the filter offers the name, and each
    result shows it), and link to its pages at their new address; the text indexed is left as published."""
    entries = SearchDocument.objects.filter(board=old_slug).exclude(board=slug, board_name=name)
    moved = Replace("url", Value(f"/boards/{old_slug}/"), Value(f"/boards/{slug}/"))
    return entries.update(board=slug, board_name=name, url=moved)


def retitle(titles: dict[str, str]) -> int:
    """New titles for entries already indexed, by key (minutes named after a board that has been renamed); the
    title is searched too, so its words are indexed again. Keys not in the index are left alone."""
    rows = {row.key: row for row in SearchDocument.objects.filter(key__in=titles)}
    changed = [row for key, row in rows.items() if row.title != titles[key][:400]]
    for row in changed:
        row.title = titles[row.key][:400]
    SearchDocument.objects.bulk_update(changed, ["title"])
    if changed and _vendor() == "postgresql":
        SearchDocument.objects.filter(pk__in=[row.pk for row in changed]).update(
            vector=SearchVector("title", weight="A", config="english")
            + SearchVector("body", weight="B", config="english")
        )
    elif changed and _vendor() == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {FTS_TABLE} SET title = %s WHERE rowid = %s",  # noqa: S608 - a constant name
                [(row.title, row.pk) for row in changed],
            )
    return len(changed)


def remove(key: str) -> None:
    for pk in SearchDocument.objects.filter(key=key).values_list("pk", flat=True):
        if _vendor() == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [pk])  # noqa: S608
        SearchDocument.objects.filter(pk=pk).delete()


def clear() -> None:
    if _vendor() == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
    SearchDocument.objects.all().delete()


def _highlight(text: str) -> str:
    """Escape what authors wrote, then mark the matches."""
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped above


def fts5_query(text: str) -> str:
    """The user's words as a safe FTS5 query, in the spirit of websearch syntax:
    words are all required, "quoted phrases" stay together, -word excludes, OR between words."""
    positives, negatives, pending_or = [], [], False
    for match in re.finditer(r'(-?)"([^"]*)"|(\S+)', text):
        negate, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None and word.upper() == "OR":
            pending_or = bool(positives)
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negate, word = "-", word[1:]
        term = phrase if phrase is not None else word
        term = re.sub(r"[^\w\s'-]", " ", term or "", flags=re.UNICODE).strip()
        if not term:
            continue
        quoted = '"' + term.replace('"', '""') + '"'
        if negate:
            negatives.append(quoted)
        elif pending_or:
            positives[-1] = f"({positives[-1]} OR {quoted})"
            pending_or = False
        else:
            positives.append(quoted)
    if not positives:
        return ""
    query = " AND ".join(positives)
    for negative in negatives:
        query = f"{query} NOT {negative}"
    return query


@dataclass
class Result:
    document: SearchDocument
    snippet: str


@dataclass
class SearchPage:
    results: list[Result]
    total: int
    number: int
    num_pages: int

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages


def _filtered(filters: dict):
    documents = SearchDocument.objects.all()
    if filters.get("board"):
        documents = documents.filter(board=filters["board"])
    if filters.get("year"):
        documents = documents.filter(year=filters["year"])
    if filters.get("kind"):
        documents = documents.filter(kind=filters["kind"])
    if filters.get("theme"):
        documents = documents.filter(themes__contains=filters["theme"])
    return documents


def search(text: str, *, page: int = 1, per_page: int = 20, **filters) -> SearchPage:
    text = (text or "")[:MAX_QUERY].strip()
    if not text:
        return SearchPage([], 0, 1, 1)
    if _vendor() == "postgresql":
        return _search_postgresql(text, page, per_page, filters)
    return _search_sqlite(text, page, per_page, filters)


def _search_postgresql(text, page, per_page, filters) -> SearchPage:
    query = SearchQuery(text, search_type="websearch", config="english")
    documents = (
        _filtered(filters)
        .filter(vector=query)
        .annotate(
            rank=SearchRank(F("vector"), query),
            snippet=SearchHeadline(
                "body", query, config="english", start_sel=START, stop_sel=STOP, max_words=35, min_words=15
            ),
        )
        .order_by("-rank", "-published_at")
    )
    paginator = Paginator(documents, per_page)
    current = paginator.get_page(page)
    return SearchPage(
        [Result(doc, _highlight(doc.snippet)) for doc in current.object_list],
        paginator.count,
        current.number,
        paginator.num_pages,
    )


def _search_sqlite(text, page, per_page, filters) -> SearchPage:
    match = fts5_query(text)
    if not match:
        return SearchPage([], 0, 1, 1)
    ids = list(_filtered(filters).values_list("pk", flat=True)) if any(filters.values()) else None
    where, params = f"{FTS_TABLE} MATCH %s", [match]
    if ids is not None:
        if not ids:
            return SearchPage([], 0, 1, 1)
        where += f" AND rowid IN ({','.join(['%s'] * len(ids))})"
        params += ids
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {where}", params)  # noqa: S608
        total = cursor.fetchone()[0]
        num_pages = max(1, -(-total // per_page))
        number = min(max(1, page), num_pages)
        cursor.execute(
            f"SELECT rowid, snippet({FTS_TABLE}, 1, char(2), char(3), '…', 24) FROM {FTS_TABLE} "  # noqa: S608
            f"WHERE {where} ORDER BY bm25({FTS_TABLE}, 10.0, 1.0) LIMIT %s OFFSET %s",
            [*params, per_page, (number - 1) * per_page],
        )
        rows = cursor.fetchall()
    documents = SearchDocument.objects.in_bulk([pk for pk, _ in rows])
    results = [Result(documents[pk], _highlight(snippet)) for pk, snippet in rows if pk in documents]
    return SearchPage(results, total, number, num_pages)


def facets() -> dict:
    """The values the filters offer, from what is indexed.

    One query, grouped by the columns the filters read: a few dozen rows however large the index, rather than
    a query a filter, each bringing every document's value to Python. A board is offered under its name as
    it is now: renaming it rewrites its entries (`rename_board`)."""
    groups = SearchDocument.objects.order_by().values_list("board", "board_name", "year", "kind", "themes").distinct()
    boards: dict[str, str] = {}
    years, kinds, themes = set(), set(), set()
    for board, board_name, year, kind, theme_list in groups:
        if board:
            boards[board] = board_name
        if year is not None:
            years.add(year)
        kinds.add(kind)
        themes.update(t for t in theme_list.split(",") if t)
    return {
        "boards": sorted(boards.items(), key=lambda b: b[1]),
        "years": sorted(years, reverse=True),
        "kinds": sorted(kinds),
        "themes": sorted(themes),
    }
