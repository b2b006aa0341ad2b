"""Background work of the archive import, through Django's tasks API (the django-tasks backport).

Reading: one task per document, so a worker's progress shows file by file on
the batch's page, and one file the reader cannot manage fails alone.
The portal's PDF of each confirmed record: queued on commit by
`archive.services.records.confirm`, so importing a thousand documents does
not wait for a thousand renders. Which backend runs the tasks is the
`TASKS_BACKEND` setting (see `boards/tasks.py`).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from .services import pdfs

logger = logging.getLogger(__name__)


@task()
def read_imported_document(document_pk: int) -> str:
    from .models import ImportedDocument
    from .services.batches import record_failure
    from .services.intake import read_document

    document = ImportedDocument.objects.filter(pk=document_pk, status=ImportedDocument.Status.QUEUED).first()
    if document is None:  # read meanwhile, or deleted
        return "skipped"
    try:
        return read_document(document).status
    except Exception as exc:  # a reader's fault on one file must not leave it waiting for ever
        logger.exception("Imported document %s could not be read", document_pk)
        record_failure(
            document_pk, f"The reader stopped on this file ({type(exc).__name__}). Read it again, or report it."
        )
        return ImportedDocument.Status.FAILED


def enqueue_reading(document_pks: list[int]) -> None:
    """Queue each document once the transaction that stored it commits, so that a worker finds it.

    A queue that cannot be reached fails the document with the reason, shown on
    the batch's page with *Read again*; the upload itself is kept.
    """

    def enqueue():
        from .services.batches import record_failure

        for pk in document_pks:
            try:
                read_imported_document.enqueue(pk)
            except Exception as exc:  # the backend's client raises its own errors (redis, database)
                logger.exception("Imported document %s could not be queued", pk)
                record_failure(pk, f"Could not be queued for reading ({type(exc).__name__}). Read it again later.")

    transaction.on_commit(enqueue)


@task()
def render_paper_pdf(paper_id: int) -> bool:
    return _logged(pdfs.store_paper_pdf, paper_id, "paper")


@task()
def render_minutes_pdf(minutes_id: int) -> bool:
    return _logged(pdfs.store_minutes_pdf, minutes_id, "minutes")


def _logged(store, pk: int, what: str) -> bool:
    try:
        return store(pk)
    except Exception:
        logger.exception("The PDF of imported %s %s could not be built; render_archive_pdfs will retry it", what, pk)
        raise


def _enqueue(task_, pk: int, what: str) -> None:
    """Queue the render; a render or queue that fails leaves the record without its PDF, for
    `render_archive_pdfs` to build later. The record is confirmed by then: never an error page."""
    try:
        task_.enqueue(pk)
    except Exception:  # the backend's client raises its own errors (redis, database); the immediate one, WeasyPrint's
        logger.exception("The PDF of imported %s %s was not built; render_archive_pdfs will build it", what, pk)


def enqueue_paper_pdf(paper_id: int) -> None:
    transaction.on_commit(lambda: _enqueue(render_paper_pdf, paper_id, "paper"))


def enqueue_minutes_pdf(minutes_id: int) -> None:
    transaction.on_commit(lambda: _enqueue(render_minutes_pdf, minutes_id, "minutes"))
