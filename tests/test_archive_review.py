"""The archive import's staff screens: upload, progress, review, correction, matching and confirmation."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend

from archive.models import ImportBatch, ImportedDocument, PersonMatch
from archive.services import records
from archive.services.intake import ingest, read_document
from boards.models import Board

from .archive_documents import docx_bytes, split_running
from .factories import MeetingFactory, PersonFactory
from .test_uploads import pdf_bytes

pytestmark = pytest.mark.django_db
Status = ImportedDocument.Status

PAPER = """OFFICIAL                                                        Agenda Item: 6.0

To:     Business Coordination Board
From:   Chief Executive
Date:   11 March 2019

CUSTODY HEALTHCARE CONTRACT: EXTENSION

1. Purpose

1.1 The purpose of this report is to seek approval to extend the custody healthcare contract.

2. Recommendations

2.1 The Board is recommended to approve the extension of the contract to 31 March 2020.
"""

MINUTES = """OFFICIAL

BUSINESS COORDINATION BOARD

APPROVED MINUTES

Date:      14 May 2019          Time: 14:00
Location:  Meeting Room 1, Northshire Police Headquarters

1. Welcome and Apologies

1.1 Apologies were received from Ravi Chandra.
"""


def txt(content: str = PAPER, name: str = "paper.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="text/plain")


def zipped(entries: dict[str, bytes], name: str = "archive.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def read(content: str = PAPER, name: str = "paper.txt", **fields) -> ImportedDocument:
    """A document stored and read, with `fields` set as if the reader had found them."""
    batch = ImportBatch.objects.create(label=name)
    document = read_document(ingest(batch, name, content.encode()).document)
    if fields:
        document.fields = {**document.fields, **fields}
        document.reading = {**document.reading, **fields}
        document.save()
    return document


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Post files to the upload page, running what waits for the commit (queueing the reads) as a real one would."""

    def post(client, *files, follow=False):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("archive:upload"), {"files": list(files)}, follow=follow)

    return post


@pytest.fixture
def staff(client, secretary):
    client.force_login(secretary)
    return client


# Who may use the screens


def urls(document: ImportedDocument) -> list[tuple[str, str, dict | None]]:
    return [
        ("get", reverse("archive:review_list"), None),
        ("get", reverse("archive:upload"), None),
        ("post", reverse("archive:upload"), {}),
        ("get", reverse("archive:batch", args=[document.batch_id]), None),
        ("get", reverse("archive:batch_status", args=[document.batch_id]), None),
        ("get", reverse("archive:document", args=[document.pk]), None),
        ("post", reverse("archive:document", args=[document.pk]), {}),
        ("get", reverse("archive:staff_original", args=[document.pk]), None),
        ("post", reverse("archive:read_again", args=[document.pk]), {}),
    ]


@pytest.mark.parametrize("role", ["author", "reviewer", "member", "chair", "no_role"])
def test_only_the_secretary_may_use_the_archive_screens(client, users, role):
    document = read()
    client.force_login(users[role])
    for method, url, data in urls(document):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 403, (role, url)
    document.refresh_from_db()
    assert document.version == 1


def test_the_anonymous_visitor_is_asked_to_sign_in(client, db):
    document = read()
    for method, url, data in urls(document):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_the_secretary_may_open_every_screen(staff):
    document = read()
    for method, url, _ in urls(document):
        if method == "get":
            assert staff.get(url).status_code == 200, url


def test_the_workspace_links_to_the_import_for_the_secretary_only(client, secretary, author):
    client.force_login(secretary)
    assert reverse("archive:review_list") in client.get(reverse("boards:staff_home")).content.decode()
    client.force_login(author)
    assert reverse("archive:review_list") not in client.get(reverse("boards:staff_home")).content.decode()


# Upload


def test_files_are_stored_in_one_batch_and_read(staff, secretary, upload):
    response = upload(staff, txt(), txt(MINUTES, "minutes.txt"))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("archive:batch", args=[batch.pk])
    assert batch.created_by == secretary
    assert batch.label == "2 files: paper.txt, minutes.txt"
    documents = {d.original_name: d for d in batch.documents.all()}
    assert documents["paper.txt"].status == Status.READ
    assert documents["minutes.txt"].kind == ImportedDocument.Kind.MINUTES
    with documents["paper.txt"].original.open("rb") as handle:
        assert handle.read() == PAPER.encode()
    assert "2 read: awaiting review" in staff.get(reverse("archive:upload")).content.decode()


def test_a_zip_brings_its_documents_and_leaves_out_folders_and_system_files(staff, upload):
    upload(
        staff,
        zipped(
            {
                "2019/": b"",
                "2019/paper.txt": PAPER.encode(),
                "2019/minutes.txt": MINUTES.encode(),
                "__MACOSX/2019/._paper.txt": b"\x00\x05",
                "2019/.DS_Store": b"\x00",
                "2019/Thumbs.db": b"\x00",
            }
        ),
    )
    batch = ImportBatch.objects.get()
    assert batch.label == "archive.zip"
    assert sorted(batch.documents.values_list("original_name", flat=True)) == ["minutes.txt", "paper.txt"]


def refused(response, text: str) -> None:
    assert response.status_code == 200
    assert text in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert not ImportedDocument.objects.exists()


def test_a_file_of_another_type_is_refused_beside_the_field(staff, upload):
    response = upload(staff, SimpleUploadedFile("minutes.doc", b"\xd0\xcf\x11\xe0"))
    refused(response, "“minutes.doc” is not a .txt, .docx or .pdf file, or a .zip of them.")
    assert 'id="error_1_id_files"' in response.content.decode()


def test_a_file_that_is_not_what_its_name_says_is_refused(staff, upload):
    refused(upload(staff, txt(PAPER, "paper.pdf")), "“paper.pdf” is not a PDF file")
    refused(upload(staff, SimpleUploadedFile("paper.docx", b"PK not a zip")), "is not a Word (.docx) file")


def test_an_empty_file_a_binary_text_file_or_a_zip_named_docx_is_refused(staff, upload):
    refused(upload(staff, SimpleUploadedFile("paper.txt", b"")), "The submitted file is empty.")
    refused(upload(staff, SimpleUploadedFile("paper.txt", b"MZ\x00\x00")), "“paper.txt” is not a text file")
    not_word = zipped({"content.xml": b"<office/>"}, name="paper.docx")
    refused(upload(staff, not_word), "“paper.docx” is not a Word (.docx) file")


def test_a_real_word_file_is_taken_and_read(staff, upload):
    parts = split_running(PAPER)
    word = docx_bytes(parts.body, header=parts.header, footer=parts.footer)
    upload(staff, SimpleUploadedFile("paper.docx", word))
    document = ImportedDocument.objects.get()
    assert document.status == Status.READ and document.kind == ImportedDocument.Kind.PAPER
    assert document.fields["date"] == "2019-03-11"


def test_a_real_pdf_is_taken(staff, upload):
    upload(staff, SimpleUploadedFile("paper.pdf", pdf_bytes(), content_type="application/pdf"))
    document = ImportedDocument.objects.get()
    assert document.status in (Status.READ, Status.FAILED)  # the reader says, with a reason, if it cannot


def test_a_broken_zip_is_refused(staff, upload):
    refused(upload(staff, SimpleUploadedFile("archive.zip", b"PK\x03\x04 broken")), "is not a zip file")


def test_a_zip_with_another_kind_of_file_is_refused_whole(staff, upload):
    response = upload(staff, zipped({"paper.txt": PAPER.encode(), "tool.exe": b"MZ", "nested.zip": b"PK"}))
    refused(response, "holds files that are not .txt, .docx or .pdf: “tool.exe”, “nested.zip”")


def test_a_zip_bomb_is_refused_before_it_is_opened(staff, settings, upload):
    settings.ARCHIVE_MAX_BYTES = 1024 * 1024
    bomb = zipped({"paper.txt": b"0" * (50 * 1024 * 1024)})
    assert bomb.size < 100 * 1024
    refused(upload(staff, bomb), "“paper.txt” in “archive.zip” is larger than 1.0\xa0MB")


def test_a_zip_too_large_once_uncompressed_or_with_too_many_entries_is_refused(staff, settings, upload):
    settings.ARCHIVE_ZIP_MAX_BYTES = 10_000
    entries = {f"paper-{n}.txt": PAPER.encode() * 5 for n in range(5)}
    refused(upload(staff, zipped(entries)), "would take more than")
    settings.ARCHIVE_ZIP_MAX_BYTES = 10**9
    settings.ARCHIVE_ZIP_MAX_FILES = 3
    refused(upload(staff, zipped(entries)), "holds 5 files; at most 3")


def test_a_zip_entry_that_lies_about_its_size_is_read_no_further_than_the_limit(staff, settings, upload):
    settings.ARCHIVE_MAX_BYTES = 1000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("paper.txt", PAPER.encode())
        archive.writestr("big.txt", b"x" * 5000)
    data = bytearray(buffer.getvalue())
    # Make the directory say the big entry is small, as a crafted bomb would.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    upload(staff, SimpleUploadedFile("archive.zip", bytes(data)))
    batch = ImportBatch.objects.get()
    assert list(batch.documents.values_list("original_name", flat=True)) == ["paper.txt"]
    assert batch.skipped[0]["name"] == "big.txt" and batch.skipped[0]["document"] is None


def test_a_file_already_imported_is_reported_on_the_batch_page_not_stored_twice(staff, upload):
    upload(staff, txt())
    first = ImportedDocument.objects.get()
    upload(staff, txt(PAPER, "copy-of-paper.txt"), txt(PAPER, "again.txt"))
    second = ImportBatch.objects.first()
    assert ImportedDocument.objects.count() == 1
    assert [entry["name"] for entry in second.skipped] == ["copy-of-paper.txt", "again.txt"]
    page = staff.get(reverse("archive:batch", args=[second.pk])).content.decode()
    assert "Already imported in “paper.txt” as “paper.txt”; not stored twice." in page
    assert reverse("archive:document", args=[first.pk]) in page
    assert "No new files were stored." in page and "0 files: ." not in page


# Reading in the background, and progress


def test_a_queue_that_cannot_be_reached_fails_the_file_with_the_reason_not_the_page(
    staff, upload, django_capture_on_commit_callbacks
):
    with mock.patch.object(ImmediateBackend, "enqueue", side_effect=ConnectionError("down")):
        upload(staff, txt())
    document = ImportedDocument.objects.get()
    response = staff.get(reverse("archive:batch", args=[document.batch_id]))
    assert document.status == Status.FAILED
    assert "Could not be queued for reading (ConnectionError)" in document.error
    assert "Could not be queued for reading" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("archive:read_again", args=[document.pk]))
    document.refresh_from_db()
    assert document.status == Status.READ and document.error == ""


def test_a_file_whose_worker_died_can_be_read_again_once_it_has_waited_too_long(
    staff, django_capture_on_commit_callbacks
):
    batch = ImportBatch.objects.create(label="paper.txt")
    document = ingest(batch, "paper.txt", PAPER.encode()).document  # queued; its worker never came back
    url = reverse("archive:read_again", args=[document.pk])
    staff.post(url)
    document.refresh_from_db()
    assert document.status == Status.QUEUED and not document.is_stalled
    assert "Read again" not in staff.get(reverse("archive:batch", args=[batch.pk])).content.decode()

    ImportedDocument.objects.filter(pk=document.pk).update(created_at=timezone.now() - timedelta(seconds=901))
    page = staff.get(reverse("archive:batch", args=[batch.pk])).content.decode()
    assert "its worker may have stopped" in page and "Read again" in page
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url)
    document.refresh_from_db()
    assert document.status == Status.READ


def test_a_reader_that_breaks_on_one_file_fails_that_file_alone(staff, upload):
    real = read_document

    def breaks_on_minutes(document):
        if document.original_name == "minutes.txt":
            raise KeyError("boom")
        return real(document)

    with mock.patch("archive.services.intake.read_document", side_effect=breaks_on_minutes):
        upload(staff, txt(), txt(MINUTES, "minutes.txt"))
    states = dict(ImportedDocument.objects.values_list("original_name", "status"))
    assert states == {"paper.txt": Status.READ, "minutes.txt": Status.FAILED}
    assert "The reader stopped on this file (KeyError)" in ImportedDocument.objects.get(status=Status.FAILED).error


def test_the_batch_page_refreshes_itself_while_a_file_waits_and_says_so_politely(staff):
    document = read()
    ImportedDocument.objects.filter(pk=document.pk).update(status=Status.QUEUED)
    url = reverse("archive:batch", args=[document.batch_id])
    page = staff.get(url).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert '<p role="status" aria-live="polite" id="progress-summary">1 file: 1 waiting to be read.</p>' in page
    assert 'http-equiv="refresh"' not in staff.get(url + "?refresh=off").content.decode()
    status = staff.get(reverse("archive:batch_status", args=[document.batch_id])).json()
    assert status["waiting"] is True and status["documents"][0]["status"] == "queued"

    ImportedDocument.objects.filter(pk=document.pk).update(status=Status.READ)
    page = staff.get(url).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "1 file: 1 read." in page
    assert staff.get(reverse("archive:batch_status", args=[document.batch_id])).json()["waiting"] is False


def test_the_original_file_is_offered_byte_for_byte(staff):
    document = read()
    response = staff.get(reverse("archive:staff_original", args=[document.pk]))
    assert b"".join(response.streaming_content) == PAPER.encode()
    assert response["ETag"] == f'"{document.sha256}"'
    assert "attachment" in response["Content-Disposition"]


# The review list


def test_the_review_list_shows_documents_awaiting_review_and_filters_by_status(staff):
    waiting = read(date="2019-03-11", board="Business Coordination Board")
    failed = read(MINUTES, "minutes.txt")
    ImportedDocument.objects.filter(pk=failed.pk).update(status=Status.FAILED)
    page = staff.get(reverse("archive:review_list")).content.decode()
    assert "paper.txt" in page and "minutes.txt" not in page
    assert "11 March 2019" in page and "Business Coordination Board" in page
    page = staff.get(reverse("archive:review_list") + "?status=failed").content.decode()
    assert "minutes.txt" in page and "paper.txt" not in page
    page = staff.get(reverse("archive:review_list") + "?status=").content.decode()
    assert "minutes.txt" in page and "paper.txt" in page
    assert waiting.pk != failed.pk


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_lists_keep_a_constant_number_of_queries_whatever_the_archive_holds(staff):
    batch = ImportBatch.objects.create(label="many")

    def add(count):
        for n in range(count):
            document = ingest(batch, f"paper-{ImportedDocument.objects.count()}.txt", f"{PAPER}{n}{batch.pk}".encode())
            read_document(document.document)

    add(2)
    urls = [reverse("archive:review_list"), reverse("archive:batch", args=[batch.pk]), reverse("archive:upload")]
    urls.append(reverse("archive:batch_status", args=[batch.pk]))
    few = [count_queries(staff, url) for url in urls]
    add(20)
    assert [count_queries(staff, url) for url in urls] == few


def test_the_review_page_keeps_a_constant_number_of_queries_whatever_the_people_named(staff):
    document = read()
    PersonMatch.objects.bulk_create(
        PersonMatch(document=document, role=PersonMatch.Role.CONTACT_OFFICER, name=f"Officer {n}") for n in range(2)
    )
    PersonFactory.create_batch(2)
    url = reverse("archive:document", args=[document.pk])
    few = count_queries(staff, url)
    PersonMatch.objects.bulk_create(
        PersonMatch(document=document, role=PersonMatch.Role.MEMBER, name=f"Member {n}") for n in range(20)
    )
    PersonFactory.create_batch(20)
    assert count_queries(staff, url) == few


# The review page: corrections, matches, stale saves


def form_data(client, document: ImportedDocument, **changes) -> dict:
    """What the review page's form would post, as the page offers it, with `changes` typed in."""
    response = client.get(reverse("archive:document", args=[document.pk]))
    context = response.context
    data = {}
    forms = [context["form"], context["people"]]
    if context["recommendations"] is not None:
        forms.append(context["recommendations"])
    for form in forms:
        for sub in getattr(form, "forms", [form]):
            for name, field in sub.fields.items():
                value = sub[name].value()
                if value is None or field.disabled:
                    continue
                data[sub.add_prefix(name)] = value.isoformat() if hasattr(value, "isoformat") else value
        if hasattr(form, "management_form"):
            management = form.management_form
            for name in management.fields:
                data[management.add_prefix(name)] = management[name].value()
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_review_page_shows_the_fields_beside_the_original_text_and_the_faults(staff):
    fault = {"code": "placeholder", "where": "paragraph 4.2", "message": "“TBC” was left in <b>the text</b>."}
    document = read(faults=[fault])
    page = staff.get(reverse("archive:document", args=[document.pk])).content.decode()
    assert 'class="archive-text" role="region" aria-labelledby="original-heading" tabindex="0"' in page
    assert "CUSTODY HEALTHCARE CONTRACT: EXTENSION" in page
    assert "Paragraph 4.2</strong>: “TBC” was left in &lt;b&gt;the text&lt;/b&gt;." in page
    assert reverse("archive:staff_original", args=[document.pk]) in page


def test_corrections_are_kept_in_the_fields_and_recorded_never_in_the_reading(staff, secretary, board):
    document = read(title="CUSTODY HEALTHCARE CONTRACT: EXTENSlON", date="2019-03-11")
    reading = dict(document.reading)
    data = form_data(
        staff,
        document,
        title="Custody Healthcare Contract: Extension",
        board=str(board.pk),
        agenda_item="6.0",
        source_documents="Custody Healthcare Contract 2016\n\nNeeds Assessment 2018",
        **{
            "recommendations-0-verb": "approve",
            "recommendations-0-text": "the extension.",
            "recommendations-0-number": "2.1",
        },
        **{"recommendations-TOTAL_FORMS": "1"},
    )
    response = staff.post(reverse("archive:document", args=[document.pk]), data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.fields["title"] == "Custody Healthcare Contract: Extension"
    assert document.fields["board"] == "Business Coordination Board" and document.board == board
    assert document.fields["source_documents"] == ["Custody Healthcare Contract 2016", "Needs Assessment 2018"]
    assert document.fields["recommendations"] == [{"number": "2.1", "verb": "approve", "text": "the extension."}]
    assert document.reading == reading
    assert document.version == 2
    latest = document.history.first()
    assert latest.history_user == secretary and latest.history_change_reason == "Corrected on review"
    assert latest.fields["title"] == "Custody Healthcare Contract: Extension"
    assert document.status == Status.READ  # nothing is confirmed, nor published, by a save
    page = staff.get(reverse("archive:document", args=[document.pk])).content.decode()
    assert f"Corrected on review by {secretary.get_full_name()} (version 2)" in page


def test_a_save_from_an_older_version_is_refused_and_keeps_what_was_typed(staff):
    document = read(title="Original title")
    data = form_data(staff, document, title="My correction")
    ImportedDocument.objects.filter(pk=document.pk).update(version=2)  # someone saved meanwhile
    response = staff.post(reverse("archive:document", args=[document.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Not saved: someone saved this document while you were correcting it." in page
    assert 'value="My correction"' in page
    document.refresh_from_db()
    assert document.fields["title"] == "Original title"


def test_field_errors_are_shown_beside_the_fields_with_nothing_typed_lost(staff, board):
    document = read()
    data = form_data(staff, document, board="new", new_board="", title="Typed title", date="11 March 2019")
    page = staff.post(reverse("archive:document", args=[document.pk]), data).content.decode()
    assert "Give the new board&#x27;s name, or choose an existing board above." in page
    assert "Enter a valid date." in page
    assert 'value="Typed title"' in page
    data.update(new_board="business coordination board", date="2019-03-11")
    page = staff.post(reverse("archive:document", args=[document.pk]), data).content.decode()
    assert "There is already a board called “business coordination board”: choose it above." in page
    assert ImportedDocument.objects.get(pk=document.pk).version == 1


def test_a_new_board_is_kept_by_name_until_confirmation(staff):
    document = read()
    staff.post(
        reverse("archive:document", args=[document.pk]),
        form_data(staff, document, board="new", new_board="Joint  Audit Committee"),
    )
    document.refresh_from_db()
    assert document.board is None and document.fields["board"] == "Joint Audit Committee"
    assert not Board.objects.filter(name="Joint Audit Committee").exists()


def test_a_meeting_is_one_of_the_board_on_the_date(staff, board):
    meeting = MeetingFactory(board=board, starts_at=datetime(2019, 5, 14, 13, 0, tzinfo=UTC))
    document = read(MINUTES, "minutes.txt", date="2019-05-14")
    ImportedDocument.objects.filter(pk=document.pk).update(board=board)
    document.refresh_from_db()
    data = form_data(staff, document, meeting=str(meeting.pk))
    staff.post(reverse("archive:document", args=[document.pk]), data)
    document.refresh_from_db()
    assert document.meeting == meeting

    data = form_data(staff, document, date="2019-05-15")
    page = staff.post(reverse("archive:document", args=[document.pk]), data).content.decode()
    assert "is not a meeting of the board chosen on the date above" in page


def test_a_paper_is_offered_the_board_s_meetings_after_its_date(staff, board):
    soon = MeetingFactory(board=board, starts_at=datetime(2019, 3, 19, 14, 0, tzinfo=UTC))
    MeetingFactory(board=board, starts_at=datetime(2019, 9, 19, 14, 0, tzinfo=UTC))  # too late for this paper
    document = read(date="2019-03-11")
    ImportedDocument.objects.filter(pk=document.pk).update(board=board)
    document.refresh_from_db()
    response = staff.get(reverse("archive:document", args=[document.pk]))
    assert [pk for pk, _ in response.context["form"].fields["meeting"].choices] == ["", str(soon.pk)]
    data = form_data(staff, document, meeting=str(soon.pk), meeting_date="2019-03-20")
    page = staff.post(reverse("archive:document", args=[document.pk]), data).content.decode()
    assert "is not a meeting of the board chosen on the meeting&#x27;s date below" in page
    data.update(meeting_date="2019-03-19")
    assert staff.post(reverse("archive:document", args=[document.pk]), data).status_code == 302
    document.refresh_from_db()
    assert document.meeting == soon and document.fields["meeting_date"] == "2019-03-19"


def test_people_are_matched_or_created_with_the_post_they_held_at_the_time(staff):
    existing = PersonFactory(name="Priya Lindqvist")
    document = read(MINUTES, "minutes.txt")
    lindqvist = PersonMatch.objects.create(document=document, role=PersonMatch.Role.MEMBER, name="P Lindqvist")
    heathcote = PersonMatch.objects.create(
        document=document, role=PersonMatch.Role.IN_ATTENDANCE, name="Tom Heathcote", post="Head of Corporate Dev"
    )
    rows = {row.pk: index for index, row in enumerate(document.people.all())}
    data = form_data(
        staff,
        document,
        **{
            f"people-{rows[lindqvist.pk]}-person": str(existing.pk),
            f"people-{rows[heathcote.pk]}-post": "Head of Corporate Development, Northshire Constabulary",
        },
    )
    assert staff.post(reverse("archive:document", args=[document.pk]), data).status_code == 302
    lindqvist.refresh_from_db()
    heathcote.refresh_from_db()
    assert lindqvist.person == existing
    assert heathcote.person is None and heathcote.post == "Head of Corporate Development, Northshire Constabulary"
    document.refresh_from_db()
    assert document.fields["in_attendance"] == [
        {"name": "Tom Heathcote", "post": "Head of Corporate Development, Northshire Constabulary"}
    ]


def test_apologies_and_the_signatory_corrected_in_the_fields_follow_in_the_people(staff):
    chandra = PersonFactory(name="Ravi Chandra")
    document = read(MINUTES, "minutes.txt", apologies=["Ravi Chandra", "Jo Peninngton"], signed_by="Alex Morgan")
    PersonMatch.objects.create(document=document, role=PersonMatch.Role.APOLOGIES, name="Ravi Chandra", person=chandra)
    PersonMatch.objects.create(document=document, role=PersonMatch.Role.APOLOGIES, name="Jo Peninngton")
    data = form_data(staff, document, apologies="Ravi Chandra\nJo Pennington", signed_by="Alex  Morgan")
    assert staff.post(reverse("archive:document", args=[document.pk]), data).status_code == 302
    apologies = list(document.people.filter(role=PersonMatch.Role.APOLOGIES).values_list("name", "person"))
    assert apologies == [("Ravi Chandra", chandra.pk), ("Jo Pennington", None)]
    assert list(document.people.filter(role=PersonMatch.Role.SIGNATORY).values_list("name", flat=True)) == [
        "Alex Morgan"
    ]
    document.refresh_from_db()
    assert document.fields["apologies"] == ["Ravi Chandra", "Jo Pennington"]


def test_the_marking_of_minutes_can_be_corrected(staff):
    document = read(MINUTES, "minutes.txt", marking="OFFICIAL")
    data = form_data(staff, document, marking="OFFICIAL-SENSITIVE")
    assert staff.post(reverse("archive:document", args=[document.pk]), data).status_code == 302
    document.refresh_from_db()
    assert document.fields["marking"] == "OFFICIAL-SENSITIVE"
    assert document.reading.get("marking") != "OFFICIAL-SENSITIVE"


def test_a_person_row_of_another_document_is_refused(staff):
    other = read(MINUTES, "minutes.txt")
    foreign = PersonMatch.objects.create(document=other, role=PersonMatch.Role.MEMBER, name="Someone")
    document = read()
    PersonMatch.objects.create(document=document, role=PersonMatch.Role.CONTACT_OFFICER, name="Officer")
    data = form_data(staff, document, **{"people-0-id": str(foreign.pk), "people-0-name": "Changed"})
    page = staff.post(reverse("archive:document", args=[document.pk]), data).content.decode()
    assert "Not saved." in page
    foreign.refresh_from_db()
    assert foreign.name == "Someone"


def test_the_kind_can_be_corrected(staff):
    document = read()
    assert document.kind == ImportedDocument.Kind.PAPER
    staff.post(reverse("archive:document", args=[document.pk]), form_data(staff, document, kind="minutes"))
    document.refresh_from_db()
    assert document.kind == "minutes" and document.fields["kind"] == "minutes"
    page = staff.get(reverse("archive:document", args=[document.pk])).content.decode()
    assert "Date of next meeting" in page and "Agenda item" not in page


def test_an_unreadable_or_confirmed_document_is_not_saved(staff):
    document = read()
    data = form_data(staff, document, title="Late change")
    ImportedDocument.objects.filter(pk=document.pk).update(status=Status.CONFIRMED)
    response = staff.post(reverse("archive:document", args=[document.pk]), data, follow=True)
    assert "Not saved: this document is “Confirmed into the record”." in response.content.decode()
    assert ImportedDocument.objects.get(pk=document.pk).fields.get("title") != "Late change"


# Confirmation


def test_a_refused_confirmation_shows_its_reasons_beside_the_fields_and_keeps_the_corrections(staff):
    document = read()
    refusal = records.ConfirmRefused(
        {"date": ["The paper needs its date."], "from": ["Give the post."], "people": ["Match every person."]}
    )
    data = form_data(staff, document, title="Corrected title", confirm="1")
    with mock.patch("archive.services.records.confirm", side_effect=refusal) as confirm:
        response = staff.post(reverse("archive:document", args=[document.pk]), data)
    assert confirm.call_args.kwargs["by"].username == "secretary"
    page = response.content.decode()
    assert "The paper needs its date." in page and 'id="error_1_id_date"' in page
    assert "Match every person." in page
    assert 'id="error_1_id_from_post"' in page and "Give the post." in page
    assert "Your corrections were saved, but the document was not confirmed" in page
    document.refresh_from_db()
    assert document.fields["title"] == "Corrected title" and document.status == Status.READ
    # The form on the page carries the version just saved, so saving again is not refused as stale.
    assert f'name="expected_version" value="{document.version}"' in page


def test_confirming_calls_the_records_service_and_shows_the_records(staff):
    document = read()

    def confirm(document, *, by):
        ImportedDocument.objects.filter(pk=document.pk).update(status=Status.CONFIRMED, confirmed_by=by)
        return document

    with mock.patch("archive.services.records.confirm", side_effect=confirm):
        response = staff.post(
            reverse("archive:document", args=[document.pk]), form_data(staff, document, confirm="1"), follow=True
        )
    page = response.content.decode()
    assert "“paper.txt” is confirmed into the record." in page
    assert "In the record" in page and 'id="review-form"' not in page


def test_a_document_date_is_parsed_for_the_list(staff):
    read(date="not a date")
    page = staff.get(reverse("archive:review_list")).content.decode()
    assert "not a date" not in page and "paper.txt" in page


def test_a_confirmed_paper_is_public_on_its_original_date(staff, board):
    document = read()
    contact = PersonMatch.objects.create(
        document=document, role=PersonMatch.Role.CONTACT_OFFICER, name="Priya Lindqvist"
    )
    data = form_data(
        staff,
        document,
        kind="paper",
        title="Custody Healthcare Contract: Extension",
        date="2019-03-11",
        board=str(board.pk),
        marking="OFFICIAL",
        from_post="Chief Executive",
        meeting_date="2019-03-19",
        agenda_item="6.0",
        confirm="1",
        **{"people-0-post": "Head of Policy, Office of the Police and Crime Commissioner"},
    )
    response = staff.post(reverse("archive:document", args=[document.pk]), data, follow=True)
    assert "“paper.txt” is confirmed into the record." in response.content.decode()
    document.refresh_from_db()
    assert document.status == Status.CONFIRMED and document.paper.date == date(2019, 3, 11)
    assert document.meeting.date == date(2019, 3, 19)
    contact.refresh_from_db()
    assert contact.person.post_title == "Head of Policy, Office of the Police and Crime Commissioner"
    page = Client().get(document.paper.get_absolute_url()).content.decode()  # the public
    assert "Custody Healthcare Contract: Extension" in page and "11 March 2019" in page
