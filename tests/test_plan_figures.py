"""The plan's position: worked out when a period's report is published, stored with it, and read by the
dashboard, the home page and the theme pages, never recounted from every assessment on each view."""

from collections import defaultdict
from datetime import datetime, time

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans import reports, services
from plans.feeds import current_position
from plans.models import Assessment, ReportingPeriod

from .plan_factories import make_plan
from .test_delivery import assess, periods_of


@pytest.fixture
def plan(db):
    return make_plan()


def counted_as_before(plan, periods) -> dict:
    """The dashboard's figures as they were counted on each view: every assessment of every period."""
    counts = defaultdict(dict)
    for row in (
        Assessment.objects.filter(period__in=periods)
        .values("action__theme_id", "period_id", "status")
        .annotate(n=Count("pk"))
    ):
        counts[(row["action__theme_id"], row["period_id"])][row["status"]] = row["n"]
    return {
        (theme.pk, p.pk): {s: counts[(theme.pk, p.pk)].get(s, 0) for s in reports.STATUSES}
        for theme in plan.themes.all()
        for p in periods
    }


def shown(plan, periods) -> dict:
    return {(t.theme.pk, c.period.pk): c.counts for t in reports.dashboard(plan, periods) for c in t.columns}


def test_publishing_stores_the_figures_and_an_open_period_has_none(plan, author, secretary):
    q1, q2, *_ = periods_of(plan)
    assess(q1, author, {"V1": "R", "V2": "G", "V3": "G", "O1": "A", "T2": "B"})
    assess(q2, author, {"V1": "A"})
    services.publish_report(period=q1, user=secretary)
    q1.refresh_from_db()
    q2.refresh_from_db()
    assert q2.figures is None  # assessed, but open: nothing is worked out for the public
    report = reports.delivery_report(q1)
    assert q1.figures["themes"] == [{"theme": b.theme.pk, "counts": b.counts} for b in report.themes]
    assert q1.figures["themes"][0]["counts"] == {"R": 1, "A": 0, "G": 2, "B": 0}
    assert q1.figures["totals"] == report.totals == {"R": 1, "A": 1, "G": 2, "B": 1}
    assert q1.figures["unassessed"] == 12 - 5
    codes = {a.pk: a.code for a in plan.priority_actions.all()}
    assert {codes[int(pk)]: s for pk, s in q1.figures["statuses"].items()} == {
        "V1": "R",
        "V2": "G",
        "V3": "G",
        "O1": "A",
        "T2": "B",
    }
    # What the dashboard shows of it is what it counted on each view before.
    periods = list(plan.periods.published())
    assert shown(plan, periods) == counted_as_before(plan, periods)
    # The public sees the published period's position only: the open period's assessment is nowhere.
    assert current_position()["period"] == q1


def test_the_dashboard_home_and_theme_pages_read_the_stored_figures(client, plan, author, secretary):
    q1 = periods_of(plan)[0]
    assess(q1, author, {"V1": "R", "V2": "G", "O1": "A"})
    services.publish_report(period=q1, user=secretary)
    q1.refresh_from_db()
    # Stored figures are what the pages show: altered in the store, they are altered on the pages.
    figures = q1.figures
    figures["themes"][0]["counts"]["G"] = 97
    figures["statuses"] = {str(plan.priority_actions.get(code="V3").pk): "B"}
    ReportingPeriod.objects.filter(pk=q1.pk).update(figures=figures)
    victims = plan.themes.get(name="Victims")
    for url, expected in [
        (reverse("plans:dashboard"), "Green: 97"),
        (reverse("home"), "<td>97</td>"),
        (reverse("plans:theme", args=[victims.pk]), '<span class="rag rag-b">'),
    ]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        assert expected in html, url
        counting = [q["sql"] for q in queries if "plans_assessment" in q["sql"] and "COUNT(" in q["sql"]]
        assert not counting, (url, counting)


def test_the_dashboard_runs_the_same_queries_whatever_the_number_of_periods_and_assessments(client, db, author):
    def measure(actions_per_theme, published):
        from plans.models import Plan

        Plan.objects.update(status=Plan.Status.SUPERSEDED)
        plan = make_plan(actions_per_theme=actions_per_theme, periods=published + 1)
        periods = periods_of(plan)
        actions = list(plan.priority_actions.all())
        Assessment.objects.bulk_create(
            Assessment(period=p, action=a, status="RAGB"[(i + j) % 4], assessed_on=p.ends_on, entered_by=author)
            for i, p in enumerate(periods)
            for j, a in enumerate(actions)
        )
        for p in periods[:-1]:  # published as `publish_report` does it, without rendering each PDF
            p.figures = reports.period_figures(p)
            p.report_published_at = timezone.make_aware(datetime.combine(p.ends_on, time(12)))
            p.save()
        published_periods = list(plan.periods.published())
        assert shown(plan, published_periods) == counted_as_before(plan, published_periods)
        counts = []
        for url in (reverse("plans:dashboard"), reverse("home"), reverse("plans:theme", args=[actions[0].theme_id])):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    assert measure(2, 2) == measure(12, 10)  # 8 actions over 2 periods; 48 over 10


def test_the_dashboard_chart_escapes_a_periods_label(client, plan, author, secretary):
    """The chart's bars and its table's rows are written in Python: the period's label, typed by staff, is
    escaped there too."""
    q1 = periods_of(plan)[0]
    assess(q1, author, {"V1": "R", "V2": "G", "O1": "A"})
    services.publish_report(period=q1, user=secretary)
    ReportingPeriod.objects.filter(pk=q1.pk).update(label='Q1 <img src=x onerror="alert(1)">')
    html = client.get(reverse("plans:dashboard")).content.decode()
    assert "<img src=x" not in html
    assert "<title>Q1 &lt;img src=x onerror=&quot;alert(1)&quot;&gt; – Red: 1</title>" in html
    # So are the tables' rows: red, amber, green and blue in the legend's order (V1 and V2 are Victims', O1
    # Offenders').
    label = "Q1 &lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    assert f'<tr><th scope="row">{label}</th><td>1</td><td>0</td><td>1</td><td>0</td></tr>' in html
    assert f'<tr><th scope="row">{label}</th><td>0</td><td>1</td><td>0</td><td>0</td></tr>' in html


def test_the_home_pages_position_is_the_latest_published_period_of_the_plan_in_force(plan, author, secretary):
    from plans.models import Plan

    q1, q2, *_ = periods_of(plan)
    assert current_position()["plan"] == plan and current_position()["period"] is None
    assess(q1, author, {"V1": "R"})
    assess(q2, author, {"V1": "A"})
    services.publish_report(period=q1, user=secretary)
    services.publish_report(period=q2, user=secretary)
    with CaptureQueriesContext(connection) as queries:
        position = current_position()
    assert position["period"] == q2 and position["plan"] == plan and len(queries) == 2  # the period, the themes
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.SUPERSEDED)
    assert current_position() is None
