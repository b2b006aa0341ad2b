class TransitionError(Exception):
    """The change is not allowed now; the message says why, for the user."""


class EditConflict(Exception):
    """The paper changed since the editor was opened."""

    def __init__(self, paper):
        self.paper = paper
        super().__init__("The paper was changed by someone else after you opened it.")
