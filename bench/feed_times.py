"""Time the feeds, the calendars, the events API and the plan's pages in process, uncached.

Run against a database built with `seed_archive --years 10`:

    DATABASE_URL=sqlite:////tmp/archive.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/archive.sqlite3 python manage.py seed_archive --years 10
    DATABASE_URL=sqlite:////tmp/archive.sqlite3 python bench/feed_times.py [--runs 20]

Each page is asked for `--runs` times with Django's test client, the page cache off; the median
is printed, with the size of the answer and, for the feeds and calendars, the median of a
conditional request sent with the validators of the first answer (a 304).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcp_portal.settings")
    os.environ["PUBLIC_CACHE_SECONDS"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from boards.models import Board
    from plans.models import Theme

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    board = Board.objects.order_by("pk").first()
    theme = Theme.objects.order_by("pk").first()
    pages = [
        ("/feed/", True),
        (f"/boards/{board.slug}/feed/", True),
        ("/decisions/commissioner/feed/", True),
        ("/forward-plan/feed/", True),
        ("/meetings.ics", True),
        (f"/boards/{board.slug}/meetings.ics", True),
        ("/api/events/", False),
        ("/plan/", False),
        (f"/plan/themes/{theme.pk}/", False),
        ("/", False),
    ]
    client = Client()
    print(f"{'page':<40} {'200 ms':>8} {'bytes':>8} {'304 ms':>8}")
    for path, conditional in pages:
        times, response = [], None
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        revalidated = ""
        headers = {}
        if response.has_header("ETag"):
            headers["HTTP_IF_NONE_MATCH"] = response["ETag"]
        if response.has_header("Last-Modified"):
            headers["HTTP_IF_MODIFIED_SINCE"] = response["Last-Modified"]
        if conditional and headers:
            again = []
            for _ in range(args.runs):
                start = time.perf_counter()
                answer = client.get(path, **headers)
                again.append((time.perf_counter() - start) * 1000)
            revalidated = f"{statistics.median(again):.1f}" if answer.status_code == 304 else f"({answer.status_code})"
        print(f"{path:<40} {statistics.median(times):>8.1f} {len(response.content):>8} {revalidated:>8}")


if __name__ == "__main__":
    main()
