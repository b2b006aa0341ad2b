"""Pack builds that went wrong outside the build itself: never queued, or never finished.

A build that stays "queued" or "building" would block *Try again* for ever.
These turn such builds into failed ones, with the reason in words, so the
secretary can try again and the last good pack stays in place meanwhile.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Meeting, PackBuild
from ..packs import remove_partial_file

logger = logging.getLogger(__name__)
S = PackBuild.Status


def _duration(seconds: int) -> str:
    if seconds % 60:
        return f"{seconds} seconds"
    minutes = seconds // 60
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def _reason(build: PackBuild) -> str:
    limit = _duration(settings.PACK_BUILD_TIMEOUT_SECONDS)
    if build.status == S.QUEUED:
        return f"The build was not started within {limit} of being queued: is the task worker running? Try again."
    return f"The build did not finish within {limit} of starting: the worker building it may have stopped. Try again."


def build_deadline(build: PackBuild) -> datetime | None:
    """When an unfinished build is failed as stuck."""
    started = build.started_at if build.status == S.BUILDING else build.requested_at
    if build.status not in (S.QUEUED, S.BUILDING) or started is None:
        return None
    return started + timedelta(seconds=settings.PACK_BUILD_TIMEOUT_SECONDS)


def fail_stale_builds(*, meeting: Meeting | None = None, now: datetime | None = None) -> int:
    """Fail the builds of `meeting` (or of every meeting) stuck past `PACK_BUILD_TIMEOUT_SECONDS`.

    Run when the meeting page or its build states are read, before *Try again*,
    and by `manage.py fail_stale_builds` from cron, so a build whose worker was
    killed ends up failed even if nobody looks. Each row is failed by a
    conditional UPDATE, so a build that finishes at that moment keeps its result.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.PACK_BUILD_TIMEOUT_SECONDS)
    builds = PackBuild.objects.stale(cutoff).select_related("meeting__board")
    if meeting is not None:
        builds = builds.filter(meeting=meeting)
    failed = 0
    for build in builds:
        changed = (
            PackBuild.objects.stale(cutoff)
            .filter(pk=build.pk, status=build.status)
            .update(status=S.FAILED, error=_reason(build), finished_at=now)
        )
        if changed:
            logger.warning("Pack build %s was %s past its time limit; failed.", build.pk, build.status)
            if build.status == S.BUILDING:
                remove_partial_file(build)
            failed += 1
    return failed


def record_queue_failure(build_id: int, error: Exception) -> bool:
    """The task could not be queued (Redis unreachable): the build fails at once and can be tried again."""
    message = (
        f"The build could not be queued: {type(error).__name__}: {error}. "
        "Nothing was built; the last good pack is still in place. Try again once the task queue is back."
    )
    with transaction.atomic():
        return bool(
            PackBuild.objects.filter(pk=build_id, status=S.QUEUED).update(
                status=S.FAILED, error=message[:2000], finished_at=timezone.now()
            )
        )
