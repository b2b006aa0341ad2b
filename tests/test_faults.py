"""Faults: nothing is stuck, nothing is lost.

A pack build that never finishes, cannot be queued or cannot be saved ends
failed, with its reason, and can be tried again; the last good pack stays in
place. Appendices that would hang a build or run code are refused. A cache
outage leaves the site serving, uncached. `/health/` says what fails. Two
writes at once on SQLite wait for each other.
"""

from __future__ import annotations

import errno
import io
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pikepdf
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from boards import packs, services
from boards.forms import AppendixForm
from boards.models import Decision, Meeting, PackBuild, Paper
from pcp_portal import cache as page_cache
from pcp_portal.cache_backends import ResilientRedisCache

from .conftest import meeting_has_begun
from .test_task_workers import database_url, redis_available

ROOT = Path(__file__).resolve().parent.parent
UNREACHABLE_REDIS = "redis://:not-for-the-public@127.0.0.1:1/0"
S = PackBuild.Status
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RQ = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


@pytest.fixture
def on_agenda(meeting, secretary, make_paper):
    paper = make_paper(Paper.Status.CLEARED, title="Provisional Outturn Report")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    return meeting


def pack_of(meeting: Meeting) -> PackBuild:
    return meeting.pack_builds.filter(kind=PackBuild.Kind.PACK).latest("pk")


def status_of(client, meeting: Meeting) -> dict[int, dict]:
    response = client.get(reverse("boards:staff_build_status", args=[meeting.pk]))
    assert response.status_code == 200
    return {build["id"]: build for build in response.json()["builds"]}


# Pack builds -------------------------------------------------------------------------------------


def test_a_build_stuck_in_the_queue_is_failed_after_its_time_and_can_be_tried_again(
    settings, client, on_agenda, secretary, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_QUEUE  # no worker runs: the builds stay queued
    services.publish_agenda(meeting=on_agenda, user=secretary)
    build = pack_of(on_agenda)
    with pytest.raises(services.TransitionError, match="This one is queued; if it has not finished by"):
        services.retry_pack_build(build=build, user=secretary)

    PackBuild.objects.filter(meeting=on_agenda).update(
        requested_at=timezone.now() - timedelta(seconds=settings.PACK_BUILD_TIMEOUT_SECONDS + 1)
    )
    client.force_login(secretary)
    seen = status_of(client, on_agenda)[build.pk]

    assert seen["status"] == S.FAILED
    assert "not started within 15 minutes of being queued: is the task worker running?" in seen["error"]
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("boards:staff_build_retry", args=[on_agenda.pk, build.pk]))
    assert response.status_code == 302
    assert pack_of(on_agenda).status == S.READY


def test_a_build_not_yet_past_its_time_is_left_alone(settings, on_agenda, secretary):
    settings.TASKS = DB_QUEUE
    services.publish_agenda(meeting=on_agenda, user=secretary)
    assert services.fail_stale_builds(meeting=on_agenda) == 0
    assert set(on_agenda.pack_builds.values_list("status", flat=True)) == {S.QUEUED}


KILLED_WORKER = """
import os, time
from django.core.files.base import ContentFile
from boards import packs
from boards.models import PackBuild

def compose(build):
    build.file.storage.save(build.storage_name, ContentFile(b"%PDF-1.7 half a pack"))
    print("building", flush=True)
    time.sleep(600)

packs.compose = compose
packs.run_build(int(os.environ["BUILD_ID"]))
"""


@pytest.mark.django_db(transaction=True)
def test_a_build_whose_worker_was_killed_is_failed_with_its_partial_file_removed(
    settings, client, on_agenda, secretary
):
    settings.TASKS = DB_QUEUE
    services.publish_agenda(meeting=on_agenda, user=secretary)
    build = pack_of(on_agenda)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DEBUG": "True",
        "BUILD_ID": str(build.pk),
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", KILLED_WORKER],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        reached = any(line.strip() == "building" for line in iter(worker.stdout.readline, ""))
    finally:
        worker.send_signal(signal.SIGKILL)  # killed mid-build, as by the OOM killer or a redeploy
        worker.wait(timeout=30)
    assert reached, worker.stderr.read()[-3000:]
    build.refresh_from_db()
    assert build.status == S.BUILDING
    assert build.file.storage.exists(build.storage_name)  # the half-written file the worker left

    PackBuild.objects.filter(pk=build.pk).update(
        started_at=timezone.now() - timedelta(seconds=settings.PACK_BUILD_TIMEOUT_SECONDS + 1)
    )
    call_command("fail_stale_builds", stdout=io.StringIO())

    build.refresh_from_db()
    assert build.status == S.FAILED
    assert "did not finish within 15 minutes of starting" in build.error
    assert not build.file.storage.exists(build.storage_name)
    settings.TASKS = IMMEDIATE
    retry = services.retry_pack_build(build=build, user=secretary)
    retry.refresh_from_db()
    assert retry.status == S.READY


def test_a_build_failed_as_stuck_stays_failed_if_its_worker_finishes_after_all(settings, on_agenda, secretary):
    settings.TASKS = DB_QUEUE
    services.publish_agenda(meeting=on_agenda, user=secretary)
    build = pack_of(on_agenda)
    real_compose = packs.compose

    def slow_compose(build):
        built = real_compose(build)
        services.fail_stale_builds(now=timezone.now() + timedelta(seconds=settings.PACK_BUILD_TIMEOUT_SECONDS + 1))
        return built

    packs.compose, saved = slow_compose, packs.compose
    try:
        assert packs.run_build(build.pk) == S.FAILED
    finally:
        packs.compose = saved
    build.refresh_from_db()
    assert build.status == S.FAILED and not build.file
    assert not build.file.storage.exists(build.storage_name)


@pytest.mark.django_db(transaction=True)
def test_redis_down_when_queueing_publishes_the_agenda_and_fails_the_builds_at_once(
    settings, client, on_agenda, secretary
):
    settings.TASKS = RQ
    settings.RQ_QUEUES = {"default": {"URL": UNREACHABLE_REDIS, "DEFAULT_TIMEOUT": 900}}
    client.force_login(secretary)

    response = client.post(reverse("boards:staff_agenda_publish", args=[on_agenda.pk]), {"confirmed": "1"}, follow=True)

    assert response.status_code == 200
    on_agenda.refresh_from_db()
    assert on_agenda.status == Meeting.Status.AGENDA_PUBLISHED
    builds = list(on_agenda.pack_builds.all())
    assert len(builds) == 3 and {b.status for b in builds} == {S.FAILED}
    assert all(b.error.startswith("The build could not be queued: ConnectionError") for b in builds)
    page = response.content.decode()
    assert "could not be queued" in page and "Try again" in page
    assert "not-for-the-public" not in page

    settings.TASKS = IMMEDIATE
    services.retry_pack_build(build=pack_of(on_agenda), user=secretary)
    assert pack_of(on_agenda).status == S.READY


class FullDisk(ContentFile):
    """Storage fills up halfway through writing: the first half lands on disk, then ENOSPC."""

    def chunks(self, chunk_size=None):
        data = self.read()
        yield data[: len(data) // 2]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_leaves_no_partial_file_and_the_last_good_pack_in_place(
    settings, client, on_agenda, secretary, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(meeting=on_agenda, user=secretary)
    good = pack_of(on_agenda)
    assert good.status == S.READY
    good_bytes = good.file.open("rb").read()
    monkeypatch.setattr(packs, "ContentFile", FullDisk)

    build = PackBuild.objects.create(meeting=on_agenda, kind=PackBuild.Kind.PACK, requested_by=secretary)
    assert packs.run_build(build.pk) == S.FAILED

    build.refresh_from_db()
    assert "could not be saved (No space left on device)" in build.error
    assert "the last good pack is still in place" in build.error
    assert not build.file and not build.file.storage.exists(build.storage_name)
    client.force_login(secretary)
    response = client.get(reverse("boards:staff_pack", args=[on_agenda.pk, good.pk]))
    assert b"".join(response.streaming_content) == good_bytes
    public = client.get(reverse("boards:meeting_pack", args=[on_agenda.board.slug, on_agenda.slug, good.pk]))
    assert public.status_code == 200

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        retry = services.retry_pack_build(build=build, user=secretary)
    retry.refresh_from_db()
    assert retry.status == S.READY


# Appendices -------------------------------------------------------------------------------------------


def pdf_bytes(pages: int = 1, **encrypt) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if encrypt:
        writer.encrypt(**encrypt)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_pikepdf(change) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.add_blank_page()
    change(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def appendix_form(content: bytes, title: str = "Budget monitoring, quarter 2") -> AppendixForm:
    upload = SimpleUploadedFile("appendix.pdf", content, content_type="application/pdf")
    form = AppendixForm(data={"title": title}, files={"file": upload})
    form.is_valid()
    return form


def test_an_appendix_over_the_page_limit_is_refused_beside_the_field_with_the_title_kept(settings):
    settings.APPENDIX_MAX_PAGES = 3
    assert appendix_form(pdf_bytes(pages=3)).is_valid()

    form = appendix_form(pdf_bytes(pages=4))

    assert form.errors["file"] == [
        "The PDF has 4 pages; an appendix can have at most 3. Split it into smaller appendices, "
        "or list the full document under the paper's source documents."
    ]
    assert form["title"].value() == "Budget monitoring, quarter 2"


def test_the_page_limit_is_500_unless_set():
    from django.conf import settings

    assert settings.APPENDIX_MAX_PAGES == 500


def javascript_on_opening(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hi')"))


def javascript_in_a_link(pdf):
    action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("this.print()")))
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 50, 50], A=action)
    pdf.pages[1].Annots = pdf.make_indirect(pikepdf.Array([link]))


def launch_on_opening(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))


def javascript_in_the_names(pdf):
    script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array(["go", script])))


def an_attached_program(pdf):
    pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 not really a program")


def page_open_action(pdf):
    pdf.pages[0].AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=[pdf.pages[1].obj, "/Fit"]))


@pytest.mark.parametrize(
    "change,named",
    [
        (javascript_on_opening, "an action that runs when the document is opened and JavaScript"),
        (javascript_in_a_link, "JavaScript"),
        (javascript_in_the_names, "JavaScript"),
        (launch_on_opening, "an action that runs when the document is opened and an action that starts another"),
        (page_open_action, "actions that run when a page is opened"),
        (an_attached_program, "attached files (a reader may open them)"),
    ],
)
def test_an_appendix_carrying_javascript_or_an_open_action_is_refused(change, named):
    form = appendix_form(with_pikepdf(change))

    [error] = form.errors["file"]
    assert error.startswith(f"The PDF carries {named}")
    assert "which the portal does not pass on to readers" in error
    assert form["title"].value() == "Budget monitoring, quarter 2"


def test_an_appendix_that_only_opens_at_its_first_page_is_accepted():
    def open_at_first_page(pdf):
        pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])

    assert appendix_form(with_pikepdf(open_at_first_page)).is_valid()


@pytest.mark.parametrize("passwords", [{"user_password": "secret"}, {"user_password": "", "owner_password": "owner"}])
def test_an_encrypted_appendix_is_refused_as_password_protected(passwords):
    form = appendix_form(pdf_bytes(**passwords))
    assert form.errors["file"] == ["The PDF is password-protected. Upload a copy without a password."]
    assert form["title"].value() == "Budget monitoring, quarter 2"


# The cache ------------------------------------------------------------------------------------------------


@pytest.fixture
def redis_cache_down(settings):
    """The page cache on, in a Redis that refuses connections."""
    ResilientRedisCache._down_until = 0.0
    settings.CACHES = {
        "default": {"BACKEND": "pcp_portal.cache_backends.ResilientRedisCache", "LOCATION": UNREACHABLE_REDIS}
    }
    settings.PUBLIC_CACHE_SECONDS = 300
    yield
    ResilientRedisCache._down_until = 0.0
    page_cache._unsent.clear()


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_the_public_site_and_sign_in_keep_working_and_the_fault_is_logged(
    redis_cache_down, client, on_agenda, secretary, caplog
):
    secretary.set_password("a-long-password-9")
    secretary.save()
    ResilientRedisCache._down_until = 0.0  # the outage begins now
    with caplog.at_level(logging.WARNING, logger="pcp_portal.cache_backends"):
        assert client.get(reverse("home")).status_code == 200
        assert client.get(reverse("home")).status_code == 200

        response = client.post(
            reverse("login"),
            {"login_view-current_step": "auth", "auth-username": "secretary", "auth-password": "a-long-password-9"},
        )
        assert response.status_code == 302
        assert client.get(on_agenda.get_staff_url()).status_code == 200
        response = client.post(reverse("boards:staff_agenda_publish", args=[on_agenda.pk]), {"confirmed": "1"})
        assert response.status_code == 302

    assert pack_of(on_agenda).status == S.READY
    faults = [r for r in caplog.records if "Cache unreachable" in r.getMessage()]
    assert faults and "serving uncached" in faults[0].getMessage()


def test_an_invalidation_lost_in_an_outage_is_sent_before_the_cache_is_read_again(
    settings, redis_cache_down, client, db
):
    page_cache.invalidate()  # a change while Redis is down
    assert page_cache._unsent.is_set()

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "back"}}
    cache.set(page_cache.GENERATION_KEY, 5, None)  # the cache is back, with pages of generation 5
    client.get(reverse("home"))

    assert cache.get(page_cache.GENERATION_KEY) == 6
    assert not page_cache._unsent.is_set()


def test_the_resilient_backend_caches_as_usual_when_redis_answers(settings):
    if not redis_available():
        pytest.skip(f"Redis is not reachable at {settings.REDIS_URL}.")
    ResilientRedisCache._down_until = 0.0
    settings.CACHES = {
        "default": {
            "BACKEND": "pcp_portal.cache_backends.ResilientRedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": f"pcp-faults-test-{os.getpid()}",
        }
    }
    cache.set("answer", {"value": 42}, 30)
    assert cache.get("answer") == {"value": 42}
    with pytest.raises(ValueError):
        cache.incr("missing")
    cache.set("count", 1, 30)
    assert cache.incr("count") == 2
    cache.delete_many(["answer", "count"])


# /health/ --------------------------------------------------------------------------------------------------


def health(client):
    response = client.get(reverse("health"))
    return response.status_code, response.json()


def test_health_answers_200_when_everything_answers(client, db):
    assert health(client) == (
        200,
        {"status": "ok", "checks": {"database": "ok", "cache": "ok", "media storage": "ok"}},
    )


def test_health_checks_the_task_queue_where_one_is_configured(settings, client, db):
    if not redis_available():
        pytest.skip(f"Redis is not reachable at {settings.REDIS_URL}.")
    settings.TASKS = RQ
    status, body = health(client)
    assert (status, body["checks"]["task queue"]) == (200, "ok")


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError("could not connect to server: secret-host")


def test_health_answers_503_when_the_database_fails(client, db, monkeypatch):
    monkeypatch.setattr("pcp_portal.health.connection", UnreachableDatabase())
    status, body = health(client)
    assert status == 503
    assert body["checks"]["database"] == "failed (OperationalError)"
    assert "secret-host" not in str(body)


def test_health_answers_503_when_the_cache_is_down(redis_cache_down, client, db):
    status, body = health(client)
    assert status == 503
    assert body == {
        "status": "failing",
        "checks": {"database": "ok", "cache": "failed (Unhealthy)", "media storage": "ok"},
    }


def test_health_answers_503_when_the_media_storage_is_missing(settings, client, db, tmp_path):
    (tmp_path / "not-a-directory").write_text("")
    settings.MEDIA_ROOT = tmp_path / "not-a-directory" / "media"
    status, body = health(client)
    assert (status, body["checks"]["media storage"]) == (503, "failed (Unhealthy)")
    assert str(tmp_path) not in str(body)


def test_health_answers_503_when_the_task_queue_is_down_without_telling_its_password(settings, client, db):
    settings.TASKS = RQ
    settings.RQ_QUEUES = {"default": {"URL": UNREACHABLE_REDIS, "DEFAULT_TIMEOUT": 900}}
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["task queue"] == "failed (ConnectionError)"
    assert b"not-for-the-public" not in response.content and b"127.0.0.1" not in response.content


# SQLite: two clicks at once ----------------------------------------------------------------------------------


def test_sqlite_runs_in_wal_mode_and_takes_the_write_lock_when_a_transaction_begins(tmp_path):
    """Whatever database this run uses, the SQLite settings the portal ships open in WAL mode."""
    script = (
        "import django; django.setup(); from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); "
        "print(c.fetchone()[0], connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "pcp_portal.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert done.stdout.split() == ["wal", "IMMEDIATE"]


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_give_one_confirmation_and_one_refusal_and_no_error(
    make_paper, secretary, chair, meeting, monkeypatch
):
    paper = make_paper(Paper.Status.PUBLISHED, title="Provisional Outturn Report")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    meeting_has_begun(meeting)
    rec = paper.recommendations.order_by("position").first()
    services.record_decision(recommendation=rec, user=secretary, outcome="noted")
    url = reverse("boards:staff_decision_confirm", args=[paper.pk, rec.pk])

    # Both requests read the decision, then pause, before either writes: the race a double click makes.
    from boards import permissions

    real_problem = permissions.confirm_problem

    def slow_problem(user, decision):
        problem = real_problem(user, decision)
        time.sleep(0.3)
        return problem

    monkeypatch.setattr(permissions, "confirm_problem", slow_problem)
    start = threading.Barrier(2)
    results: list = []

    def click():
        client = Client(raise_request_exception=False)
        client.force_login(chair)
        start.wait()
        try:
            response = client.post(url)
            page = client.get(response["Location"]).content.decode() if response.status_code == 302 else ""
            results.append((response.status_code, page))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(status for status, _ in results) == [302, 302]  # no 500 "database is locked"
    pages = sorted("Decision confirmed." in page for _, page in results)
    assert pages == [False, True]
    refusal = next(page for _, page in results if "Decision confirmed." not in page)
    assert "The decision is already confirmed." in refusal
    assert Decision.objects.get().confirmed_by == chair


def test_the_liveness_probe_answers_without_asking_anything_else(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live/")
    assert (response.status_code, response.content) == (200, b"ok")
    assert "no-store" in response["Cache-Control"]
