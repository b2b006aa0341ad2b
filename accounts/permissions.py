"""Who may do what with accounts and the audit trail."""

#: The group that reads the audit trail, made by a data migration.
AUDITOR_GROUP = "Auditor"


def can_read_audit(user) -> bool:
    """The audit trail shows what senior staff themselves read and from where.

    It is therefore not given to a working role (a reviewer would read their
    colleagues' trail): only to the Auditor group (the Chief Executive as
    monitoring officer, or the office's information governance lead) and to
    superusers, who can read the tables in the admin anyway.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    from pcp_portal.roles import group_names

    return user.is_superuser or AUDITOR_GROUP in group_names(user)


def can_set_email_preferences(user) -> bool:
    """Everyone with a role in the workspace receives hand-over e-mails, so may turn them off."""
    from pcp_portal.roles import roles_of

    return bool(roles_of(user))
