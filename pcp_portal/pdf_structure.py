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

    def add(self, source, pages, title: str) -> None:
        pikepdf = self.pikepdf
        if not tagged(source):
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


def stamp_artifacts(out, stamp) -> None:
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
