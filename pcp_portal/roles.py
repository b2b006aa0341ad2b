"""The portal's roles, each a Django group created by a data migration.

Apps ask `has_role(user, Role.REVIEWER)`; what a role may do to an object is
decided in each app's `permissions.py`.
"""

from django.db import models


class Role(models.TextChoices):
    AUTHOR = "author", "Author"
    REVIEWER = "reviewer", "Reviewer"
    SECRETARY = "secretary", "Board secretary"
    MEMBER = "member", "Board member"
    CHAIR = "chair", "Chair"
    # The Commissioner's own decisions: advice is signed off by these, and the decision-maker signs.
    FINANCE = "finance", "Chief finance officer"
    LEGAL = "legal", "Monitoring officer"
    COMMISSIONER = "commissioner", "Commissioner or deputy"


#: Roles of the office's own staff, who work on papers before publication.
OFFICE_ROLES = frozenset({Role.AUTHOR, Role.REVIEWER, Role.SECRETARY})


def group_names(user) -> frozenset[str]:
    """The names of all `user`'s groups (the roles' and any other, such as the auditors'), read once per
    user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_pcp_groups", None)
    if cached is None:
        cached = user._pcp_groups = frozenset(user.groups.values_list("name", flat=True))
    return cached


def roles_of(user) -> frozenset[str]:
    """The role names of `user`, worked out once per user object."""
    cached = getattr(user, "_pcp_roles", None)
    if cached is None:
        names = group_names(user)
        cached = user._pcp_roles = frozenset(role.value for role in Role if role.label in names)
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_office_staff(user) -> bool:
    return has_role(user, *OFFICE_ROLES)
