"""An imported record's PDF is built after it is confirmed: confirming never waits for it, and every surface
copes with a record whose PDF is not built yet."""

import hashlib
import logging
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from archive import tasks
from archive.services import pdfs
from archive.services.records import confirm
from boards.models import Paper
from boards.rendering import pdf_filename

from .archive_helpers import minutes_fields, paper_fields, read_document

pytestmark = pytest.mark.django_db


def _refuse_render(*args, **kwargs):
    raise AssertionError("confirm rendered a PDF")


def _broken_render(*args, **kwargs):
    raise RuntimeError("WeasyPrint ran out of memory")


def _renders(callbacks) -> list[str]:
    """The renders queued among what runs on commit (the cache refresh runs then too)."""
    names = [getattr(callback, "__qualname__", "") for callback in callbacks]
    return [name.split(".")[0] for name in names if name.startswith("enqueue_")]


def _confirm(fields, board, secretary, capture, *, execute=True):
    """Confirm with every PDF renderer refusing to run; then run what was queued on commit, with them back."""
    with (
        mock.patch("boards.rendering.render_pdf", _refuse_render),
        mock.patch("minutes.services.render_pdf", _refuse_render),
        capture(execute=False) as callbacks,
    ):
        document = confirm(read_document(fields, board=board), by=secretary)
    if execute:
        for callback in callbacks:
            callback()
    return document, callbacks


@pytest.fixture
def pending_paper(board, secretary, django_capture_on_commit_callbacks):
    document, _ = _confirm(paper_fields(), board, secretary, django_capture_on_commit_callbacks, execute=False)
    return document.paper


@pytest.fixture
def pending_minutes(board, secretary, django_capture_on_commit_callbacks):
    document, _ = _confirm(minutes_fields(), board, secretary, django_capture_on_commit_callbacks, execute=False)
    return document.minutes


# Confirming and the task


def test_confirm_renders_nothing_and_queues_one_render_on_commit(board, secretary, django_capture_on_commit_callbacks):
    document, callbacks = _confirm(paper_fields(), board, secretary, django_capture_on_commit_callbacks, execute=False)

    paper = Paper.objects.get(pk=document.paper.pk)
    assert paper.status == Paper.Status.PUBLISHED and paper.pdf_sha256 == "" and not paper.pdf
    assert Paper.objects.public().filter(pk=paper.pk).exists()
    assert _renders(callbacks) == ["enqueue_paper_pdf"]


def test_the_task_renders_and_stores_the_paper_pdf(board, secretary, django_capture_on_commit_callbacks):
    document, _ = _confirm(paper_fields(), board, secretary, django_capture_on_commit_callbacks)

    paper = Paper.objects.get(pk=document.paper.pk)
    assert paper.pdf.name.endswith(pdf_filename(paper).removesuffix(".pdf") + ".pdf")
    assert paper.pdf.name.startswith("papers/")
    with paper.pdf.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == paper.pdf_sha256
    assert paper.pdf_page_count >= 1


def test_the_task_renders_and_stores_the_minutes_pdf(board, secretary, django_capture_on_commit_callbacks):
    document, callbacks = _confirm(minutes_fields(), board, secretary, django_capture_on_commit_callbacks)

    assert _renders(callbacks) == ["enqueue_minutes_pdf"]
    minutes = document.minutes
    minutes.refresh_from_db()
    assert minutes.pdf.name.startswith("minutes/") and "minutes" in minutes.pdf.name.rsplit("/", 1)[1]
    with minutes.pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == minutes.pdf_sha256


def test_draft_minutes_queue_no_render(board, secretary, django_capture_on_commit_callbacks):
    document, callbacks = _confirm(
        minutes_fields(status="draft"), board, secretary, django_capture_on_commit_callbacks, execute=False
    )
    assert _renders(callbacks) == [] and document.minutes.pdf_sha256 == ""


def test_a_failed_render_is_logged_and_leaves_the_record_public_without_a_pdf(
    client, board, secretary, django_capture_on_commit_callbacks, caplog
):
    with mock.patch.object(pdfs, "render_paper_pdf", _broken_render), caplog.at_level(logging.ERROR):
        with django_capture_on_commit_callbacks(execute=True):
            document = confirm(read_document(paper_fields(), board=board), by=secretary)

    paper = Paper.objects.get(pk=document.paper.pk)
    assert paper.pdf_sha256 == ""
    assert f"imported paper {paper.pk} could not be built" in caplog.text
    page = client.get(paper.get_absolute_url())
    assert page.status_code == 200
    assert f"/archive/papers/{paper.pk}/original/" in page.content.decode()
    assert client.get(f"/archive/papers/{paper.pk}/original/").status_code == 200
    assert client.get(reverse("boards:paper_pdf", args=[paper.pk])).status_code == 404


def test_a_queue_that_cannot_be_reached_is_logged_and_the_pdf_built_later(
    board, secretary, django_capture_on_commit_callbacks, caplog
):
    unreachable = mock.Mock(**{"enqueue.side_effect": ConnectionError("Redis is down")})
    with mock.patch.object(tasks, "render_paper_pdf", unreachable), caplog.at_level(logging.ERROR):
        with django_capture_on_commit_callbacks(execute=True):
            document = confirm(read_document(paper_fields(), board=board), by=secretary)

    paper = Paper.objects.get(pk=document.paper.pk)
    assert unreachable.enqueue.call_args == mock.call(paper.pk)
    assert paper.status == Paper.Status.PUBLISHED and paper.pdf_sha256 == ""
    assert f"imported paper {paper.pk} was not built" in caplog.text

    call_command("render_archive_pdfs")
    paper.refresh_from_db()
    assert paper.pdf_sha256


def test_render_archive_pdfs_builds_what_is_missing_and_says_so(pending_paper, pending_minutes, capsys):
    call_command("render_archive_pdfs")

    pending_paper.refresh_from_db()
    pending_minutes.refresh_from_db()
    assert pending_paper.pdf_sha256 and pending_paper.pdf_page_count >= 1
    assert pending_minutes.pdf_sha256
    assert "2 PDFs built." in capsys.readouterr().out
    call_command("render_archive_pdfs")  # nothing left: nothing rendered again
    assert "0 PDFs built." in capsys.readouterr().out


def test_render_archive_pdfs_reports_a_failure_and_can_be_run_again(pending_paper):
    with mock.patch.object(pdfs, "render_paper_pdf", _broken_render), pytest.raises(CommandError) as raised:
        call_command("render_archive_pdfs")
    assert f"paper {pending_paper.pk}: WeasyPrint ran out of memory" in str(raised.value)
    pending_paper.refresh_from_db()
    assert pending_paper.pdf_sha256 == ""

    call_command("render_archive_pdfs")
    pending_paper.refresh_from_db()
    assert pending_paper.pdf_sha256


def test_a_paper_withdrawn_before_its_pdf_is_built_gets_none(pending_paper):
    Paper.objects.filter(pk=pending_paper.pk).update(status=Paper.Status.WITHDRAWN, withdrawal_reason="Wrong file.")
    assert pdfs.store_paper_pdf(pending_paper.pk) is False
    pending_paper.refresh_from_db()
    assert pending_paper.pdf_sha256 == ""


def test_only_an_imported_paper_may_be_published_without_a_pdf(make_paper, pending_paper):
    paper = make_paper()
    paper.status = Paper.Status.PUBLISHED
    with pytest.raises(IntegrityError), transaction.atomic():
        paper.save()


# Surfaces, without the PDF and with it


def test_the_public_paper_page_says_the_pdf_is_being_prepared_until_it_is_built(client, pending_paper):
    url = pending_paper.get_absolute_url()
    page = client.get(url).content.decode()
    assert "The PDF of this paper is being prepared" in page
    assert reverse("boards:paper_pdf", args=[pending_paper.pk]) not in page
    assert "SHA-256 of the PDF" not in page
    assert f"/archive/papers/{pending_paper.pk}/original/" in page
    assert client.get(reverse("boards:paper_pdf", args=[pending_paper.pk])).status_code == 404

    pdfs.store_paper_pdf(pending_paper.pk)
    pending_paper.refresh_from_db()
    page = client.get(url).content.decode()
    assert "being prepared" not in page
    assert reverse("boards:paper_pdf", args=[pending_paper.pk]) in page
    assert pending_paper.pdf_sha256 in page
    response = client.get(reverse("boards:paper_pdf", args=[pending_paper.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_public_minutes_pages_say_the_pdf_is_being_prepared_until_it_is_built(client, pending_minutes):
    meeting = pending_minutes.meeting
    pdf_url = reverse("minutes:public_minutes_pdf", args=[meeting.board.slug, meeting.slug])
    page = client.get(pending_minutes.get_absolute_url()).content.decode()
    assert "The PDF of these minutes is being prepared" in page
    assert pdf_url not in page and "SHA-256 of the PDF" not in page
    assert f"/archive/minutes/{pending_minutes.pk}/original/" in page
    assert pdf_url not in client.get(meeting.get_absolute_url()).content.decode()
    assert client.get(pdf_url).status_code == 404

    pdfs.store_minutes_pdf(pending_minutes.pk)
    pending_minutes.refresh_from_db()
    page = client.get(pending_minutes.get_absolute_url()).content.decode()
    assert "being prepared" not in page and pdf_url in page and pending_minutes.pdf_sha256 in page
    assert pdf_url in client.get(meeting.get_absolute_url()).content.decode()
    assert client.get(pdf_url).status_code == 200


def test_the_api_lists_no_pdf_link_until_it_is_built(client, pending_paper, pending_minutes):
    def links():
        documents = client.get("/api/documents/").json()["results"]
        minutes = client.get("/api/minutes/").json()["results"]
        paper_links = next(d["links"] for d in documents if d["id"] == f"paper/{pending_paper.pk}")
        minutes_links = next(m["links"] for m in minutes if m["id"] == f"minutes/{pending_minutes.pk}")
        return paper_links, minutes_links

    assert links() == ([], [])
    assert "links</code> list is empty" in client.get("/api/").content.decode()

    call_command("render_archive_pdfs")
    pending_paper.refresh_from_db()
    pending_minutes.refresh_from_db()
    paper_links, minutes_links = links()
    assert [link["sha256"] for link in paper_links] == [pending_paper.pdf_sha256]
    assert [link["sha256"] for link in minutes_links] == [pending_minutes.pdf_sha256]


def test_search_and_feed_find_an_imported_record_before_its_pdf(client, pending_paper, pending_minutes):
    page = client.get("/search/", {"q": "preferred provider"}).content.decode()
    assert pending_paper.get_absolute_url() in page
    page = client.get("/search/", {"q": "AP introduced the report"}).content.decode()
    assert pending_minutes.get_absolute_url() in page
    feed = client.get(reverse("feed"))
    assert feed.status_code == 200


def test_staff_see_an_imported_paper_whose_pdf_is_being_built(client, secretary, pending_paper):
    client.force_login(secretary)
    page = client.get(pending_paper.get_staff_url()).content.decode()
    assert "Its PDF is being built" in page
    response = client.get(reverse("boards:staff_paper_pdf", args=[pending_paper.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "draft-" not in response["Content-Disposition"]  # it is published: the paper as it will be built

    pdfs.store_paper_pdf(pending_paper.pk)
    assert "Its PDF is being built" not in client.get(pending_paper.get_staff_url()).content.decode()


def test_staff_open_imported_minutes_whose_pdf_is_being_built(client, secretary, pending_minutes):
    client.force_login(secretary)
    assert client.get(reverse("minutes:staff_minutes", args=[pending_minutes.pk])).status_code == 200
    response = client.get(reverse("minutes:staff_minutes_pdf", args=[pending_minutes.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_historic_meeting_of_an_imported_paper_has_no_pack_and_cannot_get_one(
    board, secretary, django_capture_on_commit_callbacks
):
    from boards import services as board_services

    fields = paper_fields(meeting_date="2018-12-13")
    document, _ = _confirm(fields, board, secretary, django_capture_on_commit_callbacks, execute=False)
    meeting = document.paper.meeting
    assert meeting.imported_at and meeting.status == meeting.Status.HELD
    assert not meeting.pack_builds.exists()
    with pytest.raises(board_services.TransitionError):
        board_services.publish_agenda(meeting=meeting, user=secretary)
    with pytest.raises(board_services.TransitionError):
        board_services.publish_supplement(meeting=meeting, user=secretary)
