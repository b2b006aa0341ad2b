"""`pcp_portal.links.absolute`: the open data's absolute addresses, as `build_absolute_uri` writes them."""

import pytest
from django.test import RequestFactory, override_settings

from pcp_portal.links import absolute


@pytest.mark.parametrize(
    "path",
    [
        "/boards/bcb/2026-03-11/",
        "/papers/12/provisional-outturn-202425/",
        "/api/events/?page=2",  # not a plain path: Django's own answer
        "/boards/caf%C3%A9/",
        "/boards/bcb/../papers/",  # resolved by Django
        "//evil.example/x",  # a network-path reference, never glued to the host
        "papers/12/",  # relative
        "/boards/a b/",
    ],
)
@pytest.mark.parametrize(("secure", "host"), [(False, "testserver"), (True, "portal.example.org:8443")])
@override_settings(ALLOWED_HOSTS=["testserver", "portal.example.org"])
def test_absolute_is_what_django_writes(path, secure, host):
    request = RequestFactory().get("/api/events/", secure=secure, HTTP_HOST=host)
    assert absolute(request, path) == request.build_absolute_uri(path)
    assert absolute(request, path) == request.build_absolute_uri(path)  # and again, with the origin kept


def test_absolute_works_out_the_origin_once_a_request():
    request = RequestFactory().get("/api/events/", secure=True)
    absolute(request, "/boards/")
    request.get_host = None  # a second call would fail if it asked again
    assert absolute(request, "/meetings/") == "https://testserver/meetings/"
