"""Every change of state in `boards`, each one guarded function.

Each runs in a transaction, checks the current state and the user's right
(through `permissions`), saves only what it changes and records who, when
and why. Views call these; no view sets a status.
"""

from .builds import fail_stale_builds, record_queue_failure
from .decisions import (
    circulate_written_procedure,
    confirm_decision,
    record_decision,
    record_position,
)
from .editing import remove_typed_numbers
from .errors import ConfirmationNeeded, EditConflict, TransitionError
from .meetings import (
    add_agenda_item,
    cancel_meeting,
    mark_meeting_held,
    move_agenda_item,
    move_meeting,
    publish_agenda,
    publish_supplement,
    record_chair,
    remove_agenda_item,
    retry_pack_build,
    schedule_meeting,
    update_agenda_item,
)
from .papers import (
    clear_paper,
    comment_on_paper,
    publish_paper,
    record_creation,
    return_paper,
    returned_with,
    start_revision,
    submit_paper,
    withdraw_paper,
)

__all__ = [
    "ConfirmationNeeded",
    "EditConflict",
    "TransitionError",
    "add_agenda_item",
    "cancel_meeting",
    "circulate_written_procedure",
    "clear_paper",
    "comment_on_paper",
    "confirm_decision",
    "fail_stale_builds",
    "mark_meeting_held",
    "move_agenda_item",
    "move_meeting",
    "publish_agenda",
    "publish_paper",
    "publish_supplement",
    "record_chair",
    "record_creation",
    "record_decision",
    "record_position",
    "record_queue_failure",
    "remove_typed_numbers",
    "remove_agenda_item",
    "retry_pack_build",
    "return_paper",
    "returned_with",
    "schedule_meeting",
    "start_revision",
    "submit_paper",
    "update_agenda_item",
    "withdraw_paper",
]
