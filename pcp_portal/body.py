"""The body text authors write, parsed with markdown-it-py and sanitised with nh3.

Authors write paragraphs separated by blank lines and never type numbers;
the portal numbers each paragraph. Inside a paragraph they may write
**bold**, *italic*, [links](https://example.org), bulleted lists ("- "),
numbered lists ("1."), lettered and roman lists ("(a)", "(i)"), nested two
levels deep, tables (a header row, right-aligned columns with "--:", a
header column by writing its cells in bold, a caption on a line
"Table: ..." just above), figures uploaded with the paper ("![Figure 1]" on
a line of its own) and footnotes ("[^1]" and "[^1]: the note").

A list, a table or a figure belongs to the paragraph above it, as bullets
always have; one that opens a body makes a paragraph of its own. Raw HTML is
shown as text, and whatever the parser makes is sanitised again by nh3, so
a body can carry nothing but the tags allowed below.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

# What a body may become: nothing else survives the sanitiser.
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "s", "code", "a", "sup", "span", "blockquote",
    "ul", "ol", "li", "table", "caption", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id", "class", "aria-label"},
    "ol": {"type", "start", "class"},
    "ul": {"class"},
    "li": {"id", "class"},
    "th": {"scope", "class"},
    "td": {"class"},
    "table": {"class"},
    "img": {"src", "alt", "class"},
    "figure": {"class", "id"},
    "sup": {"id", "class"},
    "span": {"class"},
    "p": {"class"},
    "blockquote": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}

FIGURE_SOURCE = re.compile(r"^figure:(\d+)$")
# "(a)", "(iv)" at the start of a line: a lettered or roman list item.
PAREN_MARKER = re.compile(r"^(?P<indent>[ \t]*)\((?P<marker>[a-z]{1,5})\)[ \t]+")
OTHER_BULLET = re.compile(r"^(?P<indent>[ \t]*)[\u2022\u25aa\u25e6\u2013][ \t]+")
FIGURE_SHORTCUT = re.compile(r"!\[\s*Figure\s+(\d+)\s*\](?![(\[])", re.IGNORECASE)
LIST_LINE = re.compile(r"^\s*([-*+]|\d+[.)])\s")
CAPTION = re.compile(r"^[ \t]*Table:[ \t]*(?P<caption>\S.*)$")
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
         "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15}  # fmt: skip


@dataclass(frozen=True)
class FigureRef:
    """An uploaded figure as the body may show it: `![Figure 1]` finds label "1"."""

    label: str
    src: str
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class Block:
    """One numbered paragraph's worth of body, in two parts, and its plain text.

    `lead` is the inside of the paragraph that opens the block (None when it
    opens with a list, a table or a figure): the number goes in front of it, in
    the same `<p>`; its white space is collapsed (see `one_line`). `rest` is what follows in the block (lists, tables,
    figures, quotations), each a top-level element of class `para-cont`, which
    the styles indent to the paragraph's text.
    """

    lead: SafeString | None
    rest: SafeString
    text: str

    @property
    def html(self) -> SafeString:
        """The block as plain HTML, without its number."""
        lead = "" if self.lead is None else f"<p>{self.lead}</p>\n"
        return mark_safe(lead + self.rest)  # noqa: S308 - both parts are sanitised


@dataclass(frozen=True)
class Footnote:
    number: int
    html: SafeString
    text: str


@dataclass
class Notes:
    """The footnotes of one document, numbered in order across all its bodies."""

    items: list[Footnote] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):
        return iter(self.items)


@dataclass(frozen=True)
class ParsedBody:
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...]


@cache
def parser() -> MarkdownIt:
    """CommonMark with tables, strikethrough and footnotes; no headings, code blocks, rules or HTML.

    Section headings are the sections' own; an indented line is a wrapped
    line, not code; raw HTML is text.
    """
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable(["heading", "lheading", "code", "fence", "hr", "html_block", "html_inline"])
    md.use(footnote_plugin, inline=False)
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    md.add_render_rule("image", _render_image)
    return md


def _marker_value(marker: str, style: str) -> int:
    if style == "i":
        return ROMAN.get(marker, 1)
    return ord(marker[0]) - ord("a") + 1 if len(marker) == 1 else 1


class Prepared(NamedTuple):
    """A body as markdown-it reads it.

    `styles` says on which of its lines a lettered ("a") or roman ("i") list
    starts; `origin` gives, for each of its lines, the line of the body it
    came from (None for a blank line put in to set a caption or a list apart).
    """

    source: str
    styles: dict[int, str]
    origin: list[int | None]


def prepare(body: str) -> Prepared:
    """The body as markdown-it reads it: "(a) text" becomes the ordered-list item "1) text",
    "• text" a bullet, and a "Table: ..." caption line is set apart so that it is a paragraph of its own.
    """
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    origin: list[int | None] = []
    styles: dict[int, str] = {}
    open_lists: dict[int, tuple[str, int]] = {}  # indent -> (style, last value)
    for number, line in enumerate(lines):
        line = OTHER_BULLET.sub(lambda m: f"{m.group('indent')}- ", line)
        match = PAREN_MARKER.match(line)
        if match:
            indent, marker = len(match.group("indent").expandtabs(4)), match.group("marker")
            current = open_lists.get(indent)
            if current and current[0] == "a" and len(marker) == 1 and _marker_value(marker, "a") == current[1] + 1:
                style = "a"
            elif current and current[0] == "i" and marker in ROMAN:
                style = "i"
            elif marker in ROMAN and (marker == "i" or (indent and marker not in "cdlmv")):
                style = "i"
            elif len(marker) == 1:
                style = "a"
            else:
                out.append(line)
                origin.append(number)
                continue
            value = _marker_value(marker, style)
            if current is None or current[0] != style:
                if not open_lists and not indent and out and out[-1].strip() and not LIST_LINE.match(out[-1]):
                    # A list under a sentence, even one that starts at (c), is a list.
                    out.append("")
                    origin.append(None)
                styles[len(out)] = style
            open_lists = {k: v for k, v in open_lists.items() if k <= indent}
            open_lists[indent] = (style, value)
            out.append(f"{match.group('indent')}{value}) {line[match.end() :]}")
            origin.append(number)
            continue
        stripped = line.strip()
        if stripped and not line[: len(line) - len(line.lstrip())] and not stripped.startswith(("-", "*", "|")):
            if not re.match(r"^\d+[.)]\s", stripped):
                open_lists = {}
        line = FIGURE_SHORTCUT.sub(lambda m: f"![Figure {m.group(1)}](figure:{m.group(1)})", line)
        if CAPTION.match(line) and out and out[-1].strip():
            out.append("")
            origin.append(None)
        out.append(line)
        origin.append(number)
    return Prepared("\n".join(out), styles, origin)


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(f"[{child.content}]")
        elif child.type == "footnote_ref":
            parts.append(f"[{child.meta['number']}]")
    return "".join(parts)


def plain_text(tokens: list[Token]) -> str:
    """The text of `tokens` as lines: list items with a dash, table cells with bars."""
    lines: list[str] = []
    row: list[str] | None = None
    depth = 0
    pending_item = False
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open":
            pending_item = True
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            lines.append(" | ".join(row or []))
            row = None
        elif token.type == "inline":
            text = _inline_text(token).strip()
            if row is not None:
                row.append(text)
            elif pending_item:
                lines.append("    " * (depth - 1) + "- " + text)
                pending_item = False
            elif text:
                lines.append(("    " * depth) + text if depth else text)
    return "\n".join(line.rstrip() for line in lines)


def split_footnotes(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """The body's own tokens, and the footnotes' tokens the footnote plugin put at the end."""
    for index, token in enumerate(tokens):
        if token.type == "footnote_block_open":
            return tokens[:index], tokens[index:]
    return tokens, []


def top_level_blocks(tokens: list[Token]):
    """The body's top-level blocks, each as its list of tokens."""
    block: list[Token] = []
    for token in tokens:
        block.append(token)
        if token.level == 0 and token.nesting <= 0:
            yield block
            block = []
    if block:
        yield block


def is_caption(block: list[Token]) -> bool:
    return block[0].type == "paragraph_open" and bool(CAPTION.match(block[1].content))


def figure_of(block: list[Token]) -> Token | None:
    """The image, when a paragraph is nothing but one image: a figure."""
    if block[0].type != "paragraph_open" or len(block) != 3:
        return None
    children = [c for c in block[1].children or [] if not (c.type == "text" and not c.content.strip())]
    return children[0] if len(children) == 1 and children[0].type == "image" else None


def paragraph_groups(tokens: list[Token]) -> list[list[list[Token]]]:
    """The blocks of each numbered paragraph: a paragraph of text starts one; a list, a table or a
    figure joins the one before it (or starts one when it opens the body); a caption joins its table."""
    groups: list[list[list[Token]]] = []
    blocks = list(top_level_blocks(tokens))
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if is_caption(block) and following and following[0].type == "table_open":
            following[0].meta["caption"] = block[1]
            continue
        starts_paragraph = block[0].type == "paragraph_open" and not figure_of(block)
        if starts_paragraph or not groups:
            groups.append([block])
        else:
            groups[-1].append(block)
    return groups


def missing_figure(image: Token) -> str:
    return f"[{image.content or 'image'}: not shown; upload it as a figure of this paper]"


class _Builder:
    """Turns one body's token stream into numbered blocks and footnotes."""

    def __init__(self, figures: Mapping[str, FigureRef], notes: Notes | None):
        self.figures = figures
        self.notes = notes if notes is not None else Notes()
        self.md = parser()

    def parse(self, body: str) -> ParsedBody:
        source, list_styles, _ = prepare(body or "")
        env: dict = {"figures": self.figures}
        tokens = self.md.parse(source, env)
        tokens, footnote_tokens = split_footnotes(tokens)
        first_note = len(self.notes.items)
        self._number_footnote_refs(tokens + footnote_tokens, first_note)
        for token in tokens:
            self._adjust(token, list_styles)
        footnotes = self._footnotes(footnote_tokens, first_note, env)
        self.notes.items.extend(footnotes)
        blocks = [self._block(group, env) for group in paragraph_groups(tokens)]
        return ParsedBody(blocks=tuple(blocks), footnotes=tuple(footnotes))

    # -- footnotes -------------------------------------------------------
    @staticmethod
    def _number_footnote_refs(tokens, first_note):
        for token in tokens:
            for child in token.children or []:
                if child.type == "footnote_ref":
                    child.meta["number"] = first_note + child.meta["id"] + 1

    def _footnotes(self, tokens, first_note, env) -> list[Footnote]:
        notes: list[Footnote] = []
        current: list[Token] | None = None
        ident = 0
        for token in tokens:
            if token.type == "footnote_open":
                current, ident = [], token.meta["id"]
            elif token.type == "footnote_close" and current is not None:
                number = first_note + ident + 1
                html = sanitise(self.render(current, env))
                notes.append(Footnote(number=number, html=html, text=plain_text(current)))
                current = None
            elif current is not None and token.type != "footnote_anchor":
                current.append(token)
        return sorted(notes, key=lambda note: note.number)

    # -- rendering ---------------------------------------------------------
    def _adjust(self, token: Token, list_styles: dict[int, str]) -> None:
        """Lettered lists, table cells' alignment and scope, as the renderer should print them."""
        if token.type == "ordered_list_open" and token.map and token.map[0] in list_styles:
            token.attrSet("type", list_styles[token.map[0]])
            token.attrSet("class", "list-parens")
        if token.type in ("th_open", "td_open"):
            style = token.attrGet("style") or ""
            token.attrs.pop("style", None)
            align = re.search(r"text-align:(\w+)", style)
            if align and align.group(1) in ("right", "center"):
                token.attrSet("class", "text-end" if align.group(1) == "right" else "text-center")
            if token.type == "th_open":
                token.attrSet("scope", "col")

    def _row_headers(self, block: list[Token]) -> None:
        """A table whose first-column body cells are all bold has a header column."""
        firsts: list[int] = []
        at_row_start = False
        for index, token in enumerate(block):
            if token.type == "tr_open":
                at_row_start = True
            elif token.type == "td_open" and at_row_start:
                firsts.append(index)
                at_row_start = False
            elif token.type == "th_open":
                at_row_start = False
        if not firsts:
            return
        for index in firsts:
            children = [c for c in block[index + 1].children or [] if c.type != "text" or c.content.strip()]
            if not (children and children[0].type == "strong_open" and children[-1].type == "strong_close"):
                return
        for index in firsts:
            cell, inline = block[index], block[index + 1]
            cell.type, cell.tag = "th_open", "th"
            cell.attrSet("scope", "row")
            inline.children = [c for c in inline.children if c.type not in ("strong_open", "strong_close")]
            close = next(i for i in range(index + 2, len(block)) if block[i].type == "td_close")
            block[close].type, block[close].tag = "th_close", "th"

    def _block(self, group, env) -> Block:
        tokens_seen = []
        for block in group:
            if block[0].type == "table_open":
                self._row_headers(block)
                caption = block[0].meta.get("caption")
                if caption is not None:
                    tokens_seen.append(caption)
            tokens_seen.extend(block)
        text = plain_text(tokens_seen)
        lead, html_parts = None, []
        for position, block in enumerate(group):
            figure = figure_of(block)
            if figure is not None:
                html_parts.append(self._figure_html(figure, env))
            elif position == 0 and block[0].type == "paragraph_open":
                lead = self.md.renderer.renderInline(block[1].children or [], self.md.options, env)
            elif block[0].type == "table_open":
                block[0].attrSet("class", "body-table para-cont")
                html = self.render(block, env)
                caption = block[0].meta.get("caption")
                if caption is not None:
                    opening = '<table class="body-table para-cont">'
                    caption_text = CAPTION.match(caption.content).group("caption")
                    html = html.replace(opening, f"{opening}<caption>{escape(caption_text)}</caption>", 1)
                html_parts.append(html)
            elif block[0].type in ("bullet_list_open", "ordered_list_open"):
                block[0].attrJoin("class", "para-cont")
                html_parts.append(self._list_html(block, env))
            else:
                block[0].attrJoin("class", "para-cont")
                html_parts.append(self.render(block, env))
        return Block(
            lead=None if lead is None else one_line(sanitise(lead)),
            rest=sanitise("".join(html_parts)),
            text=text,
        )

    def _list_html(self, block: list[Token], env) -> str:
        """A list with its bullets as text: "•" and a tab open each item of a bulleted list.

        A bullet drawn by the styles (a list marker, or generated content) is a
        box of its own for every item, which costs a PDF its layout time; as
        text it is one more character of the item's first line. The styles hang
        it in the item's indent and keep the tab (`white-space: pre-wrap`), so the
        list's HTML is put on one line: line breaks in its text become spaces and
        the renderer's line breaks between tags go.
        """
        kinds: list[str] = []
        bullet_pending = False
        for token in block:
            if token.type in ("bullet_list_open", "ordered_list_open"):
                kinds.append(token.type)
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                kinds.pop()
            elif token.type == "list_item_open":
                bullet_pending = kinds[-1] == "bullet_list_open"
            elif token.type == "inline":
                for child in token.children or []:
                    if child.type == "softbreak":
                        child.type, child.content = "text", " "
                if bullet_pending:
                    token.children = [Token("text", "", 0, content="\u2022\t"), *(token.children or [])]
                    bullet_pending = False
        return re.sub(r"\n+", "", self.render(block, env))

    def _figure_html(self, image: Token, env) -> str:
        figure = self._figure_for(image)
        if figure is None:
            return f'<p class="para-cont">{escape(missing_figure(image))}</p>'
        caption = f"Figure {figure.label}" + (f": {figure.caption}" if figure.caption else "")
        return (
            f'<figure class="body-figure para-cont" id="figure-{escape(figure.label)}">'
            f'<img src="{escape(figure.src)}" alt="{escape(figure.alt)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>"
        )

    def _figure_for(self, image: Token) -> FigureRef | None:
        match = FIGURE_SOURCE.match(image.attrGet("src") or "")
        return self.figures.get(match.group(1)) if match else None

    def render(self, tokens, env) -> str:
        return self.md.renderer.render(tokens, self.md.options, env)


def _render_footnote_ref(self, tokens, idx, options, env):
    number = tokens[idx].meta["number"]
    suffix = f"-{tokens[idx].meta['subId']}" if tokens[idx].meta["subId"] else ""
    return (
        f'<sup class="footnote-ref" id="fnref-{number}{suffix}">'
        f'<a href="#fn-{number}" aria-label="Footnote {number}">{number}</a></sup>'
    )


def _render_image(self, tokens, idx, options, env):
    """An image inside a sentence: an uploaded figure, or the note that it is not one."""
    image = tokens[idx]
    match = FIGURE_SOURCE.match(image.attrGet("src") or "")
    figure = env.get("figures", {}).get(match.group(1)) if match else None
    if figure is None:
        return escape(missing_figure(image))
    return f'<img class="inline-figure" src="{escape(figure.src)}" alt="{escape(figure.alt)}">'


def one_line(html: str) -> SafeString:
    """A paragraph's inside with its white space collapsed, no line breaks but its `<br>`s.

    A numbered paragraph keeps its white space as typed (`white-space: pre-wrap`,
    for the tab after its number), so the text is put on one line first. Only
    the white space HTML collapses is touched: a no-break space stays.
    """
    html = re.sub(r"<br>[ \t\r\n\f]*", "<br>", html)
    return mark_safe(re.sub(r"[ \t\r\n\f]+", " ", html).strip(" "))  # noqa: S308 - white space only


def sanitise(html: str) -> SafeString:
    """`html` with only the tags, attributes and URL schemes a body may carry."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned.strip())  # noqa: S308 - nh3 has just sanitised it


def parse(body: str, *, figures: Mapping[str, FigureRef] | None = None, notes: Notes | None = None) -> ParsedBody:
    """`body` as numbered-paragraph blocks; its footnotes join `notes`, numbered after those already there."""
    return _Builder(figures or {}, notes).parse(body)


def figure_labels(body: str) -> list[str]:
    """The labels of the uploaded figures `body` shows ("2" for `![Figure 2]`), in order, each once."""
    labels: dict[str, None] = {}
    for token in parser().parse(prepare(body or "").source, {"figures": {}}):
        for child in token.children or []:
            match = FIGURE_SOURCE.match(child.attrGet("src") or "") if child.type == "image" else None
            if match:
                labels[match.group(1)] = None
    return list(labels)
