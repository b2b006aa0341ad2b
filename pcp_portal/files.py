"""Stored files over HTTP: ETags, conditional requests and byte ranges (RFC 9110).

Django's `FileResponse` sends a whole file and knows no `Range`; a PDF
reader asks for parts of a large pack, and a browser that has a published
PDF asks whether it changed. A stored PDF never changes (its ETag is its
SHA-256), so both answers are cheap: a 304 without opening the file, or the
bytes asked for with a 206.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, parse_etags, quote_etag

from .headers import never_store

# Published bytes never change, but the right to read them can end (a
# withdrawal): shared caches keep a public file five minutes, then ask again,
# which costs a 304.
PUBLIC_FILE_SECONDS = 300
CHUNK = 64 * 1024
SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def cache_headers(response: HttpResponseBase, *, sha256: str, public: bool) -> None:
    if sha256:
        response["ETag"] = quote_etag(sha256)
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_FILE_SECONDS)
    else:
        never_store(response)


def not_modified(request: HttpRequest, *, sha256: str, public: bool) -> HttpResponseBase | None:
    """A 304 (or 412) when the request's preconditions say the reader's copy is current; else None."""
    if not sha256:
        return None
    headers = HttpResponse()
    cache_headers(headers, sha256=sha256, public=public)
    answer = get_conditional_response(request, etag=headers["ETag"], response=headers)
    return None if answer is headers else answer


def requested_range(request: HttpRequest, size: int, sha256: str) -> tuple[int, int] | None | bool:
    """The one byte range asked for, as (first, last); None for the whole file; False if unsatisfiable.

    A malformed or multi-part `Range`, or an `If-Range` naming another
    version, gets the whole file, as RFC 9110 allows.
    """
    header = request.META.get("HTTP_RANGE", "").replace(" ", "")
    if request.method != "GET" or not header:
        return None
    if_range = request.META.get("HTTP_IF_RANGE")
    if if_range and (not sha256 or parse_etags(if_range) != [quote_etag(sha256)]):
        return None
    match = SINGLE_RANGE.match(header)
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":
        length = int(last)
        if length == 0 or size == 0:
            return False
        return max(size - length, 0), size - 1
    first = int(first)
    if last and int(last) < first:
        return None
    if first >= size:
        return False
    return first, min(int(last), size - 1) if last else size - 1


def _read(handle, first: int, last: int) -> Iterator[bytes]:
    try:
        handle.seek(first)
        remaining = last - first + 1
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


def file_response(
    request: HttpRequest | None, handle, *, filename: str, download: bool, content_type: str, sha256: str, public: bool
) -> HttpResponseBase:
    """The file, or the byte range the request asks for (206), or 416 for a range beyond its end."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    wanted = requested_range(request, size, sha256) if request is not None else None
    if wanted is None:
        response = FileResponse(handle, as_attachment=download, filename=filename, content_type=content_type)
    elif wanted is False:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        first, last = wanted
        response = StreamingHttpResponse(_read(handle, first, last), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
        response["Content-Disposition"] = content_disposition_header(download, filename)
    response["Accept-Ranges"] = "bytes"
    cache_headers(response, sha256=sha256, public=public)
    return response
