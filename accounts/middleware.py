"""Session rules for signed-in users: an idle session ends; two-factor before anything else."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

LAST_SEEN_KEY = "accounts_last_seen"


def _is_background_poll(request) -> bool:
    """The meeting page asks for its builds' states every few seconds: that is not the user being active."""
    return request.headers.get("Accept", "").startswith("application/json")


class IdleTimeoutMiddleware:
    """Ends a signed-in session after SESSION_IDLE_SECONDS without a request from its user.

    Django's SESSION_COOKIE_AGE bounds a session's whole life; this bounds the
    time a workstation may be left signed in and unattended.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                minutes = max(1, settings.SESSION_IDLE_SECONDS // 60)
                messages.info(
                    request,
                    f"You were signed out after {minutes} minute{'s' if minutes != 1 else ''} without activity. "
                    "Sign in again to carry on.",
                )
                return redirect_to_login(request.get_full_path())
            # Written at most every SESSION_ACTIVITY_WRITE_SECONDS, so that a signed-in page is not a database
            # write: a session may end up to that long before its limit, never after it.
            stale = last_seen is None or now - last_seen >= settings.SESSION_ACTIVITY_WRITE_SECONDS
            if last_seen is None or (stale and not _is_background_poll(request)):
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def _exempt_paths() -> tuple[str, ...]:
    return (
        reverse("two_factor:setup"),
        reverse("two_factor:qr"),
        reverse("two_factor:setup_complete"),
        reverse("two_factor:backup_tokens"),
        reverse("login"),
        reverse("logout"),
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}",
    )


class TwoFactorRequiredMiddleware:
    """With REQUIRE_TWO_FACTOR on, a signed-in user reaches no page until verified by a second factor.

    A user without a device is sent to set one up; a user with a device whose
    session was not verified with it (signed in before the setting was turned
    on) signs in again, this time with the token.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if settings.REQUIRE_TWO_FACTOR and user.is_authenticated and not user.is_verified():
            if not request.path.startswith(_exempt_paths()):
                if not user_has_device(user):
                    messages.info(request, "Set up two-factor authentication to carry on.")
                    return redirect("two_factor:setup")
                logout(request)
                messages.info(request, "Sign in again with the code from your authenticator app.")
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
