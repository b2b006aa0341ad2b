"""HTML to tagged PDF, in the house style, with WeasyPrint.

The portal renders every document (paper, agenda pack, minutes, delivery
report) through `render_pdf`, so every PDF is tagged PDF/UA-1 with a
language and a title, and looks the same.
"""

from __future__ import annotations

import gc
import hashlib
import html as html_escaping
import io
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import pydyf
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .pdf_structure import StructureMerger, stamp_artifacts, tagged

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}

_fonts = threading.local()


def font_config() -> FontConfiguration:
    """The thread's font configuration, shared by the documents it renders.

    The portal's documents use the system's fonts and declare no @font-face,
    so every document would set up the same fonts again: sharing them saves
    about a twentieth of a paper's rendering. Pango's font map is not shared
    between threads, so each thread has its own.
    """
    if not hasattr(_fonts, "config"):
        _fonts.config = FontConfiguration()
    return _fonts.config


@dataclass(frozen=True)
class Resource:
    """A stored file a document shows (a paper's figure), read through its FileField: local disk or a bucket."""

    file: object  # a FieldFile
    content_type: str
    name: str = "A file"  # for messages: "Figure 2"


class MissingResource(Exception):
    """A file the document shows could not be read from storage; the message names it."""


class StoredFiles(URLFetcher):
    """What WeasyPrint may fetch while rendering: the document's own stored files, by the portal's URL for them.

    Any other URL (another site, a file on this machine, another paper's
    figure) is refused, so rendering never reaches the network or the disk,
    whatever the HTML says; WeasyPrint then prints the image's alternative
    text instead.
    """

    def __init__(self, files: Mapping[str, Resource] | None = None):
        super().__init__(allowed_protocols=())
        self.files = dict(files or {})
        self.unreadable: list[str] = []

    def fetch(self, url, headers=None):
        resource = self.files.get(own_path(url) or "")
        if resource is None:
            raise ValueError(f"{url} is not a file of this document; nothing else is fetched.")
        try:
            with resource.file.open("rb") as handle:
                content = handle.read()
        except Exception:  # storage raises its own kinds (FileNotFoundError, botocore's ClientError)
            self.unreadable.append(resource.name)
            raise
        return URLFetcherResponse(url, content, {"Content-Type": resource.content_type})

    def check(self) -> None:
        if self.unreadable:
            names = " and ".join(dict.fromkeys(self.unreadable))
            raise MissingResource(f"{names} could not be read from storage")


def document_base_url() -> str:
    """Relative URLs in a document are the portal's own: `/papers/1/figures/2/` joins to the site's address."""
    return settings.SITE_URL.rstrip("/") + "/"


def own_path(url: str) -> str | None:
    """The path of a URL on the portal's own site, or None for any other site or scheme."""
    parts, base = urlsplit(url), urlsplit(document_base_url())
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    return parts.path


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    sha256: str
    page_count: int

    @property
    def size(self) -> int:
        return len(self.content)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a document is laid out and written.

    WeasyPrint builds hundreds of thousands of linked objects (boxes that
    point at their parents) for a paper, and the collector would walk them
    again and again as they grow: about an eighth of a paper's rendering.
    Memory is still freed by reference counting as the work goes; the cycles
    left behind are collected once, when the collector resumes.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def render_html(html: str, *, files: Mapping[str, Resource] | None = None) -> RenderedPdf:
    """`html` as tagged PDF. Fonts come from the system and styles are inline; the only things fetched
    are `files`, the stored files the document shows, by the path of their URL (see `StoredFiles`)."""
    fetcher = StoredFiles(files)
    with no_cycle_collection():
        document = HTML(string=html, base_url=document_base_url(), url_fetcher=fetcher).render(
            font_config=font_config(), **PDF_OPTIONS
        )
        fetcher.check()
        content = document.write_pdf(finisher=scope_table_headers, **PDF_OPTIONS)
    return RenderedPdf(content=content, sha256=hashlib.sha256(content).hexdigest(), page_count=len(document.pages))


def scope_table_headers(document, pdf) -> None:
    """Give every table header cell its PDF/UA /Scope: /Column in a table's head, /Row elsewhere.

    WeasyPrint tags header cells as /TH and points data cells at them with
    /Headers, but writes no /Scope. The portal's tables put column headers in
    <thead> and give every other <th> scope="row", so the cell's place says
    which it is. This is WeasyPrint's `finisher`: it edits the structure
    elements before the PDF is written, so the file is not read back and
    written again.
    """
    objects = pdf.objects

    def parent(element):
        reference = element.get("P")
        return objects[int(reference.split()[0])] if isinstance(reference, bytes) else None

    for element in objects:
        if not isinstance(element, pydyf.Dictionary) or element.get("S") != "/TH":
            continue
        group = parent(element)
        while group is not None and group.get("S") not in ("/THead", "/TBody", "/TFoot", "/Table"):
            group = parent(group)
        attributes = element.get("A")
        if not isinstance(attributes, pydyf.Dictionary):
            attributes = element["A"] = pydyf.Dictionary({"O": "/Table"})
        in_head = group is not None and group.get("S") == "/THead"
        attributes["Scope"] = "/Column" if in_head else "/Row"


def html_to_pdf(html: str) -> bytes:
    return render_html(html).content


def stamp_pdf(html: str) -> bytes:
    """`html` as an untagged PDF (the sample a `Stamp` takes its type from): no fetching."""
    return HTML(string=html, base_url=document_base_url(), url_fetcher=StoredFiles()).write_pdf(
        font_config=font_config()
    )


@dataclass(frozen=True)
class Stamp:
    """What `merge_pdfs` writes at the top of every page, as an artifact: `number` at the right, its "{}" the
    page's number in the merged file ("Pack page {}"), and `marking` centred in dark red; bold 8 pt DejaVu Sans."""

    number: str = ""
    marking: str = ""

    def characters(self) -> str:
        return "".join(sorted(set(self.number.replace("{}", "") + "0123456789" + self.marking)))


@lru_cache(maxsize=8)
def stamp_sample(characters: str) -> bytes:
    """One page showing each of `characters`, from which a stamp takes its embedded fonts and their widths.

    WeasyPrint chooses the fonts as it does for every document; the page is
    rendered once per set of characters and kept, so a pack costs no
    rendering for its numbers.
    """
    shown = " ".join(html_escaping.escape(char) for char in characters if not char.isspace())
    return stamp_pdf(
        "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'><title>Stamp type</title>"
        "<style>@page { size: A4; margin: 0 } body { margin: 0; font: bold 8pt 'DejaVu Sans', sans-serif }</style>"
        f"</head><body><p>{shown}</p></body></html>"
    )


def render_pdf(template_name: str, context: dict, *, files: Mapping[str, Resource] | None = None) -> RenderedPdf:
    return render_html(render_to_string(template_name, context), files=files)


def pdf_text(content: bytes) -> str:
    """The text of a PDF, page by page, for checks and search indexing."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


class UnreadablePdf(Exception):
    """A part of a merged document could not be read; the message names it."""


@dataclass
class Part:
    """A PDF to merge, with its bookmark, the bookmarks nested under it, and its name in errors.

    `marks` are bookmarks nested under its own that open one of its later pages: (title, page index in the
    part), as a pack's "Agenda" opens the page after its cover."""

    content: bytes
    title: str
    children: list[Part] | None = None
    name: str = ""
    marks: tuple[tuple[str, int], ...] = ()


def page_count(content: bytes, name: str = "The PDF") -> int:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise UnreadablePdf(f"{name} is password-protected.")
        return len(reader.pages)
    except UnreadablePdf:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on a damaged file
        raise UnreadablePdf(f"{name} cannot be read ({exc}).") from exc


def is_tagged(content: bytes) -> bool:
    """Whether a PDF says it is tagged and has a structure tree: what a screen reader needs to read it in order."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            return tagged(pdf)
    except pikepdf.PdfError:
        return False


def merge_pdfs(
    parts: list[Part],
    *,
    stamp: Stamp | None = None,
    title: str = "",
    lang: str = "",
) -> bytes:
    """One tagged PDF of `parts` in order: a bookmark for each, their structure trees merged, `stamp` on every page.

    `stamp` is written on the merged pages as an artifact (a running pack
    page number, a confidentiality marking): a few text operators a page, in
    fonts embedded once (see `pdf_structure.stamp_artifacts`). Merging uses pikepdf (qpdf), which copies pages
    without parsing every object of each source, so tagged papers merge
    quickly. The merged structure is one Document whose parts are each
    source's own tree, in order (see `StructureMerger`); the pages are
    labelled 1, 2, 3 ... so a reader's page box says the pack page.
    """
    import pikepdf

    out = pikepdf.Pdf.new()
    sources = []  # kept open until the merged file is written
    structure = StructureMerger(out)

    def add(part: Part, siblings) -> None:
        name = part.name or part.title
        try:
            source = pikepdf.Pdf.open(io.BytesIO(part.content))
        except pikepdf.PasswordError as exc:
            raise UnreadablePdf(f"{name} is password-protected.") from exc
        except pikepdf.PdfError as exc:
            raise UnreadablePdf(f"{name} cannot be read ({exc}).") from exc
        sources.append(source)
        start = len(out.pages)
        out.add_pages_from(source)  # carries the named destinations its links use, renamed where they clash
        structure.add(source, out.pages[start:], part.title)
        item = pikepdf.OutlineItem(part.title, start)
        siblings.append(item)
        for title, index in part.marks:
            if 0 <= index < len(source.pages):
                item.children.append(pikepdf.OutlineItem(title, start + index))
        for child in part.children or []:
            add(child, item.children)

    with out.open_outline() as outline:
        for part in parts:
            add(part, outline.root)
    structure.finish()
    if stamp is not None:
        sources.append(pikepdf.Pdf.open(io.BytesIO(stamp_sample(stamp.characters()))))  # its fonts are copied
        stamp_artifacts(out, sources[-1], number=stamp.number, marking=stamp.marking)
    root = out.Root
    root.PageMode = pikepdf.Name.UseOutlines
    root.MarkInfo = pikepdf.Dictionary(Marked=True)
    root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    root.PageLabels = pikepdf.Dictionary(Nums=[0, pikepdf.Dictionary(S=pikepdf.Name.D, St=1)])
    if lang or (sources and "/Lang" in sources[0].Root):
        root.Lang = pikepdf.String(lang or str(sources[0].Root.Lang))
    with out.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title or (parts[0].title if parts else "")
        meta["pdfuaid:part"] = "1"
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _is_destination(action) -> bool:
    """An open action that only says which page to show first (word processors write one)."""
    import pikepdf

    if isinstance(action, pikepdf.Array):
        return True
    return isinstance(action, pikepdf.Dictionary) and action.get("/S") == pikepdf.Name.GoTo


def _dictionaries(obj, *, top: bool = False):
    """`obj` and the dictionaries written inside it; referenced objects are visited on their own."""
    import pikepdf

    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array) or (obj.is_indirect and not top):
        return
    if isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        yield obj
        children = obj.values()
    for child in children:
        yield from _dictionaries(child)


def active_content(source) -> list[str]:
    """What in a PDF runs by itself when a reader opens it (JavaScript, launch and open actions), or rides
    inside it for a reader to open (attached files).

    An appendix is refused if it has any (see `boards.forms.validate_pdf_upload`);
    `source` is bytes or a seekable file. Every object is looked at, not only
    the catalogue, because scripts also hide in annotations and form fields.
    """
    import pikepdf

    found: dict[str, None] = {}  # ordered, without repeats
    with pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source) as pdf:
        root = pdf.Root
        if "/OpenAction" in root and not _is_destination(root.OpenAction):
            found["an action that runs when the document is opened"] = None
        if "/AA" in root:
            found["actions that run when the document is opened, saved or closed"] = None
        if "/Names" in root and "/JavaScript" in root.Names:
            found["JavaScript"] = None
        if "/Names" in root and "/EmbeddedFiles" in root.Names:
            found["attached files (a reader may open them)"] = None
        if "/AcroForm" in root and "/XFA" in root.AcroForm:
            found["an XFA form, which can carry scripts"] = None
        if any("/AA" in page.obj for page in pdf.pages):
            found["actions that run when a page is opened"] = None
        for obj in (d for indirect in pdf.objects for d in _dictionaries(indirect, top=True)):
            kind = obj.get("/S")
            if "/JS" in obj or kind == pikepdf.Name.JavaScript:
                found["JavaScript"] = None
            elif kind == pikepdf.Name.Launch:
                found["an action that starts another program"] = None
            if obj.get("/Subtype") == pikepdf.Name.FileAttachment or "/EF" in obj:
                found["attached files (a reader may open them)"] = None
    return list(found)
