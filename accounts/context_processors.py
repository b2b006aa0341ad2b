from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .permissions import can_read_audit


def accounts(request) -> dict:
    # An error page for a request refused before the session and auth middleware (a bad Host) has no user.
    user = getattr(request, "user", None)
    return {
        "can_read_audit": SimpleLazyObject(lambda: user is not None and can_read_audit(user)),
        "two_factor_required": settings.REQUIRE_TWO_FACTOR,
    }
