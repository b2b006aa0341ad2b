"""Gates and file responses shared by the apps' views (this module imports no app)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404


def signed_in_with(check: Callable, refusal: str):
    """A view decorator: anonymous visitors sign in first; signed-in users failing `check` get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def pdf_response(file_field, filename: str, *, download: bool = False) -> FileResponse:
    """A stored PDF, served from storage; 404 if the file has gone."""
    try:
        handle = file_field.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing from storage.") from exc
    return FileResponse(handle, as_attachment=download, filename=filename, content_type="application/pdf")
