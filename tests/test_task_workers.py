"""The packs are built by real task workers: django-tasks-db's db_worker and an RQ worker on Redis.

Each test queues the builds through the configured backend, then runs the
worker as a separate process (as deployed) until the queue is empty.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from boards import services
from boards.models import PackBuild, Paper
from pcp_portal.pdf import pdf_text

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    """The URL of the test database, for the worker process."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def run_worker(args: list[str], backend: str, media_root) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": backend,
        "MEDIA_ROOT": str(media_root),
        "DEBUG": "True",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


@pytest.fixture
def queued_meeting(meeting, secretary, make_paper):
    paper = make_paper(Paper.Status.CLEARED, title="Provisional Outturn Report")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    return meeting


def assert_built(meeting, result):
    builds = list(meeting.pack_builds.all())
    assert len(builds) == 3, result.stdout + result.stderr
    for build in builds:
        build.refresh_from_db()
        assert build.status == PackBuild.Status.READY, f"{build}: {build.error}\n{result.stderr[-2000:]}"
    pack = meeting.pack_builds.get(kind=PackBuild.Kind.PACK)
    assert "PROVISIONAL OUTTURN REPORT" in pdf_text(pack.file.open("rb").read())


def test_a_db_worker_process_builds_the_packs(settings, queued_meeting, secretary):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    services.publish_agenda(meeting=queued_meeting, user=secretary)
    assert set(queued_meeting.pack_builds.values_list("status", flat=True)) == {PackBuild.Status.QUEUED}

    result = run_worker(["db_worker", "--batch", "--no-startup-delay"], "db", settings.MEDIA_ROOT)

    assert result.returncode == 0, result.stderr[-3000:]
    assert_built(queued_meeting, result)


def redis_available() -> bool:
    import redis
    from django.conf import settings

    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def test_an_rq_worker_process_builds_the_packs(settings, queued_meeting, secretary):
    if not redis_available():
        message = f"Redis is not reachable at {settings.REDIS_URL}."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    import django_rq

    django_rq.get_queue("default").empty()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    services.publish_agenda(meeting=queued_meeting, user=secretary)
    assert django_rq.get_queue("default").count == 3

    result = run_worker(
        ["rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job"], "rq", settings.MEDIA_ROOT
    )

    assert result.returncode == 0, result.stderr[-3000:]
    assert_built(queued_meeting, result)
