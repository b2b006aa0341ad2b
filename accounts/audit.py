"""The audit trail of downloads: the one function other apps call."""

import sys

from django.http import HttpRequest

from pcp_portal import files

from .addresses import client_ip, user_agent
from .models import DownloadRecord


def _continues_a_download(request: HttpRequest, etag: str) -> bool:
    """A revalidation answered 304 (the reader has the file already), or a later part of a file read in
    ranges, as browsers' PDF viewers do: the download was recorded when it began. The request is read by
    the same rules the file response follows (`pcp_portal.files`)."""
    if files.not_modified(request, sha256=etag, public=False) is not None:
        return True
    asked = files.requested_range(request, sys.maxsize, etag)  # only where it starts matters here
    return bool(asked) and asked[0] > 0


def record_download(
    request: HttpRequest, what: str, obj, description: str = "", *, etag: str = ""
) -> DownloadRecord | None:
    """Record that the signed-in user of `request` was sent `obj`, a document of kind `what`.

    Called by the view just before it answers with the file, so a refused
    request (403, 404) leaves no record, and every file served leaves one;
    `etag` (the stored file's SHA-256) lets a revalidation or a later range
    of the same download pass without a second record.
    """
    if _continues_a_download(request, etag):
        return None
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
