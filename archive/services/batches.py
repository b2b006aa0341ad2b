"""Uploads in: one batch per upload, each file stored once and read in the background.

A file whose bytes are already in the archive is not stored again: the batch
lists it as skipped, with the earlier import it matches. So is a zip entry
that turns out not to be what its name says.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import ImportBatch, ImportedDocument
from ..uploads import Incoming, Refused
from .intake import ingest

Status = ImportedDocument.Status


def receive(*, files: list[Incoming], label: str, user) -> ImportBatch:
    """Store every file of one upload in a new batch and queue each new one to be read once this commits."""
    from ..tasks import enqueue_reading

    with transaction.atomic():
        batch = ImportBatch.objects.create(label=label[:300], created_by=user)
        stored, skipped = [], []
        for incoming in files:
            try:
                data = incoming.read()
            except Refused as refused:
                skipped.append({"name": incoming.name, "reason": str(refused), "document": None})
                continue
            try:
                with transaction.atomic():
                    ingested = ingest(batch, incoming.name, data)
            except IntegrityError:  # another upload stored the same bytes a moment ago
                ingested = ingest(batch, incoming.name, data)
            if ingested.created:
                stored.append(ingested.document)
            else:
                earlier = ingested.document
                where = "earlier in this upload" if earlier.batch_id == batch.pk else f"in “{earlier.batch}”"
                reason = f"Already imported {where} as “{earlier.original_name}”; not stored twice."
                skipped.append({"name": incoming.name, "reason": reason, "document": earlier.pk})
        if skipped:
            batch.skipped = skipped
            batch.save(update_fields=["skipped"])
        enqueue_reading([document.pk for document in stored])
    return batch


def record_failure(document_pk: int, reason: str) -> None:
    """A file that could not be queued or read is failed with the reason, and can be read again."""
    ImportedDocument.objects.filter(pk=document_pk).exclude(status=Status.CONFIRMED).update(
        status=Status.FAILED, error=reason, read_at=timezone.now()
    )


def read_again(document: ImportedDocument) -> bool:
    """Queue a failed file to be read again (after a queue outage, or a reader that has since been improved),
    or one whose reading stalled (a worker that died with it): reading twice is harmless, it reads only once."""
    from ..tasks import enqueue_reading

    with transaction.atomic():
        current = ImportedDocument.objects.select_for_update().get(pk=document.pk)
        if current.status != Status.FAILED and not current.is_stalled:
            return False
        # `read_at` restarts the wait, so a stalled file is not queued again at once.
        queued = ImportedDocument.objects.filter(pk=document.pk).update(
            status=Status.QUEUED, error="", read_at=timezone.now()
        )
        if queued:
            enqueue_reading([document.pk])
    return bool(queued)
