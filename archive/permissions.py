"""Who may do what with the archive import: one function per question."""

from boards.permissions import can_create_paper, can_view_paper
from minutes.permissions import visible_minutes
from pcp_portal.roles import Role, has_role, is_office_staff


def can_import(user) -> bool:
    """Upload, review, correct, match and confirm archive files: the board secretary."""
    return has_role(user, Role.SECRETARY)


def can_start_paper_from_word(user) -> bool:
    """Fill a new draft from a Word file: whoever may write papers."""
    return can_create_paper(user)


def can_see_original(user, document) -> bool:
    """An original file in the workspace: the secretary always; others only the original of a record they may
    read in the workspace (a member, the OFFICIAL-SENSITIVE paper of their board)."""
    if can_import(user):
        return True
    if document.paper_id is not None:
        return can_view_paper(user, document.paper)
    if document.minutes_id is not None:
        return visible_minutes(user).filter(pk=document.minutes_id).exists()
    return False


def can_see_import_faults(user) -> bool:
    """The faults the reader found in an original, shown beside the record: the office's staff, who correct it."""
    return is_office_staff(user)
