from django.conf import settings

from .roles import is_office_staff, roles_of


def portal(request) -> dict:
    user = request.user
    return {
        "ORGANISATION_NAME": settings.ORGANISATION_NAME,
        "user_roles": roles_of(user),
        "is_office_staff": is_office_staff(user),
        "can_use_workspace": bool(roles_of(user)),
    }
