"""Who may do what in `transparency`: one function per question.

Views and templates ask these; the services ask them again before changing anything.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from pcp_portal.roles import Role, has_role, is_office_staff

from .models import DecisionNotice, ForwardPlanEntry, Gift, Interest, InterestRegister

S = DecisionNotice.Status

#: Everyone who works on the Commissioner's decisions in the workspace.
TRANSPARENCY_ROLES = (Role.AUTHOR, Role.REVIEWER, Role.SECRETARY, Role.FINANCE, Role.LEGAL, Role.COMMISSIONER)


def can_use_transparency(user) -> bool:
    return has_role(user, *TRANSPARENCY_ROLES)


# Decision notices


def visible_notices(user) -> QuerySet[DecisionNotice]:
    """Every notice `user` may open in the workspace, with its confidential part."""
    if can_use_transparency(user):
        return DecisionNotice.objects.all()
    return DecisionNotice.objects.none()


def can_create_notice(user) -> bool:
    return has_role(user, Role.AUTHOR, Role.SECRETARY)


def can_edit_notice(user, notice: DecisionNotice) -> bool:
    """A draft, by the office's authors and secretary; once advice is recorded, only by returning it first."""
    return notice.status == S.DRAFT and has_role(user, Role.AUTHOR, Role.SECRETARY)


def can_sign_off_finance(user, notice: DecisionNotice) -> bool:
    return (
        notice.status == S.DRAFT
        and has_role(user, Role.FINANCE)
        and notice.finance_signed_off_at is None
        and notice.created_by_id != user.pk
    )


def can_sign_off_legal(user, notice: DecisionNotice) -> bool:
    return (
        notice.status == S.DRAFT
        and has_role(user, Role.LEGAL)
        and notice.legal_signed_off_at is None
        and notice.created_by_id != user.pk
    )


def can_return_notice(user, notice: DecisionNotice) -> bool:
    """Back to draft with a comment, clearing the advice: an adviser, or the decision-maker, before signature."""
    if notice.status not in (S.DRAFT, S.ADVISED):
        return False
    if notice.status == S.DRAFT and notice.finance_signed_off_at is None and notice.legal_signed_off_at is None:
        return False
    return has_role(user, Role.FINANCE, Role.LEGAL) or is_decision_maker(user, notice)


def is_decision_maker(user, notice: DecisionNotice) -> bool:
    """The decision-maker named on the notice, signed in with their own login."""
    return (
        getattr(user, "is_authenticated", False)
        and has_role(user, Role.COMMISSIONER)
        and notice.decision_maker.user_id is not None
        and notice.decision_maker.user_id == user.pk
    )


def can_sign_notice(user, notice: DecisionNotice) -> bool:
    return notice.status == S.ADVISED and is_decision_maker(user, notice)


def can_publish_notice(user, notice: DecisionNotice) -> bool:
    """Publish now or hold back until a date: the board secretary, once signed."""
    return notice.status == S.SIGNED and has_role(user, Role.SECRETARY)


def can_release_notice(user, notice: DecisionNotice) -> bool:
    """Publish a held notice before its date (the reason for holding it has gone)."""
    return notice.status == S.HELD and has_role(user, Role.SECRETARY)


def can_see_notice_history(user, notice: DecisionNotice) -> bool:
    return can_use_transparency(user)


def notice_actions(user, notice: DecisionNotice) -> dict[str, bool]:
    """Everything the notice's workspace page may offer `user`, asked once."""
    return {
        "edit": can_edit_notice(user, notice),
        "finance": can_sign_off_finance(user, notice),
        "legal": can_sign_off_legal(user, notice),
        "return": can_return_notice(user, notice),
        "sign": can_sign_notice(user, notice),
        "publish": can_publish_notice(user, notice),
        "release": can_release_notice(user, notice),
        "history": can_see_notice_history(user, notice),
    }


def notices_waiting_for(user) -> list[tuple[str, QuerySet[DecisionNotice]]]:
    """The workspace's queues of notices that wait for `user`: the same rules as the `can_...` above, as queries."""
    notices = visible_notices(user).select_related("decision_maker")
    queues = []
    if has_role(user, Role.FINANCE):
        queues.append(
            (
                "Financial advice to sign off",
                notices.filter(status=S.DRAFT, finance_signed_off_at__isnull=True).exclude(created_by=user),
            )
        )
    if has_role(user, Role.LEGAL):
        queues.append(
            (
                "Legal advice to sign off",
                notices.filter(status=S.DRAFT, legal_signed_off_at__isnull=True).exclude(created_by=user),
            )
        )
    if has_role(user, Role.COMMISSIONER):
        queues.append(("Notices for you to sign", notices.filter(status=S.ADVISED, decision_maker__user=user)))
    if has_role(user, Role.SECRETARY):
        queues.append(("Signed notices to publish", notices.filter(status=S.SIGNED)))
        queues.append(("Held back from publication", notices.filter(status=S.HELD).order_by("hold_until")))
    if has_role(user, Role.AUTHOR, Role.SECRETARY):
        queues.append(("Your drafts", notices.filter(status=S.DRAFT, created_by=user)))
    return queues


# The forward plan


def can_manage_forward_plan(user) -> bool:
    return has_role(user, Role.SECRETARY, Role.AUTHOR)


def visible_forward_plan(user) -> QuerySet[ForwardPlanEntry]:
    if can_use_transparency(user):
        return ForwardPlanEntry.objects.all()
    return ForwardPlanEntry.objects.none()


def can_edit_forward_plan_entry(user, entry: ForwardPlanEntry) -> bool:
    """Drafts and published entries, by the authors and the secretary; a withdrawn entry is closed."""
    return entry.withdrawn_at is None and can_manage_forward_plan(user)


def can_publish_forward_plan_entry(user, entry: ForwardPlanEntry) -> bool:
    return entry.published_at is None and entry.withdrawn_at is None and has_role(user, Role.SECRETARY)


def can_withdraw_forward_plan_entry(user, entry: ForwardPlanEntry) -> bool:
    return entry.withdrawn_at is None and has_role(user, Role.SECRETARY)


def forward_plan_entry_actions(user, entry: ForwardPlanEntry) -> dict[str, bool]:
    """Everything the entry's workspace page may offer `user`, asked once."""
    return {
        "edit": can_edit_forward_plan_entry(user, entry),
        "publish": can_publish_forward_plan_entry(user, entry),
        "withdraw": can_withdraw_forward_plan_entry(user, entry),
    }


# Registers


def can_manage_registers(user) -> bool:
    """The board secretary keeps every register and the gifts and hospitality register."""
    return has_role(user, Role.SECRETARY)


def editable_registers(user) -> QuerySet[InterestRegister]:
    """The registers `user` may change: every one for the secretary, their own for a holder."""
    if can_manage_registers(user):
        return InterestRegister.objects.all()
    if getattr(user, "is_authenticated", False) and user.is_active:
        # A holder keeps their own register only while in office: a former member's login changes nothing.
        today = timezone.localdate()
        return InterestRegister.objects.filter(person__user=user, holds_office_from__lte=today).filter(
            Q(holds_office_to__isnull=True) | Q(holds_office_to__gte=today)
        )
    return InterestRegister.objects.none()


def can_edit_register(user, register: InterestRegister) -> bool:
    return editable_registers(user).filter(pk=register.pk).exists()


def can_edit_interest(user, interest: Interest) -> bool:
    return can_edit_register(user, interest.register)


def visible_registers(user) -> QuerySet[InterestRegister]:
    """The registers `user` may open in the workspace, with their history: every one for the secretary, their
    own for a holder (a former holder still reads theirs). The staff note is the secretary's alone."""
    if can_manage_registers(user):
        return InterestRegister.objects.all()
    if getattr(user, "is_authenticated", False) and user.is_active:
        return InterestRegister.objects.filter(person__user=user)
    return InterestRegister.objects.none()


def can_use_registers(user) -> bool:
    """The workspace's registers page: the secretary, and anyone who holds (or held) a register."""
    return can_manage_registers(user) or visible_registers(user).exists()


def can_see_register_note(user, register: InterestRegister) -> bool:
    return can_manage_registers(user)


def register_actions(user, register: InterestRegister) -> dict[str, bool]:
    """Everything a register's workspace page may offer `user`, asked once."""
    editable = can_edit_register(user, register)
    return {
        "edit_register": can_manage_registers(user),
        "add": editable,
        "edit": editable,
        "note": can_see_register_note(user, register),
    }


def can_manage_gifts(user) -> bool:
    return has_role(user, Role.SECRETARY)


def visible_gifts(user) -> QuerySet[Gift]:
    if can_manage_gifts(user) or is_office_staff(user):
        return Gift.objects.all()
    return Gift.objects.none()


def can_use_gifts(user) -> bool:
    """The workspace's gifts register, with staff notes: the office's staff."""
    return can_manage_gifts(user) or is_office_staff(user)
