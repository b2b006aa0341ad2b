"""`/health/`: does everything the portal needs answer? For load balancers and monitoring.

Each check is one cheap round trip. A failure names the part and the kind of
error only (never an address, a path or a message that could carry a
secret); the detail goes to the log.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger(__name__)


class Unhealthy(Exception):
    """A part answered, but not as it should."""


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    # A key of its own per check: under load, checks in other processes must not overwrite it.
    key = f"pcp:health:{secrets.token_hex(8)}"
    cache.set(key, "ok", 30)
    kept = cache.get(key) == "ok"
    cache.delete(key)
    if not kept:
        raise Unhealthy("the cache did not keep a value")


def check_media_storage() -> None:
    storage = default_storage
    if isinstance(storage, FileSystemStorage):
        # Created on the first upload: until then its parent must take it.
        location = Path(storage.location)
        target = location if location.exists() else location.parent
        if not (target.is_dir() and os.access(target, os.W_OK | os.X_OK)):
            raise Unhealthy("the media directory is missing or not writable")
    else:
        storage.exists("health-check")  # one request to the object store


def check_task_queue() -> None:
    import redis

    url = settings.RQ_QUEUES["default"]["URL"]
    redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()


def checks() -> dict[str, Callable[[], None]]:
    """The task queue is checked only where it is a service of its own (RQ); a database queue is the database."""
    found = {"database": check_database, "cache": check_cache, "media storage": check_media_storage}
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
        found["task queue"] = check_task_queue
    return found


def health(request) -> JsonResponse:
    results = {}
    for name, check in checks().items():
        try:
            check()
        except Exception as exc:  # whatever the client library raises, the part did not answer
            logger.warning("Health check: %s failed", name, exc_info=True)
            results[name] = f"failed ({type(exc).__name__})"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": results}, status=200 if healthy else 503
    )
    response["Cache-Control"] = "no-store"
    return response


def live(request) -> HttpResponse:
    """Liveness: the process answers requests. It checks nothing else, so a load balancer can tell a stuck
    process from a failing dependency (`health`), and the load benchmark has a trivial view for its baseline."""
    response = HttpResponse("ok", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response
