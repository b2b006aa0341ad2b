"""Background tasks, through Django's tasks API (the django-tasks backport).

Which backend runs them is the `TASKS_BACKEND` setting: at once in the web
process, a database queue for `db_worker`, or RQ on Redis.
"""

import logging

from django.db import transaction
from django_tasks import task

from .models import PackBuild

logger = logging.getLogger(__name__)


@task()
def build_pack(build_id: int) -> str:
    from .packs import run_build

    return run_build(build_id)


def enqueue_pack_build(build: PackBuild) -> None:
    """Queue the build once the transaction that created it commits, so a worker finds it.

    By then the agenda is published: a queue that cannot be reached must not
    turn that into an error page. The build is failed with the reason instead,
    shown on the meeting's page, and can be tried again.
    """

    def enqueue():
        try:
            result = build_pack.enqueue(build.pk)
        except Exception as exc:  # the backend's client raises its own errors (redis, database)
            logger.exception("Pack build %s could not be queued", build.pk)
            from .services.builds import record_queue_failure

            record_queue_failure(build.pk, exc)
            return
        PackBuild.objects.filter(pk=build.pk).update(task_id=result.id)

    transaction.on_commit(enqueue)


@task()
def send_emails(subject: str, body: str, recipients: list[str]) -> int:
    """One e-mail to each recipient (nobody sees the others' addresses)."""
    from django.conf import settings
    from django.core.mail import send_mass_mail

    from pcp_portal.mail import subject_line

    subject = subject_line(subject)
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients])


def enqueue_emails(subject: str, body: str, recipients: list[str]) -> None:
    """Queue the e-mails once the transaction that made the hand-over commits, never in the request."""
    if not recipients:
        return

    def enqueue():
        try:
            send_emails.enqueue(subject, body, recipients)
        except Exception:  # a queue that cannot be reached must not undo a hand-over already made
            logger.exception("Hand-over e-mail %r could not be queued", subject)

    transaction.on_commit(enqueue)
