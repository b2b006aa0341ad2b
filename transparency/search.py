"""What `transparency` puts in the search index: public decision notices, with their public documents' text."""

from __future__ import annotations

import logging

from pcp_portal import search
from pcp_portal.pdf import pdf_text

from .models import DecisionNotice
from .publicity import public_notices, public_text

logger = logging.getLogger(__name__)

#: The kind of entry, as the search page shows and filters it.
KIND = "Commissioner's decision"


def key(notice_id: int) -> str:
    return f"notice:{notice_id}"


def _documents_text(notice: DecisionNotice) -> str:
    texts = []
    for document in notice.public_documents:
        try:
            with document.file.open("rb") as handle:
                texts.append(pdf_text(handle.read()))
        except Exception:  # an unreadable document must not stop the notice being found by its own text
            logger.warning("Could not read supporting document %s for the search index", document.pk, exc_info=True)
    return "\n".join(texts)


def notice_document(notice: DecisionNotice) -> search.Document:
    """`notice` as `public_notices()` gives it: only its public text, never the confidential part's."""
    texts = [notice.reference, *public_text(notice)[1:]]  # the title is the entry's own
    texts += [document.title for document in notice.public_documents]
    return search.Document(
        key=key(notice.pk),
        kind=KIND,
        title=f"{notice.reference} {notice.title}",
        body="\n".join([*filter(None, texts), _documents_text(notice)]),
        url=notice.get_absolute_url(),
        published_at=notice.published_at,
        year=notice.reference_year,
        themes=tuple(theme.name for theme in notice.themes.all()),
    )


def refresh_notice(notice_id: int) -> None:
    """Index the notice if the public may read it; otherwise make sure it is not indexed."""
    notice = public_notices().filter(pk=notice_id).first()
    if notice is None:
        search.remove(key(notice_id))
    else:
        search.index(notice_document(notice))


def documents():
    for notice in public_notices():
        yield notice_document(notice)
