"""Imported documents for tests, as the reader and staff's review would leave them (readers are tested apart)."""

from __future__ import annotations

from archive.models import ImportBatch, ImportedDocument
from archive.services.intake import ingest, proposed_people


def paper_fields(**overrides) -> dict:
    fields = {
        "file": "bcb-2018-12-13-item-5.txt",
        "kind": "paper",
        "confidence": 0.9,
        "date": "2018-12-05",
        "board": "Business Coordination Board",
        "marking": "OFFICIAL",
        "agenda_item": "5.0",
        "from": "Chief Executive",
        "title": "Victims Services Commissioning Update",
        "purpose": [{"number": "1.1", "text": "To update the Board on the commissioning of victims services."}],
        "recommendations": [
            {"number": "2.1", "verb": "note", "text": "the progress made in recommissioning victims services."}
        ],
        "closing_recommendations": [
            {"number": "6.1", "verb": "note", "text": "the progress made in recommissioning victims services."}
        ],
        "sections": [
            {
                "number": "3",
                "heading": "Background",
                "paragraphs": [
                    {"number": "3.1", "text": "The current contract ends in March 2019."},
                    {"number": "3.2", "text": "Three providers responded:\n\n- Northshire Victim Care\n- Safe Steps"},
                ],
            },
            {
                "number": "4",
                "heading": "Progress",
                "paragraphs": [
                    {"number": "4.6", "text": "The evaluation panel met in November."},
                    {"number": "4.8", "text": "A preferred provider will be named in January."},
                ],
            },
        ],
        "contact_officers": [{"name": "Alys Penhallow", "post": "Commissioning Manager"}],
        "source_documents": ["Victims Strategy 2017-20", "Commissioning Plan 2018"],
        "location": "OPCC, Northshire House",
        "appendices": [],
        "faults": [{"code": "numbering_gap", "where": "paragraph 4.8", "message": "Paragraph 4.7 is missing."}],
        "unplaced": [],
    }
    fields.update(overrides)
    return fields


def minutes_fields(**overrides) -> dict:
    fields = {
        "file": "bcb-minutes-2018-12-13.txt",
        "kind": "minutes",
        "confidence": 0.9,
        "date": "2018-12-13",
        "board": "Business Coordination Board",
        "marking": None,
        "agenda_item": "",
        "from": "",
        "title": "",
        "recommendations": [],
        "contact_officers": [],
        "source_documents": [],
        "status": "approved",
        "time": "14:00",
        "place": "Conference Room 2, Northshire House",
        "members": [
            {"name": "Gwen Tremayne", "post": "Police and Crime Commissioner"},
            {"name": "Daniel Rosewarne", "post": "Chief Constable"},
        ],
        "in_attendance": [{"name": "Alys Penhallow", "post": "Commissioning Manager"}],
        "apologies": ["Morwenna Kitto"],
        "items": [
            {
                "number": "1",
                "heading": "Welcome and Apologies",
                "paragraphs": [{"number": "1.1", "text": "Apologies were received from Morwenna Kitto."}],
            },
            {
                "number": "5",
                "heading": "Victims Services Commissioning Update",
                "paragraphs": [
                    {"number": "5.1", "text": "AP introduced the report."},
                    {"number": "5.3", "text": "The Board noted the report."},
                ],
            },
        ],
        "declarations": [],
        "decisions": [{"paragraph": "5.3", "text": "The Board noted the report."}],
        "next_meeting": "2019-01-17",
        "signed_by": "Gwen Tremayne",
        "signed_on": "2019-01-17",
        "faults": [{"code": "numbering_gap", "where": "paragraph 5.3", "message": "Paragraph 5.2 is missing."}],
        "unplaced": [],
    }
    fields.update(overrides)
    return fields


def read_document(
    fields: dict, *, board=None, meeting=None, content: bytes | None = None, name: str | None = None
) -> ImportedDocument:
    """A stored original, read into `fields` with the people it names proposed, as review leaves it."""
    name = name or fields["file"]
    batch = ImportBatch.objects.create(label=name)
    content = content if content is not None else f"{fields.get('title') or 'MINUTES'}\n{name}\n".encode()
    document = ingest(batch, name, content).document
    document.status = ImportedDocument.Status.READ
    document.kind = fields["kind"]
    document.confidence = fields.get("confidence")
    document.reading = fields
    document.fields = fields
    document.text = content.decode("utf-8", "replace").replace("\x00", "")
    document.board = board
    document.meeting = meeting
    document.save()
    document.people.all().delete()
    for match in proposed_people(document, fields):
        match.save()
    return document
