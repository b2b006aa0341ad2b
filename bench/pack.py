"""An agenda pack of 12 papers (about 100 pages, two merged PDF appendices).

Portal: publish the 12 papers (each rendered once to its stored PDF) and
build the pack through `boards.packs` (agenda front pages, merge, bookmarks).
Baseline, in the same run: plain WeasyPrint on the same HTML (each paper and
the agenda) merged with the same PDF library (pikepdf). Each side runs in its
own process so its peak memory is its own.
Budget: ratio at most 1.2; peak memory under 500 MB.

    python bench/pack.py
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATIO_BUDGET = 1.2
MEMORY_BUDGET_MB = 500


def setup_django(workdir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{workdir}/media"
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcp_portal.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed():
    """A meeting with 12 cleared papers of about 8 pages each; two have an appendix."""
    from django.contrib.auth.models import Group, User
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from boards import services
    from boards.models import Appendix, Board, Paper, Person, Recommendation, Section
    from pcp_portal.pdf import html_to_pdf

    secretary = User.objects.create(username="secretary")
    secretary.groups.add(Group.objects.get(name="Board secretary"))
    board = Board.objects.create(name="Business Coordination Board", short_name="BCB", slug="bcb")
    contact = Person.objects.create(name="Priya Lindqvist", initials="PL", post_title="Head of Policy")
    meeting = services.schedule_meeting(board=board, starts_at=timezone.now() + timedelta(days=30), user=secretary)
    paragraph = (
        "The revenue budget was underspent by £0.412m, largely because of police staff vacancies, offset in part "
        "by overtime in response policing and the cost of mutual aid to neighbouring forces. "
    ) * 3
    body = "\n\n".join([paragraph, paragraph, "The risks are:\n- inflation;\n- pay awards;\n- the grant."])
    appendix_html = "".join(f"<p style='break-after: page'>Appendix table {n}</p>" for n in range(2))
    appendix_pdf = html_to_pdf(
        f"<html lang='en'><head><title>Appendix</title></head><body>{appendix_html}</body></html>"
    )
    for n in range(12):
        paper = Paper.objects.create(
            board=board,
            title=f"Report number {n + 1}",
            from_post="Chief Executive",
            date=timezone.localdate(),
            purpose="The purpose of this report is to inform the Board.",
            contact_officer=contact,
            status=Paper.Status.CLEARED,
        )
        Recommendation.objects.create(paper=paper, verb="note", text="the report")
        for s in range(12):
            Section.objects.create(paper=paper, position=s, heading=f"Section {s + 1}", body=body)
        if n < 2:
            appendix = Appendix(paper=paper, title="Tables", sha256="0" * 64, size=len(appendix_pdf), page_count=2)
            appendix.file.save("tables.pdf", ContentFile(appendix_pdf), save=True)
        services.add_agenda_item(meeting=meeting, user=secretary, title=paper.title, paper=paper)
    return meeting, secretary


def portal(workdir: str) -> dict:
    setup_django(workdir)
    from boards.models import PackBuild, Paper
    from boards.packs import compose
    from boards.services.papers import publish_paper

    meeting, secretary = seed()
    warm_up()
    start, cpu = time.perf_counter(), time.process_time()
    for paper in Paper.objects.filter(agenda_item__meeting=meeting):
        publish_paper(paper=paper, user=secretary)
    build = PackBuild.objects.create(meeting=meeting, kind=PackBuild.Kind.PACK, requested_by=secretary)
    built = compose(build)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": time.process_time() - cpu, "pages": built.page_count}


def plain(workdir: str) -> dict:
    """The same HTML through plain WeasyPrint, merged with pypdf."""
    setup_django(workdir)
    import pikepdf
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from boards.models import PackBuild, Paper
    from boards.packs import agenda_entries
    from boards.rendering import PAPER_PDF_TEMPLATE, paper_context

    meeting, secretary = seed()
    papers = list(Paper.objects.filter(agenda_item__meeting=meeting).order_by("agenda_item__position"))
    html = [render_to_string(PAPER_PDF_TEMPLATE, paper_context(paper)) for paper in papers]
    build = PackBuild(meeting=meeting, kind=PackBuild.Kind.PACK, requested_by=secretary)
    agenda_html = render_to_string(
        "pdf/agenda.html",
        {
            "build": build,
            "meeting": meeting,
            "entries": agenda_entries(
                meeting, papers=Paper.objects.public().current(), confidential=False, for_pack=True
            ),
            "carries_papers": True,
        },
    )
    appendices = [[a.file.open("rb").read() for a in paper.appendices.all()] for paper in papers]
    warm_up()

    start, cpu = time.perf_counter(), time.process_time()
    merged, sources = pikepdf.Pdf.new(), []
    for content in [HTML(string=agenda_html).write_pdf()] + [
        pdf
        for paper_html, extra in zip(html, appendices, strict=True)
        for pdf in [HTML(string=paper_html).write_pdf(), *extra]
    ]:
        sources.append(pikepdf.Pdf.open(io.BytesIO(content)))
        merged.pages.extend(sources[-1].pages)
    out = io.BytesIO()
    merged.save(out)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": time.process_time() - cpu, "pages": len(merged.pages)}


def warm_up() -> None:
    """Load fonts and templates once, outside the timed region, on both sides alike; and the PDF libraries,
    which the baseline imports before its clock starts, and the URLconf, which a worker has loaded once."""
    import pikepdf  # noqa: F401
    import pypdf  # noqa: F401
    from django.urls import get_resolver
    from weasyprint import HTML

    get_resolver().url_patterns  # noqa: B018 - importing every app's URLs is the point

    HTML(string="<html lang='en'><head><title>x</title></head><body><p>Warm-up</p></body></html>").write_pdf()


def child(kind: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        result = {"portal": portal, "plain": plain}[kind](workdir)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


RUNS = 5


def run_child(kind: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", kind], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    """Each side runs RUNS times, alternating; the median time and the highest peak are reported."""
    runs = {"plain": [], "portal": []}
    for _ in range(RUNS):
        for kind in ("plain", "portal"):
            runs[kind].append(run_child(kind))
    results = {
        kind: {
            "seconds": sorted(r["seconds"] for r in rs)[len(rs) // 2],
            "cpu": sorted(r["cpu"] for r in rs)[len(rs) // 2],
            "pages": rs[0]["pages"],
            "peak_mb": max(r["peak_mb"] for r in rs),
        }
        for kind, rs in runs.items()
    }
    p, b = results["portal"], results["plain"]
    ratio = (p["seconds"] / p["pages"]) / (b["seconds"] / b["pages"])
    print(f"pages: portal {p['pages']}, plain {b['pages']} (median of {RUNS} runs each, alternating)")
    print(
        f"portal (publish 12 papers + build pack): {p['seconds'] / p['pages'] * 1000:7.2f} ms/page, "
        f"peak {p['peak_mb']:.0f} MB"
    )
    print(
        f"plain WeasyPrint + pikepdf merge:         {b['seconds'] / b['pages'] * 1000:7.2f} ms/page, "
        f"peak {b['peak_mb']:.0f} MB"
    )
    cpu_ratio = (p["cpu"] / p["pages"]) / (b["cpu"] / b["pages"])
    print(
        f"CPU seconds, for information on a busy machine: portal {p['cpu'] / p['pages'] * 1000:.2f} ms/page, "
        f"plain {b['cpu'] / b['pages'] * 1000:.2f} ms/page, ratio {cpu_ratio:.3f}"
    )
    ok = ratio <= RATIO_BUDGET and p["peak_mb"] < MEMORY_BUDGET_MB
    print(
        f"ratio {ratio:.3f} (budget {RATIO_BUDGET}); portal peak {p['peak_mb']:.0f} MB (budget {MEMORY_BUDGET_MB} MB)"
        f"  {'OK' if ok else 'OVER BUDGET'}"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
