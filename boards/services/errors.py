from pcp_portal.versions import EditConflict

__all__ = ["ConfirmationNeeded", "EditConflict", "TransitionError"]


class TransitionError(Exception):
    """The change is not allowed now; the message says why, for the user."""


class ConfirmationNeeded(TransitionError):
    """The agenda is published: the change rebuilds its documents, so the secretary confirms it first."""
