from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .permissions import can_read_audit


def accounts(request) -> dict:
    user = request.user
    return {
        "can_read_audit": SimpleLazyObject(lambda: can_read_audit(user)),
        "two_factor_required": settings.REQUIRE_TWO_FACTOR,
    }
