class TransitionError(Exception):
    """The change is not allowed now; the message says why, for the user."""


class ConfirmationNeeded(TransitionError):
    """The agenda is published: the change rebuilds its documents, so the secretary confirms it first."""


class EditConflict(Exception):
    """The paper changed since the editor was opened."""

    def __init__(self, paper):
        self.paper = paper
        super().__init__("The paper was changed by someone else after you opened it.")
