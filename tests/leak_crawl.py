"""Crawl everything a visitor can reach and read the markers in it.

Pages are followed by their links (HTML, Atom, iCalendar, JSON, CSV); URLs
are also formed from every URL pattern with the identifiers that exist, so a
page nothing links to is read too. PDFs are read as text, with their
bookmarks and metadata.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
from collections import deque
from dataclasses import dataclass, field
from itertools import product
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from pypdf import PdfReader

from archive.models import ImportBatch, ImportedDocument
from boards.models import AgendaItem, Appendix, Board, Figure, Meeting, PackBuild, Paper, Recommendation
from minutes.models import Action, Minutes
from plans.models import PriorityAction, ReportingPeriod, Theme
from transparency.models import (
    DecisionNotice,
    ForwardPlanEntry,
    Gift,
    Interest,
    InterestRegister,
    SupportingDocument,
)

from .leak_world import MARKER

HREF = re.compile(r"""\bhref\s*=\s*["']([^"']+)["']""")
SRC = re.compile(r"""\bsrc\s*=\s*["']([^"']+)["']""")
ABSOLUTE = re.compile(r"""https?://[^\s"'<>]+""")
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
SEARCH_RESULTS = re.compile(r'<ol class="list-unstyled">(.*?)</ol>', re.S)
SEARCH_TOTAL = re.compile(r"(\d+) results? for")
NEVER = ("/static/", "/admin/", "/accounts/", "/media/")
MAX_PAGES = 4000


@dataclass
class Crawl:
    """What one visitor read: the markers found at each URL, every URL visited with its status,
    and every URL of the site that a response showed them (in a link or an image)."""

    found: dict[str, set[str]] = field(default_factory=dict)  # marker -> URLs
    statuses: dict[str, int] = field(default_factory=dict)
    shown: dict[str, set[str]] = field(default_factory=dict)  # URL shown -> URLs of the responses showing it
    errors: list[str] = field(default_factory=list)

    def record(self, url: str, markers: set[str]) -> None:
        for marker in markers:
            self.found.setdefault(marker, set()).add(url)


def _hosts() -> set[str]:
    return {"testserver", urlsplit(settings.SITE_URL).netloc}


def _same_site(base: str, link: str) -> str | None:
    link = html.unescape(link.strip())
    if link.startswith(("mailto:", "tel:", "javascript:", "data:", "#")):
        return None
    parts = urlsplit(urljoin("http://testserver" + base, link))
    if parts.scheme not in ("http", "https") or parts.netloc not in _hosts():
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


#: The text of each PDF read, by the digest of its bytes: the same file reaches every visitor allowed it, and
#: reading a PDF's text is the slowest part of a crawl. The text is a function of the bytes alone.
_PDF_TEXTS: dict[bytes, str] = {}


def pdf_text(content: bytes) -> str:
    """Every page's text and link addresses, the bookmarks and the metadata."""
    digest = hashlib.sha256(content).digest()
    if digest not in _PDF_TEXTS:
        _PDF_TEXTS[digest] = _read_pdf(content)
    return _PDF_TEXTS[digest]


def _read_pdf(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    texts = [page.extract_text() or "" for page in reader.pages]
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                texts.append(str(action["/URI"]))

    def outline(items):
        for item in items:
            if isinstance(item, list):
                outline(item)
            else:
                texts.append(str(item.title))

    outline(reader.outline)
    texts.extend(str(value) for value in (reader.metadata or {}).values())
    return "\n".join(texts)


def docx_text(content: bytes) -> str:
    """A Word file's paragraphs and table cells."""
    from docx import Document

    document = Document(io.BytesIO(content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def _json_strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)
    elif isinstance(value, str):
        yield value


def read(url: str, response) -> tuple[str, list[str]]:
    """The text of a response and the links in it."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        return pdf_text(body), []
    if "wordprocessingml" in kind:
        return docx_text(body), []
    text = body.decode("utf-8", errors="replace")
    links = HREF.findall(text) + SRC.findall(text) + ABSOLUTE.findall(text)
    if "json" in kind:
        links += [s for s in _json_strings(json.loads(text)) if s.startswith("/")]
    if urlsplit(url).path == "/search/" and "q=" in url:
        # The query is echoed back in the form and the title: read only the results.
        total = SEARCH_TOTAL.search(text)
        results = SEARCH_RESULTS.search(text)
        text = (results.group(1) if results else "") + (f" total={total.group(1)}" if total else "")
    return text, links


def markers_in(url: str, text: str) -> set[str]:
    """The markers in `text`, but not in the echo of the URL asked for (a slug may carry one)."""
    path = urlsplit(url).path
    for echo in sorted({url, path, html.escape(url), html.escape(path)}, key=len, reverse=True):
        text = text.replace(echo, "")
    found = {m.upper() for m in MARKER.findall(text)}
    query = dict(part.split("=", 1) for part in urlsplit(url).query.split("&") if "=" in part)
    searched = query.get("q", "").upper()
    if urlsplit(url).path == "/search/" and MARKER.fullmatch(searched) and re.search(r"total=[1-9]", text):
        found.add(searched)  # a hit for the marker is a leak of it, whatever the snippet shows
    return found


def crawl(client: Client, seeds: list[str], *, workspace: bool) -> Crawl:
    result = Crawl()
    queue = deque(seeds)
    seen = set(seeds)
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        try:
            with transaction.atomic():
                response = client.get(url)
                text, links = read(url, response)
        except Exception as error:  # a crash is reported, and the crawl goes on
            result.errors.append(f"{url}: {error!r}")
            continue
        result.statuses[url] = response.status_code
        if response.status_code >= 500:
            result.errors.append(f"{url}: {response.status_code}")
        if 300 <= response.status_code < 400:
            links.append(response["Location"])
        result.record(url, markers_in(url, text))
        for link in links:
            target = _same_site(url, link)
            if target and target != url:  # a page may name itself (a 404 page says what was not found)
                result.shown.setdefault(target, set()).add(url)
            if target and target not in seen and _allowed(target, workspace=workspace):
                seen.add(target)
                queue.append(target)
    return result


def _allowed(url: str, *, workspace: bool) -> bool:
    path = urlsplit(url).path
    if path.startswith(NEVER):
        return False
    return workspace or not path.startswith("/workspace/")


# URLs formed from the URL patterns


def _routes(patterns=None, prefix: str = ""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _values(route: str) -> list[dict]:
    """Every combination of existing identifiers the route can take."""
    names = [name for _, name in PARAM.findall(route)]
    if not names:
        return [{}]
    meetings = list(Meeting.objects.select_related("board"))
    if names == ["board_slug", "meeting_slug"]:
        return [{"board_slug": m.board.slug, "meeting_slug": m.slug} for m in meetings]
    if names == ["board_slug", "meeting_slug", "build_pk"]:
        builds = PackBuild.objects.select_related("meeting__board")
        return [{"board_slug": b.meeting.board.slug, "meeting_slug": b.meeting.slug, "build_pk": b.pk} for b in builds]
    if names == ["pk", "slug"]:
        return [{"pk": p.pk, "slug": p.slug} for p in Paper.objects.all()]
    pairs = {
        "appendix_pk": Appendix.objects.values_list("paper_id", "pk"),
        "figure_pk": Figure.objects.values_list("paper_id", "pk"),
        "rec_pk": Recommendation.objects.values_list("paper_id", "pk"),
        "item_pk": AgendaItem.objects.values_list("meeting_id", "pk"),
        "build_pk": PackBuild.objects.values_list("meeting_id", "pk"),
        "document_pk": SupportingDocument.objects.values_list("notice_id", "pk"),
    }
    if len(names) == 2 and names[0] == "pk" and names[1] in pairs:
        return [{"pk": first, names[1]: second} for first, second in pairs[names[1]]]
    if names == ["pk", "step"]:  # a notice's steps answer POST only; a GET is refused
        return [{"pk": pk, "step": "sign"} for pk in DecisionNotice.objects.values_list("pk", flat=True)]
    if names == ["slug"]:
        slugs = ReportingPeriod.objects if route.startswith("plan/") else Board.objects
        return [{"slug": slug} for slug in slugs.values_list("slug", flat=True)]
    if names == ["reference"]:
        return [{"reference": notice.slug} for notice in DecisionNotice.objects.all()]
    if names == ["reference", "document_pk"]:
        documents = SupportingDocument.objects.select_related("notice")
        return [{"reference": d.notice.slug, "document_pk": d.pk} for d in documents]
    if names == ["code"]:
        return [{"code": code} for code in PriorityAction.objects.values_list("code", flat=True)]
    by_prefix = {
        "archive/papers/": Paper,
        "archive/minutes/": Minutes,
        "workspace/archive/documents/": ImportedDocument,
        "workspace/archive/batches/": ImportBatch,
        "papers/": Paper,
        "workspace/papers/": Paper,
        "workspace/meetings/": Meeting,
        "workspace/minutes/": Minutes,
        "workspace/actions/": Action,
        "workspace/decisions/": DecisionNotice,
        "workspace/plan/periods/": ReportingPeriod,
        "plan/themes/": Theme,
        "registers/interests/": InterestRegister,
        "workspace/registers/": InterestRegister,
        "workspace/registers/interests/": Interest,
        "workspace/gifts/": Gift,
        "forward-plan/": ForwardPlanEntry,
        "workspace/forward-plan/": ForwardPlanEntry,
    }
    model = next((model for start, model in sorted(by_prefix.items(), reverse=True) if route.startswith(start)), None)
    if model is None:
        raise AssertionError(f"The leak test does not know how to fill the URL pattern {route!r}: teach it.")
    pks = list(model.objects.values_list("pk", flat=True))
    return [dict(zip(names, combo, strict=True)) for combo in product(pks, repeat=len(names))]


def formed_urls(*, workspace: bool) -> list[str]:
    urls = []
    for route in _routes():
        if route.startswith(("admin/", "accounts/")) or (route.startswith("workspace/") and not workspace):
            continue
        for values in _values(route):
            urls.append("/" + PARAM.sub(lambda match, v=values: str(v[match.group(2)]), route))
    return urls
