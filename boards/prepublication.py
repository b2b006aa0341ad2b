"""Checks a paper must pass before it can be submitted or cleared."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    sources = paper.source_documents.all()
    texts += [(f"Source document {index}", source.title) for index, source in enumerate(sources, start=1)]
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
    return problems
