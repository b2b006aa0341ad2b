"""Checks a paper must pass before it can be submitted or cleared.

Each problem says where it is as the paper will print it (section and
paragraph numbers from `build_document`) and what to do about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pcp_portal import checks
from pcp_portal.body import figure_labels
from pcp_portal.text import Section as NumberedSection
from pcp_portal.text import joined

from .document import build_document, paper_figures

PLACEHOLDER = re.compile(r"X{3,}|\bTBC\b|\bTBA\b|\[\s*insert", re.IGNORECASE)

#: The kind of problem "Remove typed numbers" fixes.
TYPED_NUMBER = "typed-number"


@dataclass(frozen=True)
class Problem:
    where: str
    message: str
    kind: str = ""
    # (section, paragraph) as printed, to list the problems in the order of the paper.
    at: tuple[int, int] = field(default=(0, 0), compare=False)

    def __str__(self):
        return f"{self.where}: {self.message}"


def paper_problems(paper, *, document=None) -> list[Problem]:
    """Every problem of `paper`; `document` is its numbered document when the caller has already built it."""
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
    numbers = {section.pk: index for index, section in enumerate(sorted(sections, key=lambda s: (s.position, s.pk)), 3)}
    for section in sections:
        name = f'Section {numbers[section.pk]} "{section.heading}"'
        if not section.body.strip():
            problems.append(Problem(name, "The section is empty."))
        texts += [(name, section.heading), (name, section.body)]

    for where, text in texts:
        match = PLACEHOLDER.search(text or "")
        if match:
            problems.append(Problem(where, f'Placeholder text "{match.group(0)}" is still in place.'))
    return problems + text_problems(paper, sections, recommendations, document=document)


@dataclass(frozen=True)
class _Body:
    """A body the author wrote, with the numbered section it prints as."""

    section: NumberedSection
    body: str
    heading: str | None  # None for the purpose, whose heading the portal writes


def _problem(section: NumberedSection, paragraph: int | None, message: str, kind: str = "") -> Problem:
    """A problem in `section` (in its paragraph of index `paragraph`, if given)."""
    where = f'Section {section.number} "{section.heading}"'
    at = (int(section.number), 0)
    if paragraph is not None and 0 <= paragraph < len(section.paragraphs):
        where += f", paragraph {section.paragraphs[paragraph].number}"
        at = (int(section.number), paragraph + 1)
    return Problem(where, message, kind, at)


def _shorten(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def text_problems(paper, sections=None, recommendations=None, *, document=None) -> list[Problem]:
    """What real papers get wrong in their text: typed numbers, repeated headings, references, tables, figures."""
    sections = list(paper.sections.all()) if sections is None else sections
    recommendations = list(paper.recommendations.all()) if recommendations is None else recommendations
    if document is None:
        document = build_document(paper, sections=sections, recommendations=recommendations)
    ordered = sorted(sections, key=lambda s: (s.position, s.pk or 0))
    bodies = [_Body(document.sections[0], paper.purpose, None)]
    bodies += [_Body(document.sections[2 + i], s.body, s.heading) for i, s in enumerate(ordered)]
    closing = document.sections[-1].number

    problems: list[Problem] = []
    problems += _typed_numbers(bodies)
    problems += _repeated_headings(bodies)
    problems += _appendix_references(paper, document, bodies)
    problems += _recommending_sentences(recommendations, bodies, closing)
    # The figures as the document read them: one query, not one per check.
    problems += _tables_and_figures(paper_figures(paper, figures=document.figures), bodies)
    problems += _unshown_figures(document.figures, bodies)
    return sorted(dict.fromkeys(problems), key=lambda problem: problem.at)


def _unshown_figures(figures, bodies: list[_Body]) -> list[Problem]:
    """An uploaded figure the text never shows would be published without a place in the paper.

    (A figure the text shows is checked where it is shown, alternative text included.)
    """
    shown = {label for item in bodies for label in figure_labels(item.body)}
    problems = []
    for figure in figures:
        if figure.label in shown:
            continue
        where = f"Figure {figure.label}"
        problems.append(
            Problem(
                where,
                f"The text never shows it: write ![Figure {figure.label}] where it belongs, or remove the figure.",
                at=(99, figure.position),
            )
        )
        if not figure.alt_text.strip():
            problems.append(
                Problem(where, "The figure has no alternative text: say what it shows.", at=(99, figure.position))
            )
    return problems


STRIP_HINT = 'Remove it, or use "Remove typed numbers" in the editor to remove every typed number at once.'


def _typed_numbers(bodies: list[_Body]) -> list[Problem]:
    problems = []
    for item in bodies:
        number = checks.heading_number(item.heading or "")
        if number:
            problems.append(
                _problem(
                    item.section,
                    None,
                    f'The heading starts with the typed number "{number}"; the portal numbers sections itself. '
                    + STRIP_HINT,
                    TYPED_NUMBER,
                )
            )
        lines = item.body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for found in checks.typed_numbers(item.body):
            line = _shorten(lines[found.line].strip(), 60)
            problems.append(
                _problem(
                    item.section,
                    found.paragraph,
                    f'The line "{line}" starts with the typed number "{found.number}"; '
                    f"the portal numbers paragraphs itself. " + STRIP_HINT,
                    TYPED_NUMBER,
                )
            )
    return problems


def _heading_key(heading: str) -> str:
    return " ".join(checks.strip_heading_number(heading).casefold().split()).rstrip(":.; ")


def _repeated_headings(bodies: list[_Body]) -> list[Problem]:
    problems = []
    # The sections the portal writes itself, whatever the author calls them.
    written = {"purpose": "1", "recommendations": "2", "recommendation": "2"}
    seen: dict[str, NumberedSection] = {}
    for item in bodies[1:]:
        key = _heading_key(item.section.heading)
        if key in written:
            problems.append(
                _problem(
                    item.section,
                    None,
                    f"Section {written[key]} is the paper's {'purpose' if key == 'purpose' else 'recommendations'}, "
                    "written by the portal from its records: put the text there, and remove or rename this section.",
                )
            )
        elif key in seen:
            problems.append(
                _problem(
                    item.section,
                    None,
                    f"Section {seen[key].number} has the same heading. Give each section a heading of its own, "
                    "or merge the two.",
                )
            )
        else:
            seen[key] = item.section
    return problems


def _appendix_references(paper, document, bodies: list[_Body]) -> list[Problem]:
    labels = [appendix.label for appendix in paper.appendices.all()]
    by_number = bool(labels) and all(label.isdigit() for label in labels)
    texts: list[tuple[NumberedSection, int | None, str]] = []
    for item in bodies[1:]:
        texts.append((item.section, None, item.section.heading))
    for section in (document.sections[0], document.sections[1], *document.sections[2:-1]):
        texts += [(section, i, paragraph.text) for i, paragraph in enumerate(section.paragraphs)]

    problems = []
    named = joined([f"Appendix {label}" for label in labels]) if labels else ""
    for section, paragraph, text in texts:
        for label in checks.appendix_references(text):
            if label in labels:
                continue
            if not labels:
                message = f"Refers to Appendix {label}, but the paper has no appendix."
            elif label.isdigit() != by_number:
                style = "number" if by_number else "letter"
                message = f"Refers to Appendix {label}, but this paper names its appendices by {style}: {named}."
            else:
                message = f"Refers to Appendix {label}, but the paper's appendices are {named}."
            message += " Correct the reference, or upload the appendix under Appendices."
            problems.append(_problem(section, paragraph, message))
        if not labels:
            for phrase in checks.attachment_mentions(text):
                problems.append(
                    _problem(
                        section,
                        paragraph,
                        f'Speaks of "{phrase}", but the paper has no appendix. '
                        "Upload it under Appendices, or reword the sentence.",
                    )
                )
    return problems


def _recommending_sentences(recommendations, bodies: list[_Body], closing: str) -> list[Problem]:
    asked = {checks.requested_action(rec.wording) for rec in recommendations}
    problems = []
    for item in bodies:
        for index, paragraph in enumerate(item.section.paragraphs):
            for found in checks.recommending_sentences(paragraph.text):
                missing = [action for action in found.actions if action not in asked]
                if not missing:
                    continue
                which = "" if missing == list(found.actions) else f' (not among them: "{_shorten(missing[0], 60)}")'
                problems.append(
                    _problem(
                        item.section,
                        index,
                        f'"{_shorten(found.sentence)}" asks for a decision that is not one of the paper\'s '
                        f"recommendations{which}. Add it under Recommendations (printed in sections 2 and {closing}), "
                        "or reword the sentence so that it does not ask for a decision.",
                    )
                )
    return problems


def _tables_and_figures(figures, bodies: list[_Body]) -> list[Problem]:
    have = (
        f"the paper has {len(figures)} figure{'s' if len(figures) != 1 else ''}" if figures else "no figure is uploaded"
    )
    problems = []
    for item in bodies:
        for fault in checks.table_faults(item.body):
            table = f'The table "{fault.caption}"' if fault.caption else "The table"
            effect = (
                "the missing cells would print empty"
                if fault.cells < fault.columns
                else f"the last {fault.cells - fault.columns} would be dropped"
            )
            problems.append(
                _problem(
                    item.section,
                    fault.paragraph,
                    f'{table} has {fault.columns} columns, but the row "{_shorten(fault.row, 60)}" has {fault.cells}: '
                    f"{effect}. Give every row {fault.columns} cells (write \\| for a bar inside a cell).",
                )
            )
        for fault in checks.image_faults(item.body, figures):
            problems.append(_problem(item.section, fault.paragraph, _image_message(fault, have)))
        for paragraph, address in checks.refused_links(item.body):
            problems.append(
                _problem(
                    item.section,
                    paragraph,
                    f'The link to "{_shorten(address, 40)}" would print as typed, not as a link: a link must start '
                    "with https://, http:// or mailto:. Correct the address, or write the text without a link.",
                )
            )
    return problems


def _image_message(fault: checks.ImageFault, have: str) -> str:
    if fault.kind == "unknown-figure":
        return (
            f"Shows Figure {fault.label}, but {have}: it would print as a note that it is missing, "
            "with no alternative text. Upload the figure, or correct its number."
        )
    if fault.kind == "figure-without-alt":
        return f"Figure {fault.label} has no alternative text: describe what it shows, for readers who cannot see it."
    if fault.kind == "image-without-alt":
        return (
            "An image with no alternative text is not shown. Upload it as a figure of this paper, "
            "with alternative text, and write ![Figure N] where it goes."
        )
    return (
        f'The image "{_shorten(fault.alt, 60)}" is not a figure uploaded with this paper, so it is not shown. '
        "Upload it as a figure, with alternative text, and write ![Figure N] where it goes."
    )
