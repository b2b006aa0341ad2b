from .delivery import RAG, Assessment, Direction, ReportingPeriod
from .plan import Objective, Plan, PriorityAction, Theme, Variation, VariationChange

__all__ = [
    "RAG",
    "Assessment",
    "Direction",
    "Objective",
    "Plan",
    "PriorityAction",
    "ReportingPeriod",
    "Theme",
    "Variation",
    "VariationChange",
]
