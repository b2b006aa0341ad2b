"""Background tasks, through Django's tasks API (the django-tasks backport).

Which backend runs them is the `TASKS_BACKEND` setting: at once in the web
process, a database queue for `db_worker`, or RQ on Redis.
"""

from django.db import transaction
from django_tasks import task

from .models import PackBuild


@task()
def build_pack(build_id: int) -> str:
    from .packs import run_build

    return run_build(build_id)


def enqueue_pack_build(build: PackBuild) -> None:
    """Queue the build once the transaction that created it commits, so a worker finds it."""

    def enqueue():
        result = build_pack.enqueue(build.pk)
        PackBuild.objects.filter(pk=build.pk).update(task_id=result.id)

    transaction.on_commit(enqueue)
