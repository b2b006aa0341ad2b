"""A paper as a document: numbered sections built from its records.

The public page, the staff preview, the PDF and the version comparison all
read this one structure, so they cannot say different things.
"""

from __future__ import annotations

from dataclasses import dataclass

from pcp_portal.body import Footnote, Notes
from pcp_portal.text import Section, number_items, number_section

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


def build_document(paper, *, sections=None, recommendations=None, sources=None, further_contacts=None) -> PaperDocument:
    """Number the paper: purpose, recommendations, further sections, recommendations; then its bibliography.

    `sections`, `recommendations`, `sources` and `further_contacts` default to
    the paper's saved records; the version comparison passes historical ones instead.
    """
    if sections is None:
        sections = list(paper.sections.all())
    if recommendations is None:
        recommendations = list(paper.recommendations.all())
    if sources is None:
        sources = list(paper.source_documents.all())
    wording = tuple(rec.wording for rec in sorted(recommendations, key=lambda r: (r.position, r.pk)))
    heading = recommendations_heading(len(wording))

    notes = Notes()
    figures = paper_figures(paper)
    numbered = [
        number_section(1, "Purpose", paper.purpose, figures=figures, notes=notes),
        number_items(2, heading, list(wording)),
    ]
    for section in sorted(sections, key=lambda s: (s.position, s.pk)):
        numbered.append(number_section(len(numbered) + 1, section.heading, section.body, figures=figures, notes=notes))
    numbered.append(number_items(len(numbered) + 1, heading, list(wording)))
    return PaperDocument(
        paper=paper,
        sections=tuple(numbered),
        recommendations=wording,
        footnotes=tuple(notes),
        sources=bibliography_sources(sources),
        contacts=tuple(paper.contact_descriptions(further_contacts)),
    )


def paper_figures(paper) -> dict:
    """The figures the paper's body may show, by label ("1" for `![Figure 1]`)."""
    return {}
