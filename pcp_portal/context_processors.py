from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from .roles import is_office_staff, roles_of


def portal(request) -> dict:
    # A request refused before authentication ran (a bad Host) has no user yet.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "ORGANISATION_NAME": settings.ORGANISATION_NAME,
        # The configured address, never the request's Host header: a cached
        # page must not carry one visitor's Host, and a bad Host must not
        # break the error page.
        "SITE_URL": settings.SITE_URL.rstrip("/"),
        "user_roles": roles_of(user),
        "is_office_staff": is_office_staff(user),
        "can_use_workspace": bool(roles_of(user)),
    }
