"""Import an office's archive from the command line: files, folders (walked) and zips.

Every file is stored once by its SHA-256 and read (`archive.services.intake`);
rerunning skips what was done and reads again a file an interrupted run left
waiting, or one that could not be read. `--dry-run --json` saves nothing and prints what the reader makes of
each file, one JSON object a line.
"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.models import ImportBatch, ImportedDocument
from archive.reading import Unreadable, read
from archive.services.intake import ingest, read_document
from archive.services.records import ConfirmRefused, confirm
from archive.sources import Source, sources
from boards.models import Board

Status = ImportedDocument.Status


class Command(BaseCommand):
    help = "Import past papers and minutes (.txt, .docx, .pdf; folders and zips of them) for review."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files, folders (walked) or zips.")
        parser.add_argument("--dry-run", action="store_true", help="Read the files and save nothing.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object a file.")
        parser.add_argument("--board", metavar="SLUG", help="The board every file belongs to.")
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="Confirm each document into the record as read (for archives trusted as they are).",
        )
        parser.add_argument("--user", metavar="USERNAME", help="Who imports and confirms (required with --confirm).")

    def handle(self, *paths, **options):
        board = self._board(options["board"])
        user = self._user(options["user"], needed=options["confirm"] and not options["dry_run"])
        self.as_json = options["json"]
        counts: dict[str, int] = {}
        if options["dry_run"]:
            for source in sources(list(options["paths"])):
                outcome = self._dry_run(source)
                counts[outcome] = counts.get(outcome, 0) + 1
        else:
            batch = None
            for source in sources(list(options["paths"])):
                if batch is None:
                    label = "import_archive " + " ".join(options["paths"])
                    batch = ImportBatch.objects.create(label=label[:300], created_by=user)
                outcome = self._import(source, batch, board=board, user=user, confirming=options["confirm"])
                counts[outcome] = counts.get(outcome, 0) + 1
        if not self.as_json:
            summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items())) or "no files"
            self.stdout.write(f"Done: {summary}.")

    def _board(self, slug: str | None) -> Board | None:
        if not slug:
            return None
        board = Board.objects.filter(slug=slug).first()
        if board is None:
            known = ", ".join(Board.objects.values_list("slug", flat=True))
            raise CommandError(f"There is no board {slug!r}. The boards are: {known}.")
        return board

    def _user(self, username: str | None, *, needed: bool):
        if not username:
            if needed:
                raise CommandError("--confirm records who confirmed: give --user USERNAME.")
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        return user

    # Reporting

    def _report(self, source: Source, outcome: str, reason: str = "", **extra) -> str:
        if self.as_json:
            self.stdout.write(json.dumps({"file": source.name, "outcome": outcome, "reason": reason or None, **extra}))
        else:
            line = f"{outcome:<9} {source.name}" + (f": {reason}" if reason else "")
            self.stdout.write(self.style.ERROR(line) if outcome == "failed" else line)
        return outcome

    # Dry run: the reader only

    def _dry_run(self, source: Source) -> str:
        if source.load is None:
            return self._dry_failure(source, source.problem)
        try:
            reading = read(source.name.rsplit("/", 1)[-1], source.load())
        except Unreadable as exc:
            return self._dry_failure(source, str(exc))
        data = reading.as_json()
        data["file"] = source.name
        if self.as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            faults = len(data["faults"])
            self.stdout.write(f"read      {source.name}: {data['kind']} ({data['confidence']:.2f}), {faults} faults")
        return "read"

    def _dry_failure(self, source: Source, reason: str) -> str:
        if self.as_json:
            self.stdout.write(json.dumps({"file": source.name, "error": reason}, ensure_ascii=False))
        else:
            self.stdout.write(self.style.ERROR(f"failed    {source.name}: {reason}"))
        return "failed"

    # Import

    def _import(self, source: Source, batch: ImportBatch, *, board, user, confirming: bool) -> str:
        if source.load is None:
            return self._report(source, "failed", source.problem)
        try:
            with transaction.atomic():
                ingested = ingest(batch, source.name.rsplit("/", 1)[-1], source.load())
        except OSError as exc:
            return self._report(source, "failed", f"The file cannot be read: {exc}.")
        document = ingested.document
        outcome = "imported"
        if not ingested.created:
            if document.status in (Status.QUEUED, Status.FAILED):
                # An earlier run stored it and stopped before reading it, or could not read it (the reader
                # may read it now): read it again.
                outcome = "resumed"
            elif document.status == Status.READ and confirming:
                outcome = "resumed"
            else:
                return self._report(
                    source,
                    "skipped",
                    f"The same file (SHA-256 {document.sha256[:12]}…) was imported before as "
                    f"{document.original_name}: {document.get_status_display().lower()}.",
                    document=document.pk,
                )
        if document.status in (Status.QUEUED, Status.FAILED):
            try:
                document = read_document(document)
            except Exception as exc:  # one bad file must not stop an archive's run; the next run tries it again
                return self._report(source, "failed", f"The file could not be read: {exc}", document=document.pk)
        if document.status == Status.FAILED:
            return self._report(source, "failed", document.error, document=document.pk)
        if board is not None and document.board_id != board.pk:
            document.board = board
            if document.meeting_id and document.meeting.board_id != board.pk:
                document.meeting = None  # matched under the board the file named, not the one given
            document.save(update_fields=["board", "meeting"])
        if confirming:
            try:
                document = confirm(document, by=user)
            except ConfirmRefused as exc:
                return self._report(source, "unconfirmed", f"Read, not confirmed: {exc}", document=document.pk)
            return self._report(source, "confirmed", "", document=document.pk)
        return self._report(source, outcome, "", document=document.pk)
