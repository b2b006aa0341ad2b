"""Who may keep a copy of a response: the browser's and any shared cache's rules.

Anything a signed-in user receives, anything under the workspace, the admin,
the sign-in pages and the health check, and any response that sets a cookie,
is `no-store, private`: an OFFICIAL-SENSITIVE paper, a confidential pack or a
draft must not stay in a browser's or a proxy's cache. What the public
receives may be kept by any cache but is revalidated on every use
(`public, no-cache`; `ConditionalGetMiddleware` gives each page an ETag, so
an unchanged page costs a 304), because a withdrawal must reach readers at
once. A view that knows better sets its own header (`pdf_response` does for
published files) and is left alone, except for signed-in users.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers, patch_cache_control

from .cache import PRIVATE_PREFIXES, sets_a_cookie


def is_private(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the response is for its one reader only (and so sent `no-store, private`)."""
    user = getattr(request, "user", None)
    return (
        (user is not None and user.is_authenticated)
        or request.path.startswith(PRIVATE_PREFIXES)
        or sets_a_cookie(response)
    )


def never_store(response: HttpResponseBase) -> None:
    """Replace whatever caching the response allowed with `no-store, private`."""
    if response.has_header("Cache-Control"):
        del response["Cache-Control"]
    add_never_cache_headers(response)


class CacheControlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path.startswith("/static/"):
            return response
        if is_private(request, response):
            never_store(response)
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, no_cache=True)
        return response
