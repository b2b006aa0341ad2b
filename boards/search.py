"""What `boards` puts in the search index: public papers (with their appendices' text) and public decisions."""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager

from django.db.models.signals import post_save, pre_save

from pcp_portal import search
from pcp_portal.pdf import pdf_text

from .document import build_document
from .models import Board, Decision, Paper

logger = logging.getLogger(__name__)


def _appendix_text(paper: Paper) -> str:
    texts = []
    for appendix in paper.appendices.all():
        try:
            with appendix.file.open("rb") as handle:
                texts.append(pdf_text(handle.read()))
        except Exception:  # an unreadable appendix must not stop publication; the paper's own text is indexed
            logger.warning("Could not read appendix %s for the search index", appendix.pk, exc_info=True)
    return "\n".join(texts)


_built = threading.local()


@contextmanager
def text_as_built(paper_pk: int, text: str):
    """While a service saves a paper it has just built (to render its PDF), its search entry takes that
    document's text instead of building the document again. Only inside the block, only for that paper."""
    texts = _built.__dict__.setdefault("texts", {})
    texts[paper_pk] = text
    try:
        yield
    finally:
        texts.pop(paper_pk, None)


def paper_document(paper: Paper) -> search.Document:
    text = getattr(_built, "texts", {}).get(paper.pk)
    if text is None:
        text = build_document(paper).as_text()
    return search.Document(
        key=f"paper:{paper.pk}",
        kind="Paper",
        title=paper.title,
        body="\n".join([text, _appendix_text(paper)]),
        url=paper.get_absolute_url(),
        published_at=paper.published_at,
        board=paper.board.slug,
        board_name=paper.board.name,
        year=paper.date.year,
        themes=tuple(paper.themes.values_list("name", flat=True)),
    )


def decision_document(decision: Decision) -> search.Document:
    paper = decision.recommendation.paper
    return search.Document(
        key=f"decision:{decision.pk}",
        kind="Decision",
        title=f"{paper.title}: {decision.get_outcome_display()}",
        body=f"{decision.recommendation.wording}\n{decision.wording}",
        url=decision.meeting.get_absolute_url() if decision.meeting_id else paper.get_absolute_url(),
        published_at=decision.confirmed_at,
        board=paper.board.slug,
        board_name=paper.board.name,
        year=decision.date.year,
        themes=tuple(theme.name for theme in paper.themes.all()),  # prefetched, where many are indexed at once
    )


def update_paper(paper: Paper) -> None:
    """Index a paper if the public may read its current text; otherwise make sure it is not indexed."""
    if Paper.objects.public().current().filter(pk=paper.pk).exists():
        search.index(paper_document(paper))
    else:
        search.remove(f"paper:{paper.pk}")


def update_decision(decision: Decision) -> None:
    if Decision.objects.public().filter(pk=decision.pk).exists():
        search.index(decision_document(decision))
    else:
        search.remove(f"decision:{decision.pk}")


def documents():
    for paper in Paper.objects.public().current().select_related("board"):
        yield paper_document(paper)
    for decision in Decision.objects.public().select_related("recommendation__paper__board", "meeting__board"):
        yield decision_document(decision)


def _remember_slug(sender, instance: Board, **kwargs) -> None:
    instance._indexed_slug = Board.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()


def _board_saved(sender, instance: Board, created: bool, **kwargs) -> None:
    """A board renamed, or given another address: every entry of it in the index says so at once."""
    if not created:
        search.rename_board(instance._indexed_slug or instance.slug, instance.slug, instance.name)


def connect() -> None:
    pre_save.connect(_remember_slug, sender=Board, dispatch_uid="search-board-slug")
    post_save.connect(_board_saved, sender=Board, dispatch_uid="search-board-renamed")
