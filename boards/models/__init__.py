from .governance import Board, Membership, Person
from .meetings import AgendaItem, Meeting
from .papers import Appendix, Paper, PaperEvent, Recommendation, Section

__all__ = [
    "AgendaItem",
    "Appendix",
    "Board",
    "Meeting",
    "Membership",
    "Paper",
    "PaperEvent",
    "Person",
    "Recommendation",
    "Section",
]
