"""HTML to tagged PDF, in the house style, with WeasyPrint.

The portal renders every document (paper, agenda pack, minutes, delivery
report) through `render_pdf`, so every PDF is tagged PDF/UA-1 with a
language and a title, and looks the same.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import pydyf
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


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


def render_html(html: str, *, files: Mapping[str, Resource] | None = None) -> RenderedPdf:
    """`html` as tagged PDF. Fonts come from the system and styles are inline; the only things fetched
    are `files`, the stored files the document shows, by the path of their URL (see `StoredFiles`)."""
    fetcher = StoredFiles(files)
    document = HTML(string=html, base_url=document_base_url(), url_fetcher=fetcher).render(**PDF_OPTIONS)
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


def count_pages(html: str, *, files: Mapping[str, Resource] | None = None) -> int:
    """How many pages `html` lays out to, without writing a PDF (a cheap first pass)."""
    fetcher = StoredFiles(files)
    pages = len(HTML(string=html, base_url=document_base_url(), url_fetcher=fetcher).render().pages)
    fetcher.check()
    return pages


def html_to_pdf(html: str) -> bytes:
    return render_html(html).content


def stamp_pdf(html: str) -> bytes:
    """`html` as an untagged PDF, to lay over other pages as an artifact (`merge_pdfs`' stamp): no fetching."""
    return HTML(string=html, base_url=document_base_url(), url_fetcher=StoredFiles()).write_pdf()


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
    """A PDF to merge, with its bookmark, the bookmarks nested under it, and its name in errors."""

    content: bytes
    title: str
    children: list[Part] | None = None
    name: str = ""


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
            return _tagged(pdf)
    except pikepdf.PdfError:
        return False


def _tagged(pdf) -> bool:
    import pikepdf

    mark_info = pdf.Root.get("/MarkInfo")
    marked = isinstance(mark_info, pikepdf.Dictionary) and bool(mark_info.get("/Marked", False))
    return marked and "/StructTreeRoot" in pdf.Root and "/K" in pdf.Root.StructTreeRoot


def merge_pdfs(
    parts: list[Part],
    *,
    stamp: Callable[[int], bytes] | None = None,
    title: str = "",
    lang: str = "",
) -> bytes:
    """One tagged PDF of `parts` in order: a bookmark for each, their structure trees merged, `stamp` on every page.

    `stamp(pages)` gives a PDF laid over the merged pages as an artifact (a
    running pack page number, a confidentiality marking): its page N over
    page N, or its only page over every page. Merging uses pikepdf (qpdf), which copies pages
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
        out.pages.extend(source.pages)
        structure.add(source, out.pages[start:], part.title)
        item = pikepdf.OutlineItem(part.title, start)
        siblings.append(item)
        for child in part.children or []:
            add(child, item.children)

    with out.open_outline() as outline:
        for part in parts:
            add(part, outline.root)
    structure.finish()
    if stamp is not None:
        _stamp_artifacts(out, pikepdf.Pdf.open(io.BytesIO(stamp(len(out.pages)))))
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


class StructureMerger:
    """Grows one structure tree in `out` from the trees of the PDFs merged into it.

    Each source's top elements become the kids of one /Part (titled with the
    part's bookmark) under a single /Document root. Every marked page points
    into the ParentTree by its /StructParents, and every annotation by its
    /StructParent: those keys are offset by the keys already used, so each
    still finds its own elements. RoleMap and ClassMap are merged (a custom
    role a later part maps differently is replaced, in that part, by the
    standard role it stands for), and element IDs made unique. An untagged
    source adds pages with no structure; the caller says so to the reader.
    """

    def __init__(self, out):
        import pikepdf

        self.pikepdf = pikepdf
        self.out = out
        self.document = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document))
        self.kids = pikepdf.Array()
        self.nums: list = []
        self.next_key = 0
        self.role_map: dict[str, object] = {}
        self.class_map: dict[str, object] = {}
        self.ids: set[bytes] = set()
        self.id_names: list[tuple[bytes, object]] = []
        self.reached: set[tuple[int, int]] = set()  # elements a reader reaches from the root

    def add(self, source, pages, title: str) -> None:
        pikepdf = self.pikepdf
        if not _tagged(source):
            return
        tree = source.Root.StructTreeRoot
        offset = self.next_key
        used = -1
        for page in pages:
            if "/StructParents" in page.obj:
                key = int(page.obj.StructParents)
                page.obj.StructParents = key + offset
                used = max(used, key)
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    key = int(annotation.StructParent)
                    annotation.StructParent = key + offset
                    used = max(used, key)
        marked = []
        if "/ParentTree" in tree:
            for key, value in pikepdf.NumberTree(tree.ParentTree).items():
                copied = self._copy(value)
                self.nums.append((key + offset, copied))
                marked.extend(copied if isinstance(copied, pikepdf.Array) else [copied])
                used = max(used, key)
        self.next_key = offset + used + 1

        renamed = self._merge_map(tree.get("/RoleMap"), self.role_map)
        self._merge_map(tree.get("/ClassMap"), self.class_map)
        top = tree.K
        tops = list(top) if isinstance(top, pikepdf.Array) else [top]
        part = self.out.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem, S=pikepdf.Name.Part, P=self.document, T=pikepdf.String(title)
            )
        )
        kids = pikepdf.Array()
        for element in tops:
            copied = self._copy(element)
            if isinstance(copied, pikepdf.Dictionary):
                copied = copied if copied.is_indirect else self.out.make_indirect(copied)
                copied.P = part
                if copied.get("/S") == pikepdf.Name.Document:
                    copied.S = pikepdf.Name.Sect  # one Document in a file: each paper's is a section of the pack
                kids.append(copied)
                self.reached |= self._walk(copied, renamed)
        part.K = kids
        self.kids.append(part)
        for element in marked:
            self._adopt(element, renamed)

    def _adopt(self, element, renamed: dict) -> None:
        """Hang `element` (marked content's element) in the tree if its parent never listed it among its kids.

        WeasyPrint writes the running header and footer of each page as
        elements that name a parent which does not list them: every element
        marked content points at must be in the tree a reader walks.
        """
        pikepdf = self.pikepdf
        node = element
        while isinstance(node, pikepdf.Dictionary) and node.is_indirect and node.objgen not in self.reached:
            parent = node.get("/P")
            if not isinstance(parent, pikepdf.Dictionary) or parent.get("/Type") == pikepdf.Name.StructTreeRoot:
                return
            kids = parent.get("/K")
            if kids is None:
                parent.K = pikepdf.Array([node])
            elif isinstance(kids, pikepdf.Array):
                kids.append(node)
            else:
                parent.K = pikepdf.Array([kids, node])
            self.reached |= self._walk(node, renamed)
            node = parent

    def _copy(self, obj):
        """`obj` of a source in `out`: an indirect object through qpdf's copier (so each is copied once and
        references to pages already copied find them), a direct array or dictionary member by member."""
        pikepdf = self.pikepdf
        if not isinstance(obj, pikepdf.Object):
            return obj
        if obj.is_indirect:
            return self.out.copy_foreign(obj)
        if isinstance(obj, pikepdf.Array):
            return pikepdf.Array([self._copy(item) for item in obj])
        if isinstance(obj, pikepdf.Dictionary):
            return pikepdf.Dictionary({key: self._copy(value) for key, value in obj.items()})
        return obj

    def _merge_map(self, source_map, merged: dict) -> dict:
        """Add `source_map` to `merged`; return this source's roles that clash with an earlier mapping."""
        clashes = {}
        for key, value in (source_map or {}).items():
            copied = self._copy(value)
            if key in merged and repr(merged[key]) != repr(copied):
                clashes[key] = copied
            else:
                merged.setdefault(key, copied)
        return clashes

    def _walk(self, element, renamed: dict) -> set[tuple[int, int]]:
        """Visit each element once: its role resolved if renamed, its ID made unique and indexed; return them."""
        pikepdf = self.pikepdf
        seen = set()
        stack = [element]
        while stack:
            node = stack.pop()
            if (
                not isinstance(node, pikepdf.Dictionary)
                or node.get("/Type", pikepdf.Name.StructElem) != pikepdf.Name.StructElem
            ):
                continue
            if node.is_indirect:
                if node.objgen in seen or node.objgen in self.reached:
                    continue
                seen.add(node.objgen)
            role = node.get("/S")
            if role is not None and str(role) in renamed:
                node.S = renamed[str(role)]
            if "/ID" in node:
                ident = bytes(node.ID)
                base, n = ident, 1
                while ident in self.ids:
                    n += 1
                    ident = base + f"-{n}".encode()
                self.ids.add(ident)
                node.ID = pikepdf.String(ident)
                self.id_names.append((ident, node))
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend(reversed(list(kids)))
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)
        return seen

    def finish(self) -> None:
        pikepdf = self.pikepdf
        if not self.kids:
            return
        self.document.K = self.kids
        nums = pikepdf.Array()
        for key, value in sorted(self.nums, key=lambda pair: pair[0]):
            nums.append(key)
            nums.append(value)
        tree = pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot,
            K=pikepdf.Array([self.document]),
            ParentTree=self.out.make_indirect(pikepdf.Dictionary(Nums=nums)),
            ParentTreeNextKey=self.next_key,
        )
        self.document.P = tree_ref = self.out.make_indirect(tree)
        if self.role_map:
            tree_ref.RoleMap = pikepdf.Dictionary(self.role_map)
        if self.class_map:
            tree_ref.ClassMap = pikepdf.Dictionary(self.class_map)
        if self.id_names:
            names = pikepdf.Array()
            for ident, node in sorted(self.id_names, key=lambda pair: pair[0]):
                names.append(pikepdf.String(ident))
                names.append(node)
            tree_ref.IDTree = pikepdf.Dictionary(Names=names)
        self.out.Root.StructTreeRoot = tree_ref


def _stamp_artifacts(out, stamp) -> None:
    """Lay `stamp`'s page N (or its only page) over page N, as an artifact so that readers skip it."""
    import pikepdf

    forms = {}
    for number, page in enumerate(out.pages):
        index = number if len(stamp.pages) > 1 else 0
        if index not in forms:
            forms[index] = out.copy_foreign(stamp.pages[index].as_form_xobject())
        name = page.add_resource(forms[index], pikepdf.Name.XObject, prefix="Stamp")
        placement = page.calc_form_xobject_placement(forms[index], name, pikepdf.Rectangle(page.trimbox))
        page.contents_add(pikepdf.Stream(out, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(out, b"Q\n/Artifact BMC\n" + placement + b"\nEMC\n"))


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
