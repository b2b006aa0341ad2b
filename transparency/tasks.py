"""Held decision notices published on their date, through Django's tasks API.

Two things run `publish_due_notices`: `manage.py publish_due_notices` from
cron (every backend, the safety net), and a task queued when a notice is held,
to run at its date on a backend that can defer (the database queue, RQ).
Either may run first or both may run: the service publishes each notice once.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def publish_due_notices_task() -> int:
    from .services.notices import publish_due_notices

    return len(publish_due_notices())


def schedule_publication(when: datetime) -> None:
    """Queue the task for `when` once the hold is committed, if the backend can defer it.

    The immediate backend cannot wait, and cron publishes the notice anyway;
    a queue that cannot be reached is logged, never turned into an error page.
    """

    def enqueue():
        try:
            if not publish_due_notices_task.get_backend().supports_defer:
                return
            publish_due_notices_task.using(run_after=when).enqueue()
        except Exception:  # the backend's client raises its own errors (redis, database)
            logger.exception("Publication of held notices at %s could not be queued; cron will publish them", when)

    transaction.on_commit(enqueue)
