"""A page for an address opened the wrong way (HTTP 405), rather than Django's empty response.

Many workspace addresses take only a form's POST: publishing an agenda,
signing minutes, confirming a decision. Someone who bookmarks one, reloads it
after the form was sent, or follows it from a message, would otherwise see a
blank page. They get the portal's page saying what happened and where to go;
the status stays 405 and the `Allow` header stays as the view set it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.template.loader import render_to_string


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.method in ("GET", "HEAD")
            and not response.streaming
            and not response.content
        ):
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
