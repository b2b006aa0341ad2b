"""Load on the public pages of a ten-year archive, served as deployed, against a trivial view.

Builds the archive (`seed_archive --years 10`) in a fresh database (SQLite in
a temporary folder, or the PostgreSQL database `DATABASE_URL` names, which is
emptied first), collects the static files, serves the portal with gunicorn
(DEBUG off) on 127.0.0.1, and drives it with wrk: 50 connections, the same
duration for every page. The baseline is `/health/live/`, a trivial Django view on
the same server in the same run. Budgets: each page at least 0.7 of the
baseline's requests per second; search p95 under 50 ms.

Two more runs, with the page cache on as deployed:
- the same pages sent with a made-up `sessionid` cookie, as a visitor with a
  stale cookie (or someone trying to get past the cache) sends them: each at
  least 0.8 of its figure without the cookie;
- a soak: `--soak` seconds (60) at 50 clients, the four pages in turn,
  counting every response that is not 2xx and every socket error: none
  allowed. Run it on PostgreSQL, as deployed (`DATABASE_URL=postgres://...`).

wrk is Debian's package: `sudo apt-get install wrk` (or build it from
https://github.com/wg/wrk).

    python bench/public_load.py [--seconds 10] [--workers 4] [--soak 60]
"""

from __future__ import annotations

import argparse
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
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--soak", type=int, default=60, help="seconds of the soak run (0 to skip it)")
    args = parser.parse_args()
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
    if env["DATABASE_URL"].startswith("postgres"):
        manage(env, "flush", "--noinput")
    manage(env, "migrate", "--noinput")
    started = time.perf_counter()
    print(manage(env, "seed_archive", "--years", "10").strip(), f"({time.perf_counter() - started:.1f} s)")
    manage(env, "collectstatic", "--noinput")

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "pcp_portal.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
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
        home = urllib.request.urlopen(base + "/meetings/?year=2023").read().decode()  # noqa: S310
        meeting = re.search(r'href="(/boards/[\w-]+/\d{4}-\d{2}-\d{2}/)"', home).group(1)
        papers = urllib.request.urlopen(base + "/papers/").read().decode()  # noqa: S310
        paper = re.search(r'href="(/papers/\d+/[\w-]+/)"', papers).group(1)
        pages = {
            "baseline /health/live/": "/health/live/",
            "home": "/",
            "meeting page": meeting,
            "paper page": paper,
            "search": "/search/?q=custody+contract",
        }
        script = work / "p95.lua"
        script.write_text(LUA)
        results = {name: wrk(base + path, args.seconds, str(script)) for name, path in pages.items()}
        with_cookie = {
            name: wrk(base + path, args.seconds, str(script), cookie=MADE_UP_SESSION)
            for name, path in pages.items()
            if name != "baseline /health/live/"
        }
        soak = None
        if args.soak:
            rotate = work / "rotate.lua"
            paths = [path for name, path in pages.items() if name != "baseline /health/live/"]
            rotate.write_text(ROTATE % ", ".join(f'"{p}"' for p in paths) + LUA)
            soak = wrk(base + "/", args.soak, str(rotate))
    finally:
        server.terminate()
        server.wait(timeout=10)

    baseline = results["baseline /health/live/"]["rps"]
    print(f"{'page':<20}{'req/s':>10}{'ratio':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
    ok = True
    for name, r in results.items():
        ratio = r["rps"] / baseline
        print(f"{name:<20}{r['rps']:>10.0f}{ratio:>8.2f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['errors']:>8}")
        if name != "baseline /health/live/" and ratio < 0.7:
            ok = False
        if r["errors"]:
            ok = False
    if results["search"]["p95"] >= 50:
        ok = False
    print("Budgets: each page at least 0.7 of the baseline's req/s; search p95 under 50 ms:", "OK" if ok else "MISSED")

    print(f"\nWith a made-up session cookie ({MADE_UP_SESSION.split('=')[0]}):")
    print(f"{'page':<20}{'req/s':>10}{'ratio':>8}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
    cookie_ok = True
    for name, r in with_cookie.items():
        ratio = r["rps"] / results[name]["rps"]
        print(f"{name:<20}{r['rps']:>10.0f}{ratio:>8.2f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['errors']:>8}")
        if ratio < 0.8 or r["errors"]:
            cookie_ok = False
    print("Budget: each page at least 0.8 of its figure without the cookie:", "OK" if cookie_ok else "MISSED")

    soak_ok = True
    if soak is not None:
        engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        soak_ok = not soak["errors"] and not soak["socket_errors"]
        print(
            f"\nSoak: {args.soak} s at 50 clients on {engine}, cache on, the four pages in turn: "
            f"{soak['requests']} requests, {soak['rps']:.0f} req/s, p50 {soak['p50']:.1f} ms, "
            f"p95 {soak['p95']:.1f} ms, non-2xx {soak['errors']}, socket errors {soak['socket_errors']}"
        )
        print("Budget: no non-2xx response and no socket error:", "OK" if soak_ok else "MISSED")
    sys.exit(0 if ok and cookie_ok and soak_ok else 1)


if __name__ == "__main__":
    main()
