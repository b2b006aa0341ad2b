"""Old addresses of moved meetings: published and e-mailed links keep working."""

from __future__ import annotations

from functools import wraps

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from ..models import Meeting, MeetingSlug


def moved_meeting_url(request, board_slug: str, meeting_slug: str) -> str | None:
    """Where the page at `request.path` lives now, if the meeting it names has moved.

    A meeting that has the slug now wins over an old address, so this answers
    only when none does.
    """
    if Meeting.objects.filter(board__slug=board_slug, slug=meeting_slug).exists():
        return None
    old = MeetingSlug.objects.filter(board__slug=board_slug, slug=meeting_slug).select_related("meeting__board").first()
    if old is None:
        return None
    old_prefix = reverse("boards:meeting_detail", args=[board_slug, meeting_slug])
    rest = request.path[len(old_prefix) :] if request.path.startswith(old_prefix) else ""
    query = request.META.get("QUERY_STRING", "")
    return old.meeting.get_absolute_url() + rest + (f"?{query}" if query else "")


def follow_moved_meeting(view):
    """A public meeting view (with `board_slug` and `meeting_slug`) that redirects a moved meeting's old address.

    Checked only when the view finds nothing, so the pages people usually read
    cost no extra query.
    """

    @wraps(view)
    def wrapper(request, *args, board_slug: str, meeting_slug: str, **kwargs):
        try:
            return view(request, *args, board_slug=board_slug, meeting_slug=meeting_slug, **kwargs)
        except Http404:
            target = moved_meeting_url(request, board_slug, meeting_slug)
            if target is None:
                raise
            return HttpResponsePermanentRedirect(target)

    return wrapper
