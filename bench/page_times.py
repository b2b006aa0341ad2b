"""Server time and query count of every page kind, uncached, on the ten-year archive.

Builds the archive in a fresh database: the demo (`seed_demo`, for the
signed-in people, the drafts and the Commissioner's notices and registers)
and then `seed_archive --years 10` (about 400 meetings, 3,000 papers,
24,000 assessments), in SQLite in a temporary folder, or in the PostgreSQL
database `DATABASE_URL` names, whose schema is made again (and then vacuumed
and analysed, as a deployed database is). It then asks, in this
process with Django's test `Client`, for one URL of every public page kind and
of every signed-in page kind, one request at a time, with the page cache off
(`PUBLIC_CACHE_SECONDS=0`) and DEBUG off, as deployed. Each URL is asked for
once to warm up, then `--requests` times (20), in rounds of one request to
every page, so that a slower spell of the machine falls on all pages alike;
it prints the median server
time (the whole response, streamed bodies read to the end), the number of
queries of one request (`CaptureQueriesContext`) and the budget beside it:

- every public page kind: median at most 25 ms;
- signed-in pages (the workspace, the paper editor, the meeting's workspace
  page and its meeting screen, the minutes editor, the RAG grid, a decision
  notice): median at most 60 ms.

A first line, `/health/live/` (a view that reads nothing), has no budget: it
shows what the machine's load adds to every page. The exit status is 1 when a
page is over its budget or does not answer 200.
On SQLite the database and its stored files can be kept (`--keep DIR`) and
measured again without building them (`--reuse DIR`):

    python bench/page_times.py [--requests 20] [--keep DIR] [--reuse DIR] [--only NAME ...]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pcp_bench python bench/page_times.py
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_BUDGET_MS = 25
SIGNED_IN_BUDGET_MS = 60
#: The downloads kept in the database between public changes, also measured as written again after one.
STORED = ("API votes CSV", "API RAG history CSV")


def configure(work: Path, database: str) -> None:
    """The deployed settings, but with the page cache off and plain HTTP; before Django starts."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "pcp_portal.settings",
            "DEBUG": "False",
            "SECRET_KEY": "page-times-" + "x" * 50,
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "False",
            "REQUIRE_TWO_FACTOR": "False",
            "PUBLIC_CACHE_SECONDS": "0",
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "CACHE_DIR": str(work / "cache"),
            "DATABASE_URL": database,
            "LOG_LEVEL": "ERROR",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(prebuilt: bool) -> None:
    from django.core.management import call_command

    quiet = io.StringIO()
    if not prebuilt:
        if os.environ["DATABASE_URL"].startswith("postgres"):
            # Made again from nothing, not flushed: a flush would empty the rows the data migrations made
            # (the roles' groups, the recommendation verbs), and migrate would not make them again.
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        call_command("migrate", "--noinput", stdout=quiet)
        started = time.perf_counter()
        call_command("seed_demo", stdout=quiet, stderr=quiet)
        call_command("seed_archive", "--years", "10", stdout=quiet)
        print(f"Demo and ten-year archive built in {time.perf_counter() - started:.0f} s.")
        settle()
    call_command("collectstatic", "--noinput", stdout=quiet)


def settle() -> None:
    """On PostgreSQL, vacuum and analyse the tables just written, as a deployed database's are: otherwise
    autovacuum works through them while the first pages are timed, and the planner has no statistics yet."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def public_urls() -> dict[str, str]:
    """One URL of every public page kind, chosen from the archive (its latest records, as visitors find them)."""
    from django.urls import reverse

    from boards.models import Meeting, PackBuild, Paper
    from minutes.models import Minutes
    from plans.models import Plan, ReportingPeriod
    from transparency.models import DecisionNotice, ForwardPlanEntry, InterestRegister

    meeting = Meeting.objects.filter(board__slug="bcb", status="held").order_by("-starts_at").first()
    paper = Paper.objects.public().current().filter(board__slug="bcb").order_by("-date", "-pk").first()
    minutes = Minutes.objects.public().filter(meeting__board__slug="bcb").order_by("-meeting__starts_at").first()
    period = ReportingPeriod.objects.published().order_by("-starts_on").first()
    plan = Plan.objects.get(status=Plan.Status.IN_FORCE)
    notice = DecisionNotice.objects.public().order_by("-published_at").first()
    entry = ForwardPlanEntry.objects.public().order_by("-pk").first()
    register = InterestRegister.objects.public().order_by("pk").first()
    pack = PackBuild.objects.public().order_by("-pk").first()
    urls = {
        "home": reverse("home"),
        "papers": reverse("boards:paper_list"),
        "paper": paper.get_absolute_url(),
        "paper PDF": reverse("boards:paper_pdf", args=[paper.pk]),
        "boards": reverse("boards:board_list"),
        "board": reverse("boards:board_detail", args=["bcb"]),
        "meetings": reverse("boards:meeting_list"),
        "meeting (agenda)": meeting.get_absolute_url(),
        "board minutes": reverse("minutes:board_minutes", args=["bcb"]),
        "minutes": minutes.get_absolute_url(),
        "minutes PDF": reverse("minutes:public_minutes_pdf", args=[minutes.meeting.board.slug, minutes.meeting.slug]),
        "decisions": reverse("boards:decision_list"),
        "notices": reverse("transparency:notice_list"),
        "notice": notice.get_absolute_url(),
        "forward plan": reverse("transparency:forward_plan"),
        "forward plan entry": entry.get_absolute_url(),
        "forward plan CSV": reverse("transparency:forward_plan_csv"),
        "interest registers": reverse("transparency:interest_registers"),
        "interest register": register.get_absolute_url(),
        "interests CSV": reverse("transparency:interest_registers_csv"),
        "gifts": reverse("transparency:gifts"),
        "gifts CSV": reverse("transparency:gifts_csv"),
        "transparency": reverse("transparency:transparency"),
        "plan dashboard": reverse("plans:dashboard"),
        "theme": reverse("plans:theme", args=[plan.themes.order_by("position").first().pk]),
        "action": reverse("plans:action", args=[plan.priority_actions.order_by("code").first().code]),
        "delivery report": period.get_absolute_url(),
        "delivery report CSV": reverse("plans:report_csv", args=[period.slug]),
        "search": reverse("search") + "?q=budget",
        "feed": reverse("feed"),
        "board feed": reverse("board_feed", args=["bcb"]),
        "notices feed": reverse("transparency:notice_feed"),
        "forward plan feed": reverse("transparency:forward_plan_feed"),
        "calendar": reverse("boards:calendar_all"),
        "board calendar": reverse("boards:calendar_board", args=["bcb"]),
        "API": reverse("api_docs"),
        "API organizations": reverse("api_organizations"),
        "API events": reverse("api_events"),
        "API documents": reverse("api_documents"),
        "API votes": reverse("api_votes"),
        "API votes CSV": reverse("api_votes_csv"),
        "API minutes": reverse("api_minutes"),
        "API decision notices": reverse("api_decision_notices"),
        "API decision notices CSV": reverse("api_decision_notices_csv"),
        "API priority actions": reverse("api_priority_actions"),
        "API RAG history CSV": reverse("api_rag_history_csv"),
        "accessibility": reverse("accessibility"),
    }
    if pack:
        urls["meeting pack PDF"] = pack.get_absolute_url()
    return urls


def signed_in_urls() -> dict[str, tuple[str, str]]:
    """One URL of every signed-in page kind, with the demo login that works there."""
    from django.urls import reverse

    from boards.models import Meeting, Paper
    from minutes.models import Minutes
    from plans.models import Plan, ReportingPeriod
    from transparency.models import DecisionNotice

    draft = Paper.objects.filter(status=Paper.Status.DRAFT).order_by("pk").first()
    meeting = Meeting.objects.filter(board__slug="bcb", status="held").order_by("-starts_at").first()
    minutes = Minutes.objects.filter(status=Minutes.Status.DRAFT).order_by("pk").first()
    if minutes is None:  # the demo's minutes are past drafting: the secretary starts those of a held meeting
        from django.contrib.auth import get_user_model

        from minutes.services import start_minutes

        unminuted = Meeting.objects.filter(status="held").exclude(pk__in=Minutes.objects.values("meeting"))
        secretary = get_user_model().objects.get(username="secretary")
        minutes = start_minutes(meeting=unminuted.order_by("-starts_at").first(), user=secretary)
    period = ReportingPeriod.objects.filter(plan=Plan.objects.in_force().first()).order_by("-starts_on").first()
    notice = DecisionNotice.objects.order_by("-pk").first()
    return {
        "workspace": ("secretary", reverse("boards:staff_home")),
        "workspace papers": ("secretary", reverse("boards:staff_paper_list")),
        "workspace meetings": ("secretary", reverse("boards:staff_meeting_list")),
        "workspace minutes": ("secretary", reverse("minutes:staff_minutes_list")),
        "workspace actions": ("secretary", reverse("minutes:staff_actions")),
        "paper (workspace)": ("author", reverse("boards:staff_paper", args=[draft.pk])),
        "paper editor": ("author", reverse("boards:staff_paper_edit", args=[draft.pk])),
        "meeting (workspace)": ("secretary", reverse("boards:staff_meeting", args=[meeting.pk])),
        "meeting screen": ("secretary", reverse("minutes:meeting_screen", args=[meeting.pk])),
        "minutes (workspace)": ("secretary", reverse("minutes:staff_minutes", args=[minutes.pk])),
        "minutes editor": ("secretary", reverse("minutes:staff_minutes_edit", args=[minutes.pk])),
        "plan workspace": ("secretary", reverse("plans:workspace")),
        "RAG grid": ("secretary", reverse("plans:grid", args=[period.pk])),
        "decision notices (workspace)": ("deputy", reverse("transparency:staff_notice_list")),
        "decision notice (workspace)": ("deputy", reverse("transparency:staff_notice", args=[notice.pk])),
    }


def _fetch(client, url: str) -> int:
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    response.close()
    return response.status_code


def _warm(client, url: str, before=None) -> tuple[int, int]:
    """Status and query count of one request, after one request to warm up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        if before:
            before()
        with CaptureQueriesContext(connection) as queries:
            status = _fetch(client, url)
    return status, len(queries)  # counted now: the next request's new connection empties the log


def _timed(client, url: str, before=None) -> float:
    """Milliseconds of one request; `before`, if given, is called first, untimed."""
    if before:
        before()
    started = time.perf_counter()
    _fetch(client, url)
    return (time.perf_counter() - started) * 1000


def measure(client, url: str, requests: int, before=None) -> tuple[int, float, int]:
    """Status, median milliseconds and the query count of one request, after one request to warm up.

    `before`, if given, is called before each request, untimed and uncounted."""
    status, count = _warm(client, url, before)
    return status, statistics.median(_timed(client, url, before) for _ in range(requests)), count


def measure_in_rounds(targets: list[tuple], requests: int) -> list[tuple[int, float, int]]:
    """`measure` for each (client, url) of `targets`, taken in rounds: one request to each page, then the next
    round. A spell in which the machine is slower (another process, a busy disk) then falls on every page
    alike, not on the few that happened to be measured during it."""
    warmed = [_warm(client, url) for client, url in targets]
    times: list[list[float]] = [[] for _ in targets]
    for _ in range(requests):
        for index, (client, url) in enumerate(targets):
            times[index].append(_timed(client, url))
    return [(status, statistics.median(taken), count) for (status, count), taken in zip(warmed, times, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--reuse", help="a folder --keep filled before: its database and files are copied, not rebuilt")
    parser.add_argument("--keep", help="copy the SQLite database and stored files built here to this folder")
    parser.add_argument("--only", nargs="*", help="measure only the pages whose names contain one of these")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="pcp-pages-"))
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        database = f"sqlite:///{work / 'archive.sqlite3'}"
        if args.reuse:
            shutil.copy(Path(args.reuse) / "archive.sqlite3", work / "archive.sqlite3")
            shutil.copytree(Path(args.reuse) / "media", work / "media")
    elif args.reuse or args.keep:
        sys.exit("--reuse and --keep are for SQLite; on PostgreSQL the archive is built in DATABASE_URL's database.")
    configure(work, database)
    build(prebuilt=bool(args.reuse))
    if args.keep:
        from django.db import connection

        connection.close()
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(work / "archive.sqlite3", Path(args.keep) / "archive.sqlite3")
        shutil.copytree(work / "media", Path(args.keep) / "media", dirs_exist_ok=True)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    pages = [(name, None, url, PUBLIC_BUDGET_MS) for name, url in public_urls().items()]
    pages += [(name, login, url, SIGNED_IN_BUDGET_MS) for name, (login, url) in signed_in_urls().items()]
    if args.only:
        pages = [page for page in pages if any(word in page[0] for word in args.only)]
    clients = {None: Client()}
    for login in {page[1] for page in pages} - {None}:
        clients[login] = Client()
        clients[login].force_login(get_user_model().objects.get(username=login))

    print(f"{connection.vendor}, {args.requests} requests a page, one at a time, page cache off")
    print(f"{'page':<36} {'median ms':>9} {'queries':>7} {'budget':>6}  result")
    status, median, queries = measure(clients[None], "/health/live/", args.requests)
    print(f"{'baseline (reads nothing)':<36} {median:>9.1f} {queries:>7} {'-':>6}  HTTP {status}  /health/live/")
    failures = 0
    measured = measure_in_rounds([(clients[login], url) for _, login, url, _ in pages], args.requests)
    for (name, _login, url, budget), (status, median, queries) in zip(pages, measured, strict=True):
        ok = status == 200 and median <= budget
        failures += not ok
        verdict = "ok" if ok else ("OVER" if status == 200 else f"HTTP {status}")
        print(f"{name:<36} {median:>9.1f} {queries:>7} {budget:>6}  {verdict}  {url}", flush=True)
    # The stored downloads (`pcp_portal.exports`) as the first request after a public change finds them: written
    # again. Each public change costs this once; it has no budget of its own.
    from pcp_portal.exports import raise_versions

    for name in STORED:
        if not args.only or any(word in name for word in args.only):
            url = public_urls()[name]
            status, median, queries = measure(clients[None], url, args.requests, before=raise_versions)
            print(f"{name + ', written again':<36} {median:>9.1f} {queries:>7} {'-':>6}  HTTP {status}  {url}")
    print(f"{failures} page(s) over budget or failing" if failures else "Every page within its budget.")
    shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
