"""The audit trail of downloads: the one function other apps call."""

from django.http import HttpRequest

from .addresses import client_ip, user_agent
from .models import DownloadRecord


def record_download(request: HttpRequest, what: str, obj, description: str = "") -> DownloadRecord:
    """Record that the signed-in user of `request` was sent `obj`, a document of kind `what`.

    Called by the view just before it answers with the file, so a refused
    request (403, 404) leaves no record, and every file served leaves one.
    """
    user = request.user
    return DownloadRecord.objects.create(
        kind=DownloadRecord.Kind(what),
        user=user if user.is_authenticated else None,
        username=user.get_username() if user.is_authenticated else "",
        ip_address=client_ip(request),
        user_agent=user_agent(request),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        description=(description or str(obj))[:500],
    )
