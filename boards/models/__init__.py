from .decisions import Decision, Position, WrittenProcedure
from .governance import Board, Membership, Person
from .meetings import AgendaItem, Meeting, MeetingSlug
from .packs import PackBuild
from .papers import (
    Appendix,
    Figure,
    FurtherContact,
    Paper,
    PaperEvent,
    Recommendation,
    RecommendationVerb,
    Section,
    SourceDocument,
    appendix_labels,
    paper_url,
)

__all__ = [
    "AgendaItem",
    "Appendix",
    "Board",
    "Decision",
    "Figure",
    "FurtherContact",
    "Meeting",
    "MeetingSlug",
    "Membership",
    "PackBuild",
    "Paper",
    "PaperEvent",
    "Person",
    "Position",
    "Recommendation",
    "RecommendationVerb",
    "Section",
    "SourceDocument",
    "WrittenProcedure",
    "appendix_labels",
    "paper_url",
]
