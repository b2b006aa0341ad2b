"""Background work of the archive import: the portal's PDF of each confirmed record.

Queued on commit by `archive.services.records.confirm`, so importing a
thousand documents does not wait for a thousand renders. Which backend runs
the tasks is the `TASKS_BACKEND` setting (see `boards/tasks.py`).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from .services import pdfs

logger = logging.getLogger(__name__)


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
