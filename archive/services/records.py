"""Confirmed imports become the record: historic meetings, papers and minutes on their original dates."""

from __future__ import annotations

from ..models import ImportedDocument


class ConfirmRefused(Exception):
    """The document cannot be confirmed yet; `errors` maps a field of the review form to what is wrong."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(message for messages in errors.values() for message in messages))


def confirm(document: ImportedDocument, *, by) -> ImportedDocument:
    """Turn a read and reviewed document into records, once. Raises ConfirmRefused with the reasons."""
    raise NotImplementedError
