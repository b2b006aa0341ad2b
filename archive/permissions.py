"""Who may do what with the archive import: one function per question."""

from boards.permissions import can_create_paper, can_edit_paper
from pcp_portal.roles import Role, has_role


def can_import(user) -> bool:
    """Upload, review, correct, match and confirm archive files: the board secretary."""
    return has_role(user, Role.SECRETARY)


def can_start_paper_from_word(user) -> bool:
    """Fill a new draft from a Word file: whoever may write papers."""
    return can_create_paper(user)


def can_dismiss_unplaced(user, paper) -> bool:
    """Dismiss the list of what a Word file's reader could not place: whoever may edit the draft."""
    return can_edit_paper(user, paper)
