"""`manage.py import_archive`: files, folders and zips in; resumable, idempotent; a dry run saves nothing."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from archive.models import ImportBatch, ImportedDocument
from archive.reading import Unreadable
from archive.reading.result import PAPER, PersonRead, Reading, RecommendationRead
from archive.services import intake
from boards.models import Paper

pytestmark = pytest.mark.django_db


def fake_read(name: str, data: bytes) -> Reading:
    """A reader for these tests (the readers are tested on their own): the first line is the title."""
    text = data.decode()
    if "UNREADABLE" in text:
        raise Unreadable(f"{name}: the PDF has no text layer (a scan).")
    return Reading(
        file=name,
        kind=PAPER,
        confidence=0.9,
        date=date(2018, 12, 5),
        board="Business Coordination Board",
        marking="OFFICIAL",
        agenda_item="5.0",
        from_="Chief Executive",
        title=text.splitlines()[0],
        recommendations=[RecommendationRead("2.1", "note", "the report.")],
        contact_officers=[PersonRead("Alys Penhallow", "Commissioning Manager")],
        text=text,
    )


@pytest.fixture(autouse=True)
def reader(monkeypatch):
    monkeypatch.setattr(intake, "read", fake_read)
    monkeypatch.setattr("archive.management.commands.import_archive.read", fake_read)


@pytest.fixture
def folder(tmp_path):
    """A folder of files to import, apart from the media folder the tests store into (also under tmp_path)."""
    path = tmp_path / "in"
    path.mkdir()
    return path


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("import_archive", *map(str, args), stdout=out)
    return out.getvalue().splitlines()


def outcomes(lines: list[str]) -> dict[str, str]:
    return {entry["file"].rsplit("/", 1)[-1]: entry["outcome"] for entry in map(json.loads, lines)}


@pytest.fixture
def archive_dir(tmp_path):
    root = tmp_path / "archive"
    (root / "2018" / "december").mkdir(parents=True)
    (root / "2018" / "december" / "victims.txt").write_text("Victims Services Update\nBody.\n")
    (root / "2018" / "estates.txt").write_text("Estates Strategy\nBody.\n")
    (root / "2018" / "notes.rtf").write_text("{\\rtf1 not read}")
    (root / "2018" / ".DS_Store").write_bytes(b"\x00")
    with zipfile.ZipFile(root / "2017.zip", "w") as bundle:
        bundle.writestr("2017/fleet.txt", "Vehicle Fleet Review\nBody.\n")
        bundle.writestr("2017/scan.txt", "UNREADABLE\n")
    return root


def test_it_imports_files_folders_and_zips_and_reports_each(archive_dir, board):
    report = outcomes(run(archive_dir, "--json"))

    assert report == {
        "fleet.txt": "imported",
        "scan.txt": "failed",
        "victims.txt": "imported",
        "estates.txt": "imported",
        "notes.rtf": "failed",
    }
    assert ImportBatch.objects.count() == 1
    documents = {d.original_name: d for d in ImportedDocument.objects.all()}
    assert documents["victims.txt"].status == ImportedDocument.Status.READ
    assert documents["victims.txt"].board == board  # matched by the name the reader found
    assert documents["victims.txt"].original.read() == b"Victims Services Update\nBody.\n"
    assert documents["scan.txt"].status == ImportedDocument.Status.FAILED
    assert "no text layer" in documents["scan.txt"].error
    assert documents["victims.txt"].people.get().name == "Alys Penhallow"


def test_the_human_report_says_why_a_file_failed(archive_dir, board):
    lines = run(archive_dir)
    assert any(line.startswith("failed") and "notes.rtf" in line and ".txt, .docx and .pdf" in line for line in lines)
    assert lines[-1] == "Done: 2 failed, 3 imported."


def test_a_second_run_skips_what_was_imported(archive_dir, board):
    run(archive_dir)
    lines = [json.loads(line) for line in run(archive_dir, "--json")]

    by_file = {entry["file"].rsplit("/", 1)[-1]: entry for entry in lines}
    assert by_file["victims.txt"]["outcome"] == "skipped"
    assert "was imported before as victims.txt" in by_file["victims.txt"]["reason"]
    assert by_file["scan.txt"]["outcome"] == "failed"  # tried again: the reader may read it now
    assert ImportedDocument.objects.count() == 4


def test_a_file_that_could_not_be_read_is_read_again_by_a_later_run(folder, board, monkeypatch):
    (folder / "scan.txt").write_text("UNREADABLE\n")
    run(folder)
    monkeypatch.setattr(intake, "read", lambda name, data: fake_read(name, b"Scanned Minutes Typed Up\n"))

    assert outcomes(run(folder, "--json")) == {"scan.txt": "resumed"}
    document = ImportedDocument.objects.get()
    assert document.status == ImportedDocument.Status.READ and document.error == ""


def test_a_file_left_waiting_by_an_interrupted_run_is_read_again(folder, board):
    path = folder / "victims.txt"
    path.write_text("Victims Services Update\n")
    batch = ImportBatch.objects.create(label="interrupted")
    stored = intake.ingest(batch, "victims.txt", path.read_bytes()).document
    assert stored.status == ImportedDocument.Status.QUEUED

    assert outcomes(run(path, "--json")) == {"victims.txt": "resumed"}
    stored.refresh_from_db()
    assert stored.status == ImportedDocument.Status.READ
    assert ImportedDocument.objects.count() == 1


def test_a_dry_run_saves_nothing_and_prints_the_reading(archive_dir, settings):
    lines = [json.loads(line) for line in run(archive_dir, "--dry-run", "--json")]

    assert not ImportedDocument.objects.exists() and not ImportBatch.objects.exists()
    assert not (settings.MEDIA_ROOT / "archive").exists()
    by_file = {entry["file"].rsplit("/", 1)[-1]: entry for entry in lines}
    expected = fake_read("victims.txt", b"Victims Services Update\nBody.\n").as_json()
    expected["file"] = str(archive_dir / "2018" / "december" / "victims.txt")
    assert by_file["victims.txt"] == expected
    assert by_file["victims.txt"]["date"] == "2018-12-05"
    assert by_file["victims.txt"]["recommendations"] == [{"number": "2.1", "verb": "note", "text": "the report."}]
    assert "no text layer" in by_file["scan.txt"]["error"]
    assert set(by_file) == {"victims.txt", "estates.txt", "fleet.txt", "scan.txt", "notes.rtf"}


def test_board_sets_the_board_of_every_file(folder, board, other_board):
    (folder / "a.txt").write_text("Audit Plan\n")
    run(folder, "--board", other_board.slug)
    assert ImportedDocument.objects.get().board == other_board


def test_an_unknown_board_is_refused_before_anything_is_read(folder, board):
    (folder / "a.txt").write_text("Audit Plan\n")
    with pytest.raises(CommandError, match="There is no board 'nope'"):
        run(folder, "--board", "nope")
    assert not ImportedDocument.objects.exists()


def test_confirm_needs_a_user(folder, board):
    (folder / "a.txt").write_text("Audit Plan\n")
    with pytest.raises(CommandError, match="--user"):
        run(folder, "--confirm")


def test_confirm_records_each_document_and_a_rerun_confirms_what_was_left(folder, board, secretary):
    (folder / "victims.txt").write_text("Victims Services Update\n")
    run(folder)  # read, not confirmed
    (folder / "estates.txt").write_text("Estates Strategy\n")

    report = outcomes(run(folder, "--confirm", "--user", secretary.username, "--json"))

    # The one read before is confirmed on this run too.
    assert report == {"victims.txt": "confirmed", "estates.txt": "confirmed"}
    assert set(ImportedDocument.objects.values_list("status", flat=True)) == {ImportedDocument.Status.CONFIRMED}
    assert Paper.objects.public().count() == 2
    assert outcomes(run(folder, "--confirm", "--user", secretary.username, "--json")) == {
        "victims.txt": "skipped",
        "estates.txt": "skipped",
    }


def test_a_document_confirm_refuses_is_reported_and_left_for_review(folder, secretary):
    (folder / "a.txt").write_text("Audit Plan\n")  # no board of that name in the portal
    (entry,) = [json.loads(line) for line in run(folder, "--confirm", "--user", secretary.username, "--json")]
    assert entry["outcome"] == "unconfirmed"
    assert "Choose the board" in entry["reason"]
    assert ImportedDocument.objects.get().status == ImportedDocument.Status.READ


def test_a_zip_entry_that_holds_more_than_it_declares_is_not_read(folder, board):
    path = folder / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("big.txt", "A" * 100_000)
    raw = bytearray(path.read_bytes())
    # Make the central directory (which the check reads) claim 10 bytes instead of 100,000.
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(raw))

    (entry,) = [json.loads(line) for line in run(path, "--json")]
    assert entry["outcome"] == "failed"
    assert not ImportedDocument.objects.exists()


def test_a_zip_past_the_limits_is_refused_whole(folder, board, settings):
    settings.ARCHIVE_ZIP_MAX_FILES = 2
    path = folder / "many.zip"
    with zipfile.ZipFile(path, "w") as bundle:
        for number in range(3):
            bundle.writestr(f"{number}.txt", f"Paper {number}\n")
    (entry,) = [json.loads(line) for line in run(path, "--json")]
    assert entry["outcome"] == "failed"
    assert "at most 2" in entry["reason"]
    settings.ARCHIVE_ZIP_MAX_FILES = 5000
    settings.ARCHIVE_ZIP_MAX_BYTES = 10
    (entry,) = [json.loads(line) for line in run(path, "--json")]
    assert "unpacks to" in entry["reason"]
