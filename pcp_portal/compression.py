"""Public text responses compressed with gzip for the clients that ask for it (every browser does).

Django's `GZipMiddleware` does the work; the portal narrows it to what the public receives (`headers.is_private`
decides) as text (pages, feeds, calendars, JSON, CSV) answered whole with 200:
- a stored file (a PDF, an appendix) is left alone: its bytes are compressed already, and it may be answered in
  ranges (206), which compressing would break;
- a signed-in reader's page is left alone: compression can leak a secret in a page (BREACH) to someone who
  can put text of their own beside it and watch the sizes, and a public page holds nothing secret. So a public
  page needs none of the random padding Django adds against that, and without it the same page compresses to
  the same bytes and keeps its ETag (an unchanged page still answers 304).
It sits under the public page cache, so a page is compressed once, when it is stored, and each hit sends the
stored bytes; the cache keeps the compressed and the plain copy apart (`cache._key`).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

from .headers import is_private

TEXT_TYPES = ("text/", "application/json", "application/atom+xml", "application/rss+xml", "application/xml")


class PublicTextCompressionMiddleware(GZipMiddleware):
    max_random_bytes = 0

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if (
            response.streaming
            or response.status_code != 200
            or not response.get("Content-Type", "").startswith(TEXT_TYPES)
            or is_private(request, response)
        ):
            return response
        return super().process_response(request, response)
