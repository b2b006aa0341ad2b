"""Cache the public site's pages for anonymous visitors, and drop them all when anything changes.

Every cached page's key carries a *generation* number; any save or delete of
a model (a publication, a withdrawal, a decision, a build) raises the
generation, so no visitor ever gets a page older than the data. Signed-in
users, and any request carrying a session or messages, are never cached.
"""

from __future__ import annotations

import hashlib
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

GENERATION_KEY = "pcp:public-generation"
PRIVATE_PREFIXES = ("/workspace/", "/admin/", "/accounts/", "/static/", "/media/", "/health/")
IGNORED_APPS = {"sessions", "admin", "contenttypes"}


def invalidate(**kwargs) -> None:
    """Raise the generation: every cached public page is stale from now on."""
    if not _raise_generation():
        _unsent.set()


# An invalidation that did not reach the cache (it was down). The next cached read of
# this process sends it first, so pages cached before an outage are not served after it.
_unsent = threading.Event()


def _raise_generation() -> bool:
    """True once the cache holds a new generation, False if it cannot be reached.

    A missing generation starts from the clock, never from a number pages were cached under.
    """
    for _ in range(2):
        try:
            cache.incr(GENERATION_KEY)
            return True
        except ValueError:
            if cache.add(GENERATION_KEY, time.time_ns(), None):
                return True
    return False


def _send_unsent_invalidation() -> None:
    if _unsent.is_set() and _raise_generation():
        _unsent.clear()


def on_model_change(sender, **kwargs) -> None:
    if sender._meta.app_label not in IGNORED_APPS:
        invalidate()


def _cacheable(request) -> bool:
    return (
        settings.PUBLIC_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(PRIVATE_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request) -> str:
    _send_unsent_invalidation()
    generation = cache.get(GENERATION_KEY, 0)
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"pcp:page:{generation}:{digest}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable(request):
            return self.get_response(request)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type, headers = cached
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not getattr(request, "_messages", None)
        ):
            headers = [(name, value) for name, value in response.items() if name.lower() in ("content-disposition",)]
            cache.set(key, (response.content, response["Content-Type"], headers), settings.PUBLIC_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        return response
