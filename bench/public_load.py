"""Load on every public page kind of a ten-year archive, served as deployed, cache on and cache off.

Builds the archive (`seed_archive --years 10`) in a fresh database (SQLite in
a temporary folder, or the PostgreSQL database `DATABASE_URL` names, which is
made again), collects the static files, serves the portal with gunicorn
(DEBUG off) on 127.0.0.1, and drives it with wrk: 50 connections, the same
duration for every page, each request asking for gzip as a browser does. The
baseline is `/health/live/`, a trivial Django view on the same server in the
same run.

Runs, each printing requests per second and p50/p95 beside the baseline:
- cache off (`PUBLIC_CACHE_SECONDS=0`), every public page kind and the
  signed-in workspace (a secretary's session): each public page at least
  100 req/s with p95 under 1 s, the workspace at least 80 req/s, no non-2xx;
- cache on as deployed: each page at least 0.7 of the baseline's req/s,
  search p95 under 50 ms;
- cache on, the same pages sent with a made-up `sessionid` cookie, as a
  visitor with a stale cookie (or someone trying to get past the cache)
  sends them: each at least 0.8 of its figure without the cookie;
- a soak: `--soak` seconds (60) at 50 clients, cache on, the pages in turn,
  counting every response that is not 2xx and every socket error: none
  allowed.
Run it on PostgreSQL, as deployed (`DATABASE_URL=postgres://...`).

wrk is Debian's package: `sudo apt-get install wrk` (or build it from
https://github.com/wg/wrk).

    python bench/public_load.py [--seconds 10] [--workers 3] [--soak 60] [--only NAME ...]

`--only` measures the baseline and the pages whose names contain one of the
words given (`--only minutes "action page"`), in every run: to compare two
versions of a few pages back to back.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("P50=%d P95=%d\\n", latency:percentile(50), latency:percentile(95)))
end
"""
# The soak run asks for each page in turn; wrk counts the non-2xx answers.
ROTATE = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
"""
RESET_SCHEMA = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
"""
MADE_UP_SESSION = "sessionid=0123456789abcdefghijklmnopqrstuv"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def wrk(url: str, seconds: int, script: str, cookie: str = "") -> dict:
    # Every browser asks for gzip; the portal compresses what the public receives.
    headers = ["-H", "Accept-Encoding: gzip"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    output = subprocess.run(
        ["wrk", "-t2", "-c50", f"-d{seconds}s", "--timeout", "10s", *headers, "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50, p95 = (int(v) / 1000 for v in re.search(r"P50=(\d+) P95=(\d+)", output).groups())
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    total = int(re.search(r"(\d+) requests in", output).group(1))
    return {
        "rps": rps,
        "p50": p50,
        "p95": p95,
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
        "requests": total,
    }


# A secretary's session on the archive's own clerk, for the signed-in run; prints the session key.
SIGN_IN = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from pcp_portal.roles import Role
user = get_user_model().objects.get(username="archivist")
user.groups.add(Group.objects.get(name=Role.SECRETARY.label))
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""
BASELINE = "baseline /health/live/"


def fetch(base: str, path: str) -> str:
    return urllib.request.urlopen(base + path).read().decode()  # noqa: S310 - our own server


def first(pattern: str, text: str) -> str:
    return re.search(pattern, text).group(1)


def public_pages(base: str) -> dict[str, str]:
    """One URL of every public page kind, found by following the archive's own links."""
    meetings = fetch(base, "/meetings/?year=2023")
    meeting = first(r'href="(/boards/[\w-]+/\d{4}-\d{2}-\d{2}/)"', meetings)
    board = first(r"^(/boards/[\w-]+/)", meeting)
    paper = first(r'href="(/papers/\d+/[\w-]+/)"', fetch(base, "/papers/"))
    minutes = first(r'href="(/boards/[\w-]+/[\w-]+/minutes/)"', fetch(base, board + "minutes/"))
    plan = fetch(base, "/plan/")
    pages = {
        BASELINE: "/health/live/",
        "home": "/",
        "papers": "/papers/",
        "paper page": paper,
        "boards": "/boards/",
        "board page": board,
        "meetings": "/meetings/",
        "meeting page": meeting,
        "minutes page": minutes,
        "decisions": "/decisions/",
        "commissioner's": "/decisions/commissioner/",
        "forward plan": "/forward-plan/",
        "plan dashboard": "/plan/",
        "theme page": first(r'href="(/plan/themes/\d+/)"', plan),
        "action page": first(r'href="(/plan/actions/[\w-]+/)"', plan),
        "search": "/search/?q=custody+contract",
        "Atom feed": "/feed/",
        "calendar": "/meetings.ics",
        "API events": "/api/events/",
        "transparency": "/transparency/",
    }
    return pages


@contextlib.contextmanager
def serve(env: dict, workers: int):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "pcp_portal.wsgi", "--workers", str(workers)]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--graceful-timeout", "5"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(base + "/health/live/", timeout=1)  # noqa: S310 - our own server
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def table(title: str, results: dict, against: dict | None = None) -> None:
    print(f"\n{title}")
    print(f"{'page':<24}{'req/s':>9}{'ratio':>8}{'p50 ms':>9}{'p95 ms':>9}{'non-2xx':>9}")
    baseline = (against or results).get(BASELINE, {}).get("rps")
    for name, r in results.items():
        reference = against[name]["rps"] if against and name in against else baseline
        ratio = f"{r['rps'] / reference:>8.2f}" if reference else f"{'':>8}"
        print(f"{name:<24}{r['rps']:>9.0f}{ratio}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['errors']:>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--soak", type=int, default=60, help="seconds of the soak run (0 to skip it)")
    parser.add_argument("--only", nargs="*", help="measure only the pages whose names contain one of these")
    args = parser.parse_args()

    def chosen(name: str) -> bool:
        return name == BASELINE or not args.only or any(word in name for word in args.only)

    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: sudo apt-get install wrk (Debian, Ubuntu), or build it from github.com/wg/wrk")

    work = Path(tempfile.mkdtemp(prefix="pcp-load-"))
    env = {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": "load-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "CACHE_DIR": str(work / "cache"),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{work / 'archive.sqlite3'}"),
    }
    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    if engine == "PostgreSQL":
        # Made again from nothing, not flushed: a flush would empty the rows the data migrations made
        # (the roles' groups), and migrate would not make them again.
        manage(env, "shell", "-c", RESET_SCHEMA)
    manage(env, "migrate", "--noinput")
    started = time.perf_counter()
    print(manage(env, "seed_archive", "--years", "10").strip(), f"({time.perf_counter() - started:.1f} s)")
    if engine == "PostgreSQL":
        # As a deployed database is, vacuumed and analysed: not being vacuumed by autovacuum while it is measured.
        manage(env, "shell", "-c", "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')")
    manage(env, "collectstatic", "--noinput")
    session = manage(env, "shell", "-c", SIGN_IN).strip().splitlines()[-1]
    script = work / "p95.lua"
    script.write_text(LUA)

    def run(base: str, paths: dict, cookie: str = "") -> dict:
        return {name: wrk(base + path, args.seconds, str(script), cookie=cookie) for name, path in paths.items()}

    with serve({**env, "PUBLIC_CACHE_SECONDS": "0"}, args.workers) as base:
        pages = {name: path for name, path in public_pages(base).items() if chosen(name)}
        uncached = run(base, pages)
        workspace = {name: "/workspace/" for name in ["workspace (signed in)"] if chosen(name)}
        signed_in = run(base, workspace, cookie=f"sessionid={session}")
    with serve(env, args.workers) as base:
        cached = run(base, pages)
        with_cookie = run(base, {name: path for name, path in pages.items() if name != BASELINE}, MADE_UP_SESSION)
        soak = None
        if args.soak:
            rotate = work / "rotate.lua"
            paths = [path for name, path in pages.items() if name != BASELINE]
            rotate.write_text(ROTATE % ", ".join(f'"{p}"' for p in paths) + LUA)
            soak = wrk(base + "/", args.soak, str(rotate))

    print(f"\n{engine}, {args.workers} gunicorn workers, 50 clients, {args.seconds} s a page.")
    table("Cache off (ratio: to the baseline):", {**uncached, **signed_in})
    off_ok = all(
        r["rps"] >= 100 and r["p95"] < 1000 and not r["errors"] for name, r in uncached.items() if name != BASELINE
    ) and all(r["rps"] >= 80 and not r["errors"] for r in signed_in.values())
    print(
        "Budgets: each public page at least 100 req/s with p95 under 1 s, the workspace at least 80 req/s, no non-2xx:",
        "OK" if off_ok else "MISSED",
    )

    table("Cache on (ratio: to the baseline):", cached)
    on_ok = all(r["rps"] >= 0.7 * cached[BASELINE]["rps"] > 0 and not r["errors"] for r in cached.values())
    on_ok = on_ok and cached.get("search", {"p95": 0})["p95"] < 50
    print(
        "Budgets: each page at least 0.7 of the baseline's req/s; search p95 under 50 ms:", "OK" if on_ok else "MISSED"
    )

    table("Cache on, with a made-up session cookie (ratio: to the same page without it):", with_cookie, cached)
    cookie_ok = all(r["rps"] >= 0.8 * cached[name]["rps"] > 0 and not r["errors"] for name, r in with_cookie.items())
    print("Budget: each page at least 0.8 of its figure without the cookie:", "OK" if cookie_ok else "MISSED")

    soak_ok = True
    if soak is not None:
        soak_ok = not soak["errors"] and not soak["socket_errors"]
        print(
            f"\nSoak: {args.soak} s at 50 clients on {engine}, cache on, the pages in turn: "
            f"{soak['requests']} requests, {soak['rps']:.0f} req/s, p50 {soak['p50']:.1f} ms, "
            f"p95 {soak['p95']:.1f} ms, non-2xx {soak['errors']}, socket errors {soak['socket_errors']}"
        )
        print("Budget: no non-2xx response and no socket error:", "OK" if soak_ok else "MISSED")
    sys.exit(0 if off_ok and on_ok and cookie_ok and soak_ok else 1)


if __name__ == "__main__":
    main()
