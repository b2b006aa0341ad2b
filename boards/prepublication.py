"""Checks a paper must pass before it can be submitted or cleared."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pcp_portal.body import figure_labels

PLACEHOLDER = re.compile(r"X{3,}|\bTBC\b|\bTBA\b|\[\s*insert", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"


def paper_problems(paper) -> list[Problem]:
    problems: list[Problem] = []
    sections = list(paper.sections.all())
    recommendations = list(paper.recommendations.all())

    if not paper.purpose.strip():
        problems.append(Problem("Purpose", "The paper has no purpose."))
    if not recommendations:
        problems.append(Problem("Recommendations", "The paper has no recommendation."))
    if not paper.contact_officer_id:
        problems.append(Problem("Contact officer", "The paper names no contact officer."))

    texts = [("Title", paper.title), ("From", paper.from_post), ("Purpose", paper.purpose)]
    texts += [("Source documents", paper.source_documents)]
    for index, rec in enumerate(recommendations, start=1):
        if not rec.text.strip():
            problems.append(Problem(f"Recommendation {index}", "The recommendation has no text."))
        texts.append((f"Recommendation {index}", rec.text))
    for section in sections:
        name = f'Section "{section.heading}"'
        if not section.body.strip():
            problems.append(Problem(name, "The section is empty."))
        texts += [(name, section.heading), (name, section.body)]

    for where, text in texts:
        match = PLACEHOLDER.search(text or "")
        if match:
            problems.append(Problem(where, f'Placeholder text "{match.group(0)}" is still in place.'))
    problems += _figure_problems(paper, sections)
    return problems


def _figure_problems(paper, sections) -> list[Problem]:
    """Every figure the text shows is uploaded, every uploaded figure is shown, and each says what it shows."""
    problems = []
    figures = {figure.label: figure for figure in paper.figures.all()}
    shown: dict[str, str] = {}
    for where, body in [("Purpose", paper.purpose)] + [(f'Section "{s.heading}"', s.body) for s in sections]:
        for label in figure_labels(body):
            shown.setdefault(label, where)
            if label not in figures:
                problems.append(
                    Problem(where, f"The text shows Figure {label}, but the paper has no figure {label}: upload it.")
                )
    for label, figure in figures.items():
        if label not in shown:
            problems.append(
                Problem(
                    f"Figure {label}",
                    f"The text never shows it: write ![Figure {label}] where it belongs, or remove the figure.",
                )
            )
        if not figure.alt_text.strip():
            problems.append(Problem(f"Figure {label}", "The figure has no alternative text."))
    return problems
