"""Bulk public downloads written once after each public change and kept in the database.

A download of the whole archive (every public decision, every status of the
plan) takes far longer to write than a page: thousands of rows read, worded
and written as CSV. It changes only when something the public can see does,
which `pcp_portal.public_changes` already decides, once, for the page cache.
So each such download is kept, compressed, in a row of `StoredExport`:

- every public change raises each row's `version`, after its transaction
  commits (`public_changes`); the row was written from the `built_version`
  it read before reading the data, so a row whose two numbers differ is stale;
- the first request after a change writes the download again and keeps it
  under the version it read first: a change committed while it was writing
  raised the version past it, so the next request writes it again. It never
  keeps rows older than the version it claims;
- a row is written again after `STORED_EXPORT_SECONDS` whatever happens, so
  a process that died between a commit and the raise cannot leave a download
  stale for longer.

Unlike the page cache, this is in the database, not in Redis: a flushed or
restarted cache does not cost the archive's whole CSV on the next request,
and a save the public cannot see (a draft, a position, a sign-in) leaves it.

The open-data API's whole-archive lists keep their count the same way
(`stored_count`): counting every public decision or paper costs more than
reading the page of fifty they are asked for.

Visibility is still the models' own: each download is written from the same
`public()` querysets as before; this module only decides when to write it.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from .models import StoredExport


def raise_versions() -> None:
    """Every stored download is stale from now on (called once a public change has committed)."""
    try:
        with transaction.atomic():
            StoredExport.objects.update(version=F("version") + 1)
    except DatabaseError:
        if StoredExport._meta.db_table in connection.introspection.table_names():
            raise
        # A data migration run before this model's own: no download can be stored yet.


def _current(name: str) -> tuple[int, bytes | None, str]:
    """The version to write `name` under, and its stored content and digest if that is current."""
    row = (
        StoredExport.objects.filter(name=name)
        .values_list("version", "built_version", "built_at", "content", "sha256")
        .first()
    )
    if row is None:
        try:
            with transaction.atomic():
                StoredExport.objects.create(name=name)
        except IntegrityError:
            pass  # made by another request meanwhile: it starts from version 0 all the same
        return 0, None, ""
    version, built_version, built_at, content, digest = row
    fresh_after = timezone.now() - timedelta(seconds=settings.STORED_EXPORT_SECONDS)
    if built_version != version or built_at is None or built_at <= fresh_after:
        return version, None, ""
    return version, bytes(content), digest


def _keep(name: str, version: int, content: bytes, digest: str) -> None:
    """Keep `content`, written from data read after `version` was, unless a newer version is kept already."""
    StoredExport.objects.filter(name=name).exclude(built_version__gt=version).update(
        content=content, sha256=digest, built_version=version, built_at=timezone.now()
    )


def stored_csv(request: HttpRequest, name: str, filename: str, write: Callable[[], str]) -> HttpResponse:
    """The download `name` as a CSV attachment: the stored one if current, else `write()`'s text, kept.

    It goes out compressed to a client that accepts gzip (every browser), as stored, and plain to others;
    its ETag is the digest of the plain text, so an unchanged download answers a conditional request 304
    (Django's `ConditionalGetMiddleware`)."""
    version, compressed, digest = _current(name)
    plain = None
    if compressed is None:
        plain = write().encode()
        digest = hashlib.sha256(plain).hexdigest()
        compressed = gzip.compress(plain, mtime=0)
        _keep(name, version, compressed, digest)
    if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(compressed, content_type="text/csv; charset=utf-8")
        response["Content-Encoding"] = "gzip"
        response["ETag"] = f'W/"{digest}"'
    else:
        response = HttpResponse(plain if plain is not None else gzip.decompress(compressed))
        response["Content-Type"] = "text/csv; charset=utf-8"
        response["ETag"] = f'"{digest}"'
    patch_vary_headers(response, ("Accept-Encoding",))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def stored_count(name: str, count: Callable[[], int]) -> int:
    """`count()`, kept under `name` between public changes as a download is: for a public list of the whole
    archive, whose count reads every row while its page reads fifty."""
    version, stored, _ = _current(name)
    if stored is not None:
        return int(stored)
    value = count()
    _keep(name, version, str(value).encode(), "")
    return value
