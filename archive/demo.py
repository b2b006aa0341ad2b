"""Demo archive records: a few of the fictional Northshire office's past papers and minutes, imported.

Every name is invented. The originals are written here as the office kept
them (one is made into a Word file with python-docx) and go through the same
steps as an office's own archive: stored by SHA-256, read, corrected as staff
would correct them (`CORRECTED`), and confirmed. A record already imported is
found by its file and left alone, so running the seed again changes nothing.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from boards.models import Board, Membership, Person

from .models import ImportBatch, ImportedDocument
from .services.intake import ingest, proposed_people, read_document
from .services.records import ConfirmRefused, confirm

#: The Commissioner of 2012-2016, who chaired the predecessor board and signed the 2018 minutes.
FORMER_COMMISSIONER = {"name": "Harriet Boscawen", "initials": "HB", "post_title": "Police and Crime Commissioner"}

#: The board the 2013 paper went to, wound up when the Business Coordination Board took over its work.
PREDECESSOR = {
    "name": "Strategic Executive Board",
    "short_name": "SEB",
    "slug": "seb",
    "purpose": "The Commissioner's board for holding the Chief Constable to account, 2012-2016.",
    "meeting_frequency": "Monthly",
    "established_on": date(2012, 11, 22),
    "dissolved_on": date(2016, 5, 31),
    "dissolution_reason": "Its business passed to the Business Coordination Board from June 2016.",
}

PAPER_2013 = """\
                                                                Agenda Item: 4.0

To:     Strategic Executive Board
From:   Chief Executive
Date:   4 June 2013

NEIGHBOURHOOD POLICING: PUBLIC CONSULTATION RESULTS

1. Purpose

1.1 To report to the Board the results of the public consultation on
    neighbourhood policing held in the spring of 2013.

2. Recommendation

2.1 The Board is recommended to note the results of the consultation.

3. The Consultation

3.1 The consultation ran from 1 March to 30 April 2013. 2,140 people took
    part: 1,652 online and 488 at 23 public meetings across the county.

3.2 The priorities most often named were:

    - visible patrols in town centres in the evening;
    - quicker answers to non-emergency calls;
    - action on speeding near schools.

4. Recommendation

4.1 The Board is recommended to note the results of the consultation.

BIBLIOGRAPHY

Source Document(s)    Police and Crime Plan 2013-17
Contact Officer(s)    Wenna Trevithick, Policy Officer
"""

PAPER_2018 = """\
OFFICIAL                                                        Agenda Item: 5.0

To:     Business Coordination Board
From:   Deputy Chief Executive
Date:   5 December 2018

VICTIMS SERVICES COMMISSIONING UPDATE

1. Purpose

1.1 To update the Board on the recommissioning of services for victims of
    crime from April 2019.

2. Recommendation

2.1 The Board is recommended to note the progress made in recommissioning
    victims services.

3. Background

3.1 The current contract for the Victims' Hub ends on 31 March 2019.

3.2 Three providers responded to the invitation to tender.

4. Progress

4.6 The evaluation panel met on 20 November 2018 and scored each bid against
    the published criteria.

4.8 A preferred provider will be named in January 2019, after the standstill
    period.

5. Recommendation

5.1 The Board is recommended to note the progress made in recommissioning
    victims services.

BIBLIOGRAPHY

Source Document(s)    Victims Strategy 2017-20; Commissioning Plan 2018-19
Contact Officer(s)    Alys Penhallow, Commissioning Manager
"""

MINUTES_2018 = """\
OFFICIAL

BUSINESS COORDINATION BOARD

APPROVED MINUTES

Date:      13 December 2018          Time: 14:00
Location:  Conference Room 2, Northshire Police Headquarters

Members:
  Harriet Boscawen   Police and Crime Commissioner (Chair)
  Daniel Rosewarne   Chief Constable, Northshire Constabulary
  Jo Pennington      Deputy Chief Executive, Office of the Police and Crime Commissioner

In Attendance:
  Alys Penhallow     Commissioning Manager, Office of the Police and Crime Commissioner

1. Welcome and Apologies

1.1 Apologies were received from Morwenna Kitto.

2. Declarations of Interest

2.1 There were no declarations of interest.

5. Victims Services Commissioning Update

5.1 AP introduced the report.

5.2 DR asked how victims would be supported while the new service started.
    AP said that the current provider would stay on until the handover.

5.3 The Board noted the report.

6. Date of Next Meeting

6.1 The next meeting will be held on 17 January 2019 at 14:00.

Signed: Harriet Boscawen, Chair                       Date: 17 January 2019
"""

#: Each original, its file name, its board, and what staff corrected on the review screen; the rest is as read.
RECORDS = [
    (
        "seb-2013-06-11-item-4-neighbourhood-consultation.txt",
        PAPER_2013,
        "seb",
        {"title": "Neighbourhood Policing: Public Consultation Results", "meeting_date": "2013-06-11"},
    ),
    (
        "bcb-2018-12-13-item-5-victims-commissioning.docx",
        PAPER_2018,
        "bcb",
        {"title": "Victims Services Commissioning Update", "meeting_date": "2018-12-13"},
    ),
    ("bcb-2018-12-13-minutes.txt", MINUTES_2018, "bcb", {}),
]


def word_file(text: str, *, on: date) -> bytes:
    """`text` as a Word file, one paragraph a line, the same bytes on every run (its dates are `on`)."""
    from docx import Document

    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.core_properties.author = "Office of the Police and Crime Commissioner for Northshire"
    document.core_properties.created = document.core_properties.modified = document.core_properties.last_printed = (
        datetime(on.year, on.month, on.day)
    )
    buffer = io.BytesIO()
    document.save(buffer)
    # python-docx stamps each part with the time of saving: fixed here, so the SHA-256 is the same every run.
    stable = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(on.year, on.month, on.day, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return stable.getvalue()


#: The day the Word original was saved: its dates inside the file, so its SHA-256 is the same every run.
WORD_SAVED_ON = date(2018, 12, 5)


def original(name: str, text: str) -> bytes:
    return word_file(text, on=WORD_SAVED_ON) if name.endswith(".docx") else text.encode("utf-8")


@transaction.atomic
def seed_archive() -> None:
    secretary = get_user_model().objects.get(username="secretary")
    predecessor, made = Board.objects.get_or_create(slug=PREDECESSOR["slug"], defaults=PREDECESSOR)
    if made:
        # Reference data staff keep in the admin: who chaired the old board, so its meetings have their chair.
        commissioner = Person.objects.filter(name=FORMER_COMMISSIONER["name"]).first() or Person.objects.create(
            **FORMER_COMMISSIONER
        )
        Membership.objects.create(
            person=commissioner,
            board=predecessor,
            role=Membership.Role.CHAIR,
            starts_on=PREDECESSOR["established_on"],
            ends_on=PREDECESSOR["dissolved_on"],
        )
    batch = None
    for name, text, board_slug, corrected in RECORDS:
        if ImportedDocument.objects.filter(original_name=name, status=ImportedDocument.Status.CONFIRMED).exists():
            continue  # imported on an earlier run
        data = original(name, text)
        if batch is None:
            batch = ImportBatch.objects.create(label="Demo archive", created_by=secretary)
        document = ingest(batch, name, data).document
        if document.status == ImportedDocument.Status.CONFIRMED:
            continue
        if document.status == ImportedDocument.Status.QUEUED:
            document = read_document(document)
        _correct(document, board_slug, corrected)
        try:
            confirm(document, by=secretary)
        except ConfirmRefused:
            continue  # people changed the demo's boards or meetings: the document waits for review instead


def _correct(document: ImportedDocument, board_slug: str, corrected: dict) -> None:
    """What staff do on the review screen: put right what was misread, choose the board, match the people."""
    fields = {**(document.reading or {}), **corrected}
    document.fields = fields
    document.kind = fields["kind"]
    document.board = Board.objects.get(slug=board_slug)
    document.meeting = None
    if document.status == ImportedDocument.Status.FAILED:
        document.error = ""
    document.status = ImportedDocument.Status.READ
    document.save()
    document.people.all().delete()
    for match in proposed_people(document, fields):
        match.save()
