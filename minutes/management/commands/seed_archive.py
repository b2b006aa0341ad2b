import time

from django.core.management.base import BaseCommand
from django.db import connection

from minutes.archive import build_archive


class Command(BaseCommand):
    help = "Build a realistic archive of fictional boards, meetings, papers, minutes and plan delivery."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10)

    def handle(self, *args, years, **options):
        started = time.perf_counter()
        counts = build_archive(years)
        # Thousands of rows arrive at once: give the planner their statistics now (PostgreSQL's autovacuum would
        # pass later; SQLite keeps none until asked). Planned on the empty tables' figures, a query joining papers
        # to their decisions took 180 ms instead of 12 on PostgreSQL; on SQLite, without statistics, the newest
        # public decisions were found by sorting every public paper's decisions (10 ms) instead of walking the
        # index of confirmation times.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Archive built in {time.perf_counter() - started:.1f} s: {summary}."))
