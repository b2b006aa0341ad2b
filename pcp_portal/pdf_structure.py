"""Merging tagged PDFs: one structure tree grown from the trees of the files merged (see `pcp_portal.pdf.merge_pdfs`).

pikepdf (qpdf) copies pages but not the catalogue's structure tree, so a
merged file would lose every paper's tags; this module carries them over.
Imports no app.
"""

from __future__ import annotations


def tagged(pdf) -> bool:
    """Whether an open PDF says it is tagged and has a structure tree."""
    import pikepdf

    mark_info = pdf.Root.get("/MarkInfo")
    marked = isinstance(mark_info, pikepdf.Dictionary) and bool(mark_info.get("/Marked", False))
    return marked and "/StructTreeRoot" in pdf.Root and "/K" in pdf.Root.StructTreeRoot


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
        self.element_type = pikepdf.Name.StructElem

    def add(self, source, pages, title: str) -> None:
        pikepdf = self.pikepdf
        if not tagged(source):
            return
        # The whole tree in one pass of qpdf's copier (elements, parent tree, maps), each object copied
        # once; its references to pages find the pages already copied.
        tree = self._copy(source.Root.StructTreeRoot)
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
                self.nums.append((key + offset, value))
                marked.extend(value if isinstance(value, pikepdf.Array) else [value])
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
        for copied in tops:
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
        """Add `source_map` (copied) to `merged`; return this source's roles that clash with an earlier mapping."""
        clashes = {}
        for key, value in (source_map or {}).items():
            if key in merged and repr(merged[key]) != repr(value):
                clashes[key] = value
            else:
                merged.setdefault(key, value)
        return clashes

    def _walk(self, element, renamed: dict) -> set[tuple[int, int]]:
        """Visit each element once: its role resolved if renamed, its ID made unique and indexed; return them."""
        pikepdf = self.pikepdf
        dictionary, array, element_type = pikepdf.Dictionary, pikepdf.Array, self.element_type
        seen, reached, ids = set(), self.reached, self.ids
        stack = [element]
        while stack:
            node = stack.pop()
            kind = node.get("/Type")
            if kind is not None and kind != element_type:
                continue  # a marked-content or object reference, not an element
            if node.is_indirect:
                objgen = node.objgen
                if objgen in seen or objgen in reached:
                    continue
                seen.add(objgen)
            if renamed:
                role = node.get("/S")
                if role is not None and str(role) in renamed:
                    node.S = renamed[str(role)]
            if "/ID" in node:
                ident = bytes(node.ID)
                base, n = ident, 1
                while ident in ids:
                    n += 1
                    ident = base + f"-{n}".encode()
                ids.add(ident)
                if ident != base:
                    node.ID = pikepdf.String(ident)
                self.id_names.append((ident, node))
            kids = node.get("/K")
            if isinstance(kids, array):
                stack.extend([kid for kid in reversed(list(kids)) if isinstance(kid, dictionary)])
            elif isinstance(kids, dictionary):
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


MM = 72 / 25.4


def _to_unicode(font) -> dict[bytes, str]:
    """The codes of a font and the text each stands for, read from its /ToUnicode map (`bfchar` and `bfrange`)."""
    import re

    data = font.ToUnicode.read_bytes().decode("latin-1")
    found: dict[bytes, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            found[bytes.fromhex(code)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for first, last, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start, width = int(first, 16), len(first) // 2
            for n in range(int(last, 16) - start + 1):
                found[(start + n).to_bytes(width, "big")] = chr(int(text, 16) + n)
    return found


def _cid_widths(font) -> tuple[dict[int, float], float]:
    """A composite font's glyph widths by code (its /W array, both forms) and the default (/DW)."""
    import pikepdf

    descendant = font.DescendantFonts[0]
    widths: dict[int, float] = {}
    entries = list(descendant.get("/W", []))
    index = 0
    while index < len(entries):
        first = int(entries[index])
        if isinstance(entries[index + 1], pikepdf.Array):
            for n, width in enumerate(entries[index + 1]):
                widths[first + n] = float(width)
            index += 2
        else:
            for code in range(first, int(entries[index + 1]) + 1):
                widths[code] = float(entries[index + 2])
            index += 3
    return widths, float(descendant.get("/DW", 1000))


class StampType:
    """The type of a stamp, taken from a sample page WeasyPrint wrote in it: each character's font, code and width.

    The fonts are copied into `out` once and named in each stamped page's
    resources; the sample shows every character the stamp may need, so the
    fonts are the embedded subsets of those characters (PDF/UA asks for every
    font to be embedded) and their /ToUnicode maps make the stamp's text
    extractable ("Pack page 3").
    """

    def __init__(self, out, sample):
        import pikepdf

        self.pikepdf = pikepdf
        self.fonts = []  # (resource name, font in `out`)
        self.glyphs: dict[str, tuple[int, bytes, float]] = {}  # character: font, code, width in 1/1000 em
        self.ascent = 0.0
        for font in sample.pages[0].obj.Resources.Font.values():
            if font.get("/Subtype") != pikepdf.Name.Type0:
                continue  # WeasyPrint writes outline fonts as composite fonts; a bitmap font is not used
            widths, default = _cid_widths(font)
            index = len(self.fonts)
            self.fonts.append((f"/PackStamp{index}".encode(), out.copy_foreign(font)))
            self.ascent = max(self.ascent, float(font.DescendantFonts[0].FontDescriptor.Ascent))
            for code, text in _to_unicode(font).items():
                if len(text) == 1 and text not in self.glyphs:
                    self.glyphs[text] = (index, code, widths.get(int.from_bytes(code, "big"), default))

    def show(self, text: str, size: float) -> tuple[bytes, float]:
        """Text operators that show `text` at `size` points from the current point, and its width in points."""
        missing = [char for char in text if char not in self.glyphs]
        if missing:
            raise ValueError(f"The stamp's type has no glyph for {''.join(dict.fromkeys(missing))!r}.")
        operators, width, current, codes = [], 0.0, None, b""
        for char in text:
            font, code, advance = self.glyphs[char]
            if font != current and codes:
                operators.append(b"%s %g Tf <%s> Tj" % (self.fonts[current][0], size, codes.hex().encode()))
                codes = b""
            current = font
            codes += code
            width += advance * size / 1000
        if codes:
            operators.append(b"%s %g Tf <%s> Tj" % (self.fonts[current][0], size, codes.hex().encode()))
        return b" ".join(operators), width

    def name_fonts(self, page) -> dict[bytes, bytes]:
        """Put the fonts in `page`'s resources (pages may share a resource dictionary); return the names used."""
        pikepdf = self.pikepdf
        resources = page.resources
        if "/Font" not in resources:
            resources.Font = pikepdf.Dictionary()
        fonts = resources.Font
        names = {}
        for name, font in self.fonts:
            chosen, n = name.decode(), 0
            while chosen in fonts and fonts[chosen].objgen != font.objgen:
                n += 1
                chosen = f"{name.decode()}-{n}"
            if chosen not in fonts:
                fonts[chosen] = font
            names[name] = chosen.encode()
        return names


def stamp_artifacts(out, sample, *, number: str = "", marking: str = "", size: float = 8) -> None:
    """Write `number` (its "{}" the page's number in `out`) at the top right of every page and `marking` centred
    at the top in dark red, in the type of `sample` (see `StampType`), as pagination artifacts readers skip.

    Each page's own content is wrapped in q/Q so the stamp starts from the
    default graphics state; the text is placed on the page's trim box (4 mm
    from its top, the number 8 mm from its right), whatever the page's size.
    """
    import pikepdf

    kind = StampType(out, sample)
    wrap = pikepdf.Stream(out, b"q\n")  # one stream, shared by every page
    for index, page in enumerate(out.pages, start=1):
        left, bottom, right, top = (float(v) for v in page.trimbox)
        left, right, bottom, top = min(left, right), max(left, right), min(bottom, top), max(bottom, top)
        baseline = top - 4 * MM - kind.ascent * size / 1000
        lines = []
        if marking:
            shown, width = kind.show(marking, size)
            centre = (left + right - width) / 2
            lines.append(b"0.541 0.110 0.110 rg 1 0 0 1 %.2f %.2f Tm %s" % (centre, baseline, shown))
        if number:
            shown, width = kind.show(number.format(index), size)
            lines.append(b"0 g 1 0 0 1 %.2f %.2f Tm %s" % (right - 8 * MM - width, baseline, shown))
        text = b"\n".join(lines)
        for name, chosen in kind.name_fonts(page).items():
            if name != chosen:
                text = text.replace(name + b" ", chosen + b" ")
        page.contents_add(wrap, prepend=True)
        page.contents_add(
            pikepdf.Stream(
                out, b"Q\n/Artifact <</Type /Pagination /Subtype /Header>> BDC\nq BT\n" + text + b"\nET Q\nEMC\n"
            )
        )
