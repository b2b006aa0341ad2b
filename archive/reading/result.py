"""What the reader makes of one document: the fields an office's past paper or minutes carry.

Every reader (papers, minutes) returns a `Reading`; `Reading.as_json()` is the
object `import_archive --dry-run --json` prints, and what the review screen
shows and staff correct. Numbers are kept as printed ("4.0", "3.1"): the
record is what was published.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

PAPER = "paper"
MINUTES = "minutes"

#: Every fault code the reader reports, with what it means.
FAULT_CODES = {
    "numbering_gap": "A paragraph or item number is skipped.",
    "numbering_repeat": "A paragraph or item number is repeated.",
    "recommendations_differ": "The closing recommendations differ from those in section 2.",
    "placeholder": "Placeholder text was left in (XXXX, TBC, [insert ...]).",
    "no_contact_officer": "The paper names no contact officer.",
    "duplicate_heading": "Two sections have the same heading.",
    "missing_appendix": "The text refers to an appendix that was not supplied.",
    "attendance_conflict": "A person is listed both as present and as giving apologies.",
    "unknown_person": "A person giving apologies is in no list of the minutes.",
    "unknown_initials": "Initials in the text match nobody listed.",
    "signatory_absent": "The minutes are signed by a person who gave apologies.",
    "missing_year": "A date has no year; the year was inferred.",
}


@dataclass
class Fault:
    code: str  # one of FAULT_CODES
    where: str  # as a reader would find it: "paragraph 4.7", "section 5", "item 3", "header"
    message: str  # one sentence for staff: what is wrong


@dataclass
class PersonRead:
    name: str
    post: str = ""  # the post as printed, held at the time


@dataclass
class RecommendationRead:
    number: str  # as printed: "2.1"
    verb: str  # "note", "approve", "endorse", ... lower case
    text: str  # what follows the verb: "the progress made against the Victims theme."


@dataclass
class ParagraphRead:
    number: str  # as printed ("3.1"); "" where the original has none
    text: str  # in the portal's body syntax: bullets as "- " lines, tables as pipe tables


@dataclass
class SectionRead:
    number: str  # as printed: "4", "4.0", "" for "BIBLIOGRAPHY"
    heading: str  # "Background"
    paragraphs: list[ParagraphRead] = field(default_factory=list)


@dataclass
class DecisionRead:
    paragraph: str  # the minute paragraph number: "4.3"
    text: str  # "The Board noted the report."


@dataclass
class Reading:
    file: str
    kind: str  # PAPER or MINUTES
    confidence: float  # 0..1: how sure the reader is of `kind` and of the layout
    date: date | None = None
    board: str = ""
    marking: str | None = None  # "OFFICIAL", "OFFICIAL-SENSITIVE", "" for none printed; None if unknown
    agenda_item: str = ""  # "5.0"
    from_: str = ""  # the post the paper is from
    title: str = ""
    purpose: list[ParagraphRead] = field(default_factory=list)  # papers: section 1's paragraphs
    recommendations: list[RecommendationRead] = field(default_factory=list)
    closing_recommendations: list[RecommendationRead] = field(default_factory=list)
    sections: list[SectionRead] = field(default_factory=list)  # papers: sections after 2 (not the closing one)
    contact_officers: list[PersonRead] = field(default_factory=list)
    source_documents: list[str] = field(default_factory=list)
    location: str = ""  # papers: where the source documents may be inspected
    appendices: list[str] = field(default_factory=list)  # papers: appendix labels the text refers to ("A", "1")
    # Minutes
    status: str = ""  # "approved" or "draft", as printed
    time: str = ""  # "14:00"
    place: str = ""  # the meeting's location
    members: list[PersonRead] = field(default_factory=list)
    in_attendance: list[PersonRead] = field(default_factory=list)
    chair: str = ""  # minutes: the member marked "(Chair)" in the list of members, as printed
    apologies: list[str] = field(default_factory=list)
    items: list[SectionRead] = field(default_factory=list)  # minutes: numbered items and their paragraphs
    declarations: list[str] = field(default_factory=list)
    decisions: list[DecisionRead] = field(default_factory=list)
    next_meeting: date | None = None
    signed_by: str = ""
    signed_on: date | None = None
    # Both
    faults: list[Fault] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # lines the reader could not place, for the author
    text: str = ""  # the cleaned text the fields were read from

    def as_json(self) -> dict:
        """The printed form: dates as ISO strings, `from_` as "from"; paper-only or minutes-only keys left out."""
        data = asdict(self)
        data["from"] = data.pop("from_")
        for key in ("date", "next_meeting", "signed_on"):
            data[key] = data[key].isoformat() if data[key] else None
        data.pop("text")
        # The keys every object carries are always there; the rest depend on the kind.
        paper_extra = ("purpose", "closing_recommendations", "sections", "location", "appendices")
        minutes_only = (
            "status",
            "time",
            "place",
            "members",
            "in_attendance",
            "chair",
            "apologies",
            "items",
            "declarations",
            "decisions",
            "next_meeting",
            "signed_by",
            "signed_on",
        )
        for key in minutes_only if self.kind == PAPER else paper_extra:
            data.pop(key)
        return data
