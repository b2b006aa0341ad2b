"""Gates and file responses shared by the apps' views (this module imports no app)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase

from . import files


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


def pdf_response(
    file_field,
    filename: str,
    *,
    download: bool = False,
    request: HttpRequest | None = None,
    sha256: str = "",
    public: bool = False,
) -> HttpResponseBase:
    """A stored PDF, served from storage; 404 if the file has gone.

    `public` says the file is one the public may read (shared caches may keep
    it); otherwise it is sent `no-store, private`. With the `request` and the
    file's `sha256`, a reader's current copy gets a 304 and a byte range a 206.
    """
    return stored_file_response(
        file_field,
        filename,
        content_type="application/pdf",
        download=download,
        request=request,
        sha256=sha256,
        public=public,
    )


def stored_file_response(
    file_field,
    filename: str,
    *,
    content_type: str,
    download: bool = False,
    request: HttpRequest | None = None,
    sha256: str = "",
    public: bool = False,
) -> HttpResponseBase:
    """A stored file of a type the caller knows (it checked it on upload), as `pdf_response` serves PDFs."""
    if request is not None and (unchanged := files.not_modified(request, sha256=sha256, public=public)):
        return unchanged
    try:
        handle = file_field.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing from storage.") from exc
    return files.file_response(
        request,
        handle,
        filename=filename,
        download=download,
        content_type=content_type,
        sha256=sha256,
        public=public,
    )


# An image opened on its own is a document too (an SVG can hold script): it may run nothing and load
# nothing, and the browser must not take it for another type than the one the upload check found.
IMAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def image_response(
    file_field,
    filename: str,
    *,
    content_type: str,
    request: HttpRequest | None = None,
    sha256: str = "",
    public: bool = False,
) -> HttpResponseBase:
    """A stored image checked on upload (`pcp_portal.images`), shown inline, with a policy that lets nothing run."""
    response = stored_file_response(
        file_field, filename, content_type=content_type, request=request, sha256=sha256, public=public
    )
    response["Content-Security-Policy"] = IMAGE_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response
