"""Fetching objects for a user: the object, or 404 / 403, in one place."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from .. import permissions
from ..models import Paper


def workspace_required(view):
    """Signed in with one of the portal's roles; anonymous visitors log in first."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_use_workspace(request.user):
            raise PermissionDenied("Your account has no role in the portal.")
        return view(request, *args, **kwargs)

    return wrapped


def get_paper_for_user(request, pk: int, check=None) -> Paper:
    """The paper if `request.user` may see it (else 404) and pass `check` (else 403)."""
    paper = get_object_or_404(
        permissions.visible_papers(request.user).select_related(
            "board", "agenda_item__meeting__board", "contact_officer", "created_by", "supersedes"
        ),
        pk=pk,
    )
    if check is not None and not check(request.user, paper):
        raise PermissionDenied
    return paper


def pdf_response(file_field, filename: str, *, download: bool = False) -> FileResponse:
    try:
        handle = file_field.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing from storage.") from exc
    return FileResponse(handle, as_attachment=download, filename=filename, content_type="application/pdf")


def get_meeting_for_user(request, pk: int, check=None):
    """The meeting if `request.user` may see it in the workspace (else 404) and pass `check` (else 403)."""
    from ..models import Meeting

    meeting = get_object_or_404(Meeting.objects.select_related("board", "theme_in_depth"), pk=pk)
    if not permissions.can_view_meeting(request.user, meeting):
        raise Http404("No such meeting.")
    if check is not None and not check(request.user):
        raise PermissionDenied
    return meeting
