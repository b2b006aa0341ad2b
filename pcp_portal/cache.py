"""Cache the public site's pages for anonymous visitors, and drop them all when what the public sees changes.

Every cached page's key carries a *generation* number; a change the public
can see (a publication, a withdrawal, a confirmed decision, an edit of a
board's name) raises the generation once its transaction commits, so no
visitor ever gets a page older than the data. Which changes those are is
decided in `pcp_portal.public_changes`; a change nobody outside the office
can see (a draft saved, a position recorded, a sign-in) leaves the pages warm.

Who is signed in is decided from the session itself, not from the presence of
a cookie: a visitor who is not signed in gets the cached page whatever cookies
they send, so a made-up `sessionid` cannot push every request past the cache.
A signed-in user never gets a cached page, and a page with a flash message is
never stored.

The response is stored with all its headers (`Vary`, `Cache-Control`,
`Content-Disposition` ...); the security headers are added by middleware
outside this one, so a hit gets them exactly as a miss does.
"""

from __future__ import annotations

import hashlib
import threading
import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip

GENERATION_KEY = "pcp:public-generation"
PRIVATE_PREFIXES = ("/workspace/", "/admin/", "/accounts/", "/static/", "/media/", "/health/")


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


def _anonymous_session_key(session_key: str) -> str:
    return "pcp:anonymous-session:" + hashlib.sha256(session_key.encode()).hexdigest()


def names_signed_in_session(request: HttpRequest) -> bool:
    """Whether the request's session cookie names a session with a user in it.

    The session store is read only when a session cookie is present, and a key
    found to hold no user is remembered in the cache: signing in always gives
    a new session key (`django.contrib.auth.login` cycles or flushes it), so a
    key that named no user never will. A replayed or made-up cookie therefore
    costs one look-up, then nothing.
    """
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return False
    remembered = _anonymous_session_key(session_key)
    if cache.get(remembered):
        return False
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    if session.get(SESSION_KEY) is not None:
        return True
    cache.set(remembered, True, settings.SESSION_COOKIE_AGE)
    return False


def has_flash_messages(request: HttpRequest) -> bool:
    """Whether the messages cookie carries a message to show (an empty, stale or forged one does not)."""
    if CookieStorage.cookie_name not in request.COOKIES:
        return False
    return len(CookieStorage(request)) > 0


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PUBLIC_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(PRIVATE_PREFIXES)
        and not has_flash_messages(request)
        and not names_signed_in_session(request)
    )


def _key(request: HttpRequest) -> str:
    _send_unsent_invalidation()
    generation = cache.get(GENERATION_KEY, 0)
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    # A compressed page (`compression`) and a plain one are stored apart, by the test Django's GZipMiddleware makes.
    encoding = "gzip" if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")) else "identity"
    return f"pcp:page:v3:{generation}:{encoding}:{digest}"


def sets_a_cookie(response: HttpResponse) -> bool:
    """Whether the response gives the visitor a cookie of their own (a CSRF token, a session).

    Removing one does not count: Django removes a session cookie that names
    no session, and the page under it is the public page.
    """
    return any(morsel.value for morsel in response.cookies.values())


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not sets_a_cookie(response)
        and not (user is not None and user.is_authenticated)
        and not getattr(request, "_messages", None)
    )


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable(request):
            return self.get_response(request)
        # A Host outside ALLOWED_HOSTS answers 400 from the cache too: DisallowedHost, raised here, is turned
        # into the 400 page by Django's handler, as CommonMiddleware's own check would.
        request.get_host()
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            cache.set(key, (response.content, list(response.items())), settings.PUBLIC_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        return response
