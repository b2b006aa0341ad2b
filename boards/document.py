"""A paper as a document: numbered sections built from its records.

The public page, the staff preview, the PDF and the version comparison all
read this one structure, so they cannot say different things.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from pcp_portal.body import FigureRef, Footnote, Notes
from pcp_portal.text import Section, number_items, number_section, printed_section

from .models import Paper


@dataclass(frozen=True)
class Source:
    """A source document as the bibliography prints it: its title, and a link only to a public paper."""

    title: str
    url: str = ""


@dataclass(frozen=True)
class PaperDocument:
    paper: object
    sections: tuple[Section, ...]
    recommendations: tuple[str, ...]
    footnotes: tuple[Footnote, ...] = ()
    sources: tuple[Source, ...] = ()
    contacts: tuple[str, ...] = ()
    figures: tuple = ()  # the paper's Figure records (or historical ones), in order

    @property
    def marking(self) -> str:
        return self.paper.marking

    def as_text(self) -> str:
        """The document as plain lines, for comparing two versions."""
        paper = self.paper
        lines = [
            f"Marking: {paper.marking}",
            f"To: {paper.board}",
            f"From: {paper.from_post}",
            f"Date: {paper.date:%d %B %Y}",
            "",
            paper.title.upper(),
            "",
        ]
        for section in self.sections:
            lines.append(f"{section.number}. {section.heading}")
            for paragraph in section.paragraphs:
                first, *rest = paragraph.text.split("\n") or [""]
                lines.append(f"{paragraph.number} {first}".rstrip())
                lines.extend(f"    {line}" for line in rest)
            lines.append("")
        if self.footnotes:
            lines.append("Notes")
            lines.extend(f"{note.number}. {note.text}" for note in self.footnotes)
            lines.append("")
        if self.figures:
            # Alternative text and captions are the paper's text too (search finds them); the image's
            # facts make a replaced image show in the comparison of versions.
            lines.append("Figures")
            for figure in self.figures:
                lines.append(f"Figure {figure.position + 1}: {figure.caption}".rstrip(": "))
                lines.append(f"    Alternative text: {figure.alt_text}")
                lines.append(f"    Image: {_image_facts(figure)}")
            lines.append("")
        sources = (f"{source.title} <{source.url}>" if source.url else source.title for source in self.sources)
        lines.append("Source documents: " + "; ".join(sources))
        lines.append("Contact officers: " + "; ".join(self.contacts))
        lines.append(f"Location: {paper.location}")
        return "\n".join(lines)


def recommendations_heading(count: int) -> str:
    return "Recommendation" if count == 1 else "Recommendations"


def bibliography_sources(rows) -> tuple[Source, ...]:
    """The source documents in order; a linked paper is linked only if the public may read its text."""
    rows = sorted(rows, key=lambda row: (row.position, row.pk))
    linked = {row.linked_paper_id for row in rows if row.linked_paper_id}
    public = {paper.pk: paper for paper in Paper.objects.public_text().filter(pk__in=linked)} if linked else {}
    urls = {pk: paper.get_absolute_url() for pk, paper in public.items()}
    return tuple(Source(title=row.title, url=urls.get(row.linked_paper_id, "")) for row in rows)


def build_document(
    paper, *, sections=None, recommendations=None, sources=None, further_contacts=None, figures=None, public=False
) -> PaperDocument:
    """Number the paper: purpose, recommendations, further sections, recommendations; then its bibliography.

    `sections`, `recommendations`, `sources`, `further_contacts` and `figures`
    default to the paper's saved records; the version comparison passes
    historical ones instead. `public` says the document is for the public
    page, whose figures are shown from the public URLs; everywhere else (the
    workspace, the PDF) from the staff ones.
    """
    if sections is None:
        sections = list(paper.sections.all())
    if recommendations is None:
        recommendations = list(paper.recommendations.all())
    if sources is None:
        sources = list(paper.source_documents.all())
    if figures is None:
        figures = list(paper.figures.all())
    figures = sorted(figures, key=lambda f: (f.position, f.pk))
    wording = tuple(rec.wording for rec in sorted(recommendations, key=lambda r: (r.position, r.pk)))
    heading = recommendations_heading(len(wording))

    notes = Notes()
    refs = paper_figures(paper, figures=figures, public=public)
    # An imported paper keeps the numbers it was published with; the portal numbers its own papers.
    printed = getattr(paper, "printed_numbers", None) if paper.imported_at else None

    def numbers(index: int) -> tuple[str, list[str] | None]:
        return printed_section(printed, index, index + 1)

    number, labels = numbers(0)
    numbered = [number_section(number, "Purpose", paper.purpose, figures=refs, notes=notes, printed=labels)]
    number, labels = numbers(1)
    numbered.append(number_items(number, heading, list(wording), printed=labels))
    for section in sorted(sections, key=lambda s: (s.position, s.pk)):
        number, labels = numbers(len(numbered))
        numbered.append(
            number_section(number, section.heading, section.body, figures=refs, notes=notes, printed=labels)
        )
    number, labels = numbers(len(numbered))
    # An imported paper whose closing section said something other than section 2 keeps what it printed.
    closing = list((printed or {}).get("closing") or wording)
    numbered.append(number_items(number, recommendations_heading(len(closing)), closing, printed=labels))
    return PaperDocument(
        paper=paper,
        sections=tuple(numbered),
        recommendations=wording,
        footnotes=tuple(notes),
        sources=bibliography_sources(sources),
        contacts=tuple(paper.contact_descriptions(further_contacts)),
        figures=tuple(figures),
    )


def paper_figures(paper, *, figures=None, public: bool = False) -> dict[str, FigureRef]:
    """The figures the paper's body may show, by label ("1" for `![Figure 1]`).

    Each is shown from the URL right for where the paper is read: the public
    one on the public page (which the public reaches only while the paper's
    text is public), the staff one in the workspace preview and the PDF (the
    PDF's renderer reads those from storage, see `boards.rendering`).
    """
    if figures is None:
        figures = paper.figures.all()
    refs = {}
    for figure in figures:
        url = reverse("boards:figure" if public else "boards:staff_figure", args=[paper.pk, figure.pk])
        refs[figure.label] = FigureRef(label=figure.label, src=url, alt=figure.alt_text, caption=figure.caption)
    return refs


def _image_facts(figure) -> str:
    kind = {"image/png": "PNG", "image/jpeg": "JPEG", "image/svg+xml": "SVG"}.get(figure.content_type, "image")
    size = f", {figure.width} × {figure.height}" if figure.width and figure.height else ""
    return f"{kind}{size}, SHA-256 {figure.sha256[:12]}"
