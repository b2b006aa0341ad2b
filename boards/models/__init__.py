from .decisions import Decision, Position, WrittenProcedure
from .governance import Board, Membership, Person
from .meetings import AgendaItem, Meeting, MeetingSlug
from .packs import PackBuild
from .papers import Appendix, Figure, Paper, PaperEvent, Recommendation, Section

__all__ = [
    "AgendaItem",
    "Appendix",
    "Board",
    "Decision",
    "Figure",
    "Meeting",
    "MeetingSlug",
    "Membership",
    "PackBuild",
    "Paper",
    "PaperEvent",
    "Person",
    "Position",
    "Recommendation",
    "Section",
    "WrittenProcedure",
]
