"""Importing an office's archive: 1,000 generated documents, papers and minutes, as .txt, .docx and .pdf.

Portal: every file through `archive.services.intake` (`ingest`: stored once
under its SHA-256; `read_document`: the reader, the board, meeting and
people proposed) and `archive.services.records.confirm` (historic meetings,
papers and minutes on their original dates, the portal's PDF of each
published record, the search index updated), on a fresh database: SQLite in
a scratch directory, or PostgreSQL when DATABASE_URL is set (a fresh test
database made beside it and dropped afterwards).
Baseline, in the same run: the text of the same files through the libraries
alone (UTF-8 decoding, python-docx paragraphs and tables, pypdf's layout
text), the floor any importer pays before it reads a word.
The documents are made first (fictional: Northshire), outside the timed
region; the import and the baseline each run in a process of their own, so
the peak memory printed (ru_maxrss, the whole process) is theirs alone.
Budget: the 1,000 imported in under two minutes on SQLite; peak memory
under 500 MB. The script exits non-zero when a budget is missed or a
document is not confirmed.

    python bench/import.py [--count 1000]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS_BUDGET = 120.0  # for 1,000 documents on SQLite
MEMORY_BUDGET_MB = 500

BOARDS = [
    ("Business Coordination Board", "BCB"),
    ("Joint Audit Committee", "JAC"),
    ("Partnership Commissioning Board", "PCB"),
]
PEOPLE = [
    ("Alex Morgan", "Police and Crime Commissioner"),
    ("Sam Okafor", "Deputy Chief Constable, Northshire Constabulary"),
    ("Jo Pennington", "Chief Executive, Office of the Police and Crime Commissioner"),
    ("Ravi Chandra", "Chief Finance Officer, Office of the Police and Crime Commissioner"),
    ("Priya Lindqvist", "Head of Policy, Office of the Police and Crime Commissioner"),
    ("Tom Heathcote", "Head of Corporate Development, Northshire Constabulary"),
    ("Helen Marsh", "Independent Member, Joint Audit Committee"),
    ("Grace Adeyemi", "Head of Finance, Office of the Police and Crime Commissioner"),
    ("Leon Fraser", "Commissioning Manager, Office of the Police and Crime Commissioner"),
    ("Nadia Hussain", "Director of Public Health, Northshire County Council"),
]
SUBJECTS = [
    "Estates Strategy",
    "Victims Services Recommissioning",
    "Medium Term Financial Plan",
    "Fleet Replacement Programme",
    "Police and Crime Plan – Communities Theme",
    "Youth Diversion Fund",
    "Internal Audit Progress",
    "Custody Independent Visitors Scheme",
    "Rural Crime Partnership",
    "Domestic Abuse Perpetrator Programme",
]
WRAPPED = (
    "The revenue budget was underspent by £0.412m, largely because of police\n"
    "    staff vacancies, offset in part by overtime in response policing and\n"
    "    the cost of mutual aid to neighbouring forces in the {year} summer.\n"
)


def initials(name: str) -> str:
    return "".join(part[0] for part in name.split())


def paper_text(n: int, rng: random.Random) -> str:
    board, _ = BOARDS[n % len(BOARDS)]
    on = date(2015, 1, 5) + timedelta(days=rng.randrange(0, 3600))
    subject = f"{SUBJECTS[n % len(SUBJECTS)]} {on.year}: report {n}"
    author, post = PEOPLE[4 + n % 5]
    marking = "OFFICIAL-SENSITIVE" if n % 7 == 0 else "OFFICIAL"
    item = 3 + n % 6
    body = WRAPPED.format(year=on.year)
    return f"""{marking}                                                        Agenda Item: {item}.0

To:     {board}
From:   Chief Executive
Date:   {on.day} {on:%B %Y}

{subject.upper()}

1. Purpose

1.1 The purpose of this report is to update the {board} on the
    {subject} and to seek approval for the revised approach.

2. Recommendations

2.1 The Board is recommended to note the progress made in {on.year}.

2.2 The Board is recommended to approve the revised approach set out at
    paragraph 4.2.

3. Background

3.1 {body}
3.2 Delivery is reported to the Board quarterly, with each meeting
    considering one theme of the Police and Crime Plan in depth.

4. Update

4.1 Of the nine priority actions, six are rated green, two amber and one
    red.

4.2 It is proposed that the approach is revised:

    - the current contract ends on 31 March {on.year + 1};
    - the revised approach reflects the merged teams.

5. Recommendations

5.1 The Board is recommended to note the progress made in {on.year}.

5.2 The Board is recommended to approve the revised approach set out at
    paragraph 4.2.

BIBLIOGRAPHY

Source Document(s)    Police and Crime Plan; Annual Report {on.year - 1}
Contact Officer(s)    {author}, {post}
"""


def minutes_text(n: int, rng: random.Random) -> str:
    board, _ = BOARDS[n % len(BOARDS)]
    # One set of minutes per board and day: a week apart, each board in turn.
    on = date(2015, 1, 6) + timedelta(days=7 * n)
    members = PEOPLE[:4]
    attending = PEOPLE[4:6]
    absent = PEOPLE[6 + n % 4]
    rows = "\n".join(f"{name:<20}{post}{' (Chair)' if i == 0 else ''}" for i, (name, post) in enumerate(members))
    extra = "\n".join(f"{name:<20}{post}" for name, post in attending)
    items = []
    for number in range(4, 4 + rng.randrange(2, 5)):
        subject = SUBJECTS[(n + number) % len(SUBJECTS)]
        presenter = attending[number % 2][0]
        items.append(
            f"{number}. {subject}\n\n"
            f"{number}.1 {initials(presenter)} introduced the report.\n\n"
            f"{number}.2 {WRAPPED.format(year=on.year)}\n"
            f"{number}.3 The Board noted the report and approved recommendation 2.{1 + number % 2}."
        )
    last = 4 + len(items)
    following = on + timedelta(days=56)
    key = "; ".join(f"{initials(name)} {name}" for name, _ in [*members, *attending, absent])
    return f"""OFFICIAL

{board.upper()}

APPROVED MINUTES

Date:      {on.day} {on:%B %Y}          Time: 14:00
Location:  Meeting Room {1 + n % 3}, Northshire Police Headquarters

Members:

{rows}

In Attendance:

{extra}

1. Welcome and Apologies

1.1 Apologies were received from {absent[0]}.

2. Declarations of Interest

2.1 There were no declarations of interest.

3. Minutes of the previous meeting

3.1 The Board approved the minutes of the previous meeting as a correct
    record.

{chr(10).join(f"{item}{chr(10)}" for item in items)}
{last}. Date of next meeting

{last}.1 The next meeting will be held on {following.day} {following:%B %Y} at 14:00.

Signed: {members[0][0]}, Chair                       Date: {following.day} {following:%B %Y}

Key to initials: {key}.
"""


def make_corpus(directory: Path, count: int) -> dict:
    """`count` files in `directory`: two papers to one set of minutes, in turn .txt, .docx and .pdf."""
    sys.path.insert(0, str(ROOT))
    from tests.archive_documents import docx_bytes, pdf_bytes, split_running

    rng = random.Random(12)
    kinds = {"paper": 0, "minutes": 0, ".txt": 0, ".docx": 0, ".pdf": 0}
    for n in range(count):
        kind = "minutes" if n % 3 == 2 else "paper"
        text = minutes_text(n // 3, rng) if kind == "minutes" else paper_text(n, rng)
        suffix = (".txt", ".docx", ".pdf")[(n // 3 + n) % 3]
        if suffix == ".txt":
            data = text.encode()
        else:
            parts = split_running(text)
            make = docx_bytes if suffix == ".docx" else pdf_bytes
            data = make(parts.body, header=parts.header, footer=parts.footer)
        (directory / f"{n:04d}-{kind}{suffix}").write_bytes(data)
        kinds[kind] += 1
        kinds[suffix] += 1
    return kinds


# The two timed sides, each in a child process.


def setup_django(workdir: str) -> None:
    sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{workdir}/media"
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcp_portal.settings")
    import django

    django.setup()


def fresh_database() -> callable:
    """Migrate a fresh database; on PostgreSQL a test database beside DATABASE_URL's. Returns its teardown."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0)
        return lambda: None
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return lambda: connection.creation.destroy_test_db(old_name, verbosity=0)


def portal(directory: Path, workdir: str) -> dict:
    setup_django(workdir)
    teardown = fresh_database()
    try:
        return _portal(directory)
    finally:
        teardown()


def _portal(directory: Path) -> dict:
    from django.contrib.auth.models import User
    from django.db import connection

    from archive.models import ImportBatch, ImportedDocument
    from archive.services.intake import ingest, read_document
    from archive.services.records import ConfirmRefused, confirm
    from boards.models import Board

    rendering = time_rendering()
    for name, short in BOARDS:
        Board.objects.create(name=name, short_name=short, slug=short.lower())
    staff = User.objects.create(username="secretary", is_staff=True)
    files = sorted(directory.iterdir())
    warm_up()
    phases = {"ingest": 0.0, "read": 0.0, "confirm": 0.0}
    refused: list[str] = []
    failed: list[str] = []
    start, cpu = time.perf_counter(), time.process_time()
    batch = ImportBatch.objects.create(label=f"{len(files)} files", created_by=staff)
    for path in files:
        t0 = time.perf_counter()
        document = ingest(batch, path.name, path.read_bytes()).document
        t1 = time.perf_counter()
        document = read_document(document)
        t2 = time.perf_counter()
        if document.status == ImportedDocument.Status.FAILED:
            failed.append(f"{path.name}: {document.error}")
        else:
            try:
                confirm(document, by=staff)
            except ConfirmRefused as exc:
                refused.append(f"{path.name}: {exc}")
        t3 = time.perf_counter()
        phases["ingest"] += t1 - t0
        phases["read"] += t2 - t1
        phases["confirm"] += t3 - t2
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    confirmed = ImportedDocument.objects.filter(status=ImportedDocument.Status.CONFIRMED).count()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "documents": len(files),
        "confirmed": confirmed,
        "phases": phases,
        "rendering": rendering["seconds"],
        "refused": refused,
        "failed": failed,
        "vendor": connection.vendor,
    }


def time_rendering() -> dict:
    """Time spent in confirm rendering each record's PDF, measured apart (the wrappers add no work)."""
    from archive.services import records

    spent = {"seconds": 0.0}

    def timed(render):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return render(*args, **kwargs)
            finally:
                spent["seconds"] += time.perf_counter() - start

        return wrapper

    records.render_paper_pdf = timed(records.render_paper_pdf)
    records.render_minutes_pdf = timed(records.render_minutes_pdf)
    return spent


def plain(directory: Path, workdir: str) -> dict:
    """The text of each file through the libraries alone: no reading, no database."""
    from docx import Document
    from pypdf import PdfReader

    files = sorted(directory.iterdir())
    start, cpu = time.perf_counter(), time.process_time()
    characters = 0
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".txt":
            text = data.decode("utf-8")
        elif path.suffix == ".docx":
            document = Document(io.BytesIO(data))
            lines = [p.text for p in document.paragraphs]
            lines += ["\t".join(cell.text for cell in row.cells) for t in document.tables for row in t.rows]
            text = "\n".join(lines)
        else:
            text = "\f".join(p.extract_text(extraction_mode="layout") for p in PdfReader(io.BytesIO(data)).pages)
        characters += len(text)
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "documents": len(files),
        "characters": characters,
    }


def warm_up() -> None:
    """Fonts and templates loaded once, outside the timed region (the portal renders a PDF of each record)."""
    from weasyprint import HTML

    HTML(string="<html lang='en'><head><title>x</title></head><body><p>Warm-up</p></body></html>").write_pdf()


def child(kind: str, directory: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        result = {"portal": portal, "plain": plain}[kind](Path(directory), workdir)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_child(kind: str, directory: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(directory)], capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode:
        sys.exit(f"the {kind} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    budget = SECONDS_BUDGET * args.count / 1000
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        made = time.perf_counter()
        kinds = make_corpus(directory, args.count)
        made = time.perf_counter() - made
        size = sum(path.stat().st_size for path in directory.iterdir()) / 1e6
        base = run_child("plain", directory)
        result = run_child("portal", directory)
    n = result["documents"]
    print(
        f"documents: {n} ({kinds['paper']} papers, {kinds['minutes']} minutes; {kinds['.txt']} .txt, "
        f"{kinds['.docx']} .docx, {kinds['.pdf']} .pdf; {size:.1f} MB), made in {made:.0f} s (not timed)"
    )
    print(f"database: {result['vendor']} (fresh)")
    print(
        f"plain text extraction (baseline):  {base['seconds']:7.2f} s  {n / base['seconds']:7.1f} documents/s  "
        f"peak {base['peak_mb']:.0f} MB, CPU {base['cpu_seconds']:.2f} s"
    )
    print(
        f"portal import (ingest+read+confirm): {result['seconds']:6.2f} s  {n / result['seconds']:7.1f} documents/s"
        f"  peak {result['peak_mb']:.0f} MB, CPU {result['cpu_seconds']:.2f} s"
    )
    phases = result["phases"]
    print("  of which " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in phases.items()))
    rest = result["seconds"] - result["rendering"]
    print(
        f"  of which confirm rendering the portal's PDF of each record {result['rendering']:.2f} s; "
        f"the rest {rest:.2f} s, {n / rest:.1f} documents/s (information)"
    )
    print(f"confirmed into the record: {result['confirmed']} of {n}")
    for line in (result["failed"] + result["refused"])[:10]:
        print(f"  not confirmed: {line[:300]}")
    if len(result["failed"] + result["refused"]) > 10:
        print(f"  ... and {len(result['failed'] + result['refused']) - 10} more")
    seconds_ok = result["seconds"] < budget or result["vendor"] != "sqlite"
    memory_ok = result["peak_mb"] < MEMORY_BUDGET_MB
    all_confirmed = result["confirmed"] == n
    print(
        f"time {result['seconds']:.1f} s (budget {budget:.0f} s on SQLite"
        f"{'' if result['vendor'] == 'sqlite' else '; information only on ' + result['vendor']}); "
        f"peak {result['peak_mb']:.0f} MB (budget {MEMORY_BUDGET_MB} MB); "
        f"all confirmed: {'yes' if all_confirmed else 'no'}  "
        f"{'OK' if seconds_ok and memory_ok and all_confirmed else 'OVER BUDGET' if all_confirmed else 'FAILED'}"
    )
    sys.exit(0 if seconds_ok and memory_ok and all_confirmed else 1)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main()
