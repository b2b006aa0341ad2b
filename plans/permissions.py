"""Who may do what with the plan's delivery: one function per question."""

from pcp_portal.roles import Role, has_role, is_office_staff

from .models import ReportingPeriod


def can_view_delivery_workspace(user) -> bool:
    return is_office_staff(user)


def can_enter_assessments(user, period: ReportingPeriod) -> bool:
    """Office staff who draft (authors, the secretary), while the period is open."""
    return not period.is_closed and has_role(user, Role.AUTHOR, Role.SECRETARY)


def can_publish_report(user, period: ReportingPeriod) -> bool:
    return not period.is_closed and has_role(user, Role.SECRETARY)


def can_manage_plan(user) -> bool:
    """Reporting periods and variations of the plan."""
    return has_role(user, Role.SECRETARY)
