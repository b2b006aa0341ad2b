"""Fetching objects for a user: the object, or 404 / 403, in one place."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from pcp_portal.access import image_response, signed_in_with

from .. import permissions
from ..models import Paper

workspace_required = signed_in_with(permissions.can_use_workspace, "Your account has no role in the portal.")


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


def get_meeting_for_user(request, pk: int, check=None):
    """The meeting if `request.user` may see it in the workspace (else 404) and pass `check` (else 403)."""
    from ..models import Meeting

    meeting = get_object_or_404(Meeting.objects.select_related("board", "theme_in_depth", "chaired_by"), pk=pk)
    if not permissions.can_view_meeting(request.user, meeting):
        raise Http404("No such meeting.")
    if check is not None and not check(request.user):
        raise PermissionDenied
    return meeting


def figure_response(request, paper: Paper, figure_pk: int, *, public: bool = False):
    """One of `paper`'s figures, for a caller that has already decided who may see the paper."""
    figure = get_object_or_404(paper.figures, pk=figure_pk)
    return image_response(
        figure.file,
        f"figure-{figure.label}-{paper.slug}.{figure.extension}",
        content_type=figure.content_type,
        request=request,
        sha256=figure.sha256,
        public=public,
    )
