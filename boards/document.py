"""A paper as a document: numbered sections built from its records.

The public page, the staff preview, the PDF and the version comparison all
read this one structure, so they cannot say different things.
"""

from __future__ import annotations

from dataclasses import dataclass

from pcp_portal.body import Footnote, Notes
from pcp_portal.text import Section, number_items, number_section


@dataclass(frozen=True)
class PaperDocument:
    paper: object
    sections: tuple[Section, ...]
    recommendations: tuple[str, ...]
    footnotes: tuple[Footnote, ...] = ()

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
        lines.append("Source documents: " + "; ".join(paper.source_document_list))
        lines.append(f"Contact officer: {paper.contact_description}")
        return "\n".join(lines)


def build_document(paper, *, sections=None, recommendations=None) -> PaperDocument:
    """Number the paper: purpose, recommendations, further sections, recommendations.

    `sections` and `recommendations` default to the paper's saved records;
    the version comparison passes historical ones instead.
    """
    if sections is None:
        sections = list(paper.sections.all())
    if recommendations is None:
        recommendations = list(paper.recommendations.all())
    wording = tuple(rec.wording for rec in sorted(recommendations, key=lambda r: (r.position, r.pk)))

    notes = Notes()
    figures = paper_figures(paper)
    numbered = [
        number_section(1, "Purpose", paper.purpose, figures=figures, notes=notes),
        number_items(2, "Recommendations", list(wording)),
    ]
    for section in sorted(sections, key=lambda s: (s.position, s.pk)):
        numbered.append(number_section(len(numbered) + 1, section.heading, section.body, figures=figures, notes=notes))
    numbered.append(number_items(len(numbered) + 1, "Recommendations", list(wording)))
    return PaperDocument(paper=paper, sections=tuple(numbered), recommendations=wording, footnotes=tuple(notes))


def paper_figures(paper) -> dict:
    """The figures the paper's body may show, by label ("1" for `![Figure 1]`)."""
    return {}
