"""The plan's delivery: direction of travel, the grid, CSV import, closing, reports, dashboards, visibility."""

import re
from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pcp_portal.pdf import pdf_text
from plans import reports, services
from plans.models import RAG, Assessment, Direction, PriorityAction, ReportingPeriod, VariationChange

from .plan_factories import make_plan


@pytest.fixture
def plan(db):
    return make_plan()


def periods_of(plan):
    return list(plan.periods.order_by("starts_on"))


def assess(period, user, statuses: dict[str, str]):
    actions = {a.code: a for a in period.plan.priority_actions.all()}
    services.save_assessments(
        period=period,
        user=user,
        entries=[{"action": actions[c], "status": s, "commentary": f"{c} in {period}"} for c, s in statuses.items()],
    )


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (None, "G", None),
        ("A", "G", "improving"),
        ("G", "A", "deteriorating"),
        ("R", "R", "no_change"),
        ("G", "B", "improving"),
        ("B", "G", "deteriorating"),
        ("R", "B", "improving"),
    ],
)
def test_direction_of_travel_is_derived_from_the_previous_status(previous, current, expected):
    assert Direction.between(previous, current) == expected


def test_direction_across_periods_with_a_gap(plan, author, secretary):
    q1, q2, q3, q4 = periods_of(plan)
    assess(q1, author, {"V1": "R", "V2": "G"})
    assess(q2, author, {"V2": "B"})  # V1 not assessed in Q2: a gap
    assess(q3, author, {"V1": "A", "V2": "B"})
    for period in (q1, q2):
        services.publish_report(period=period, user=secretary)
    report = reports.delivery_report(q3)
    rows = {row.action.code: row for block in report.themes for row in block.rows}
    assert (rows["V1"].previous, rows["V1"].direction) == ("R", Direction.IMPROVING)
    assert rows["V2"].direction == Direction.NO_CHANGE
    first = {row.action.code: row for block in reports.delivery_report(q1).themes for row in block.rows}
    assert first["V1"].direction is None
    # As read now: a period's time of publication decides what its direction is measured from.
    periods = [ReportingPeriod.objects.get(pk=p.pk) for p in (q1, q2, q3, q4)]
    assert [(e.period.label, e.direction) for e in reports.timeline(rows["V1"].action, periods)] == [
        (q1.label, None),
        (q3.label, "improving"),
    ]


def test_earlier_statuses_come_from_the_figures_stored_at_publication(plan, author, secretary):
    """A report reads its earlier periods' statuses from what each stored when it was published: the same
    number of queries however many periods came before, and the same directions when a period published
    before figures were kept is counted from its assessments instead."""
    q1, q2, q3, q4 = periods_of(plan)
    assess(q1, author, {"V1": "R", "V2": "G"})
    assess(q2, author, {"V1": "A"})
    assess(q3, author, {"V1": "G", "V2": "A"})
    assess(q4, author, {"V1": "G", "V2": "A"})
    services.publish_report(period=q1, user=secretary)

    def report_of(period):
        with CaptureQueriesContext(connection) as queries:
            report = reports.delivery_report(ReportingPeriod.objects.get(pk=period.pk))
        rows = {row.action.code: (row.previous, row.direction) for block in report.themes for row in block.rows}
        return len(queries), rows

    one_before, _ = report_of(q2)
    services.publish_report(period=q2, user=secretary)
    services.publish_report(period=q3, user=secretary)
    three_before, rows = report_of(q4)
    assert three_before == one_before
    assert rows["V1"] == ("G", Direction.NO_CHANGE) and rows["V2"] == ("A", Direction.NO_CHANGE)
    ReportingPeriod.objects.filter(pk=q3.pk).update(figures=None)
    counted, rows_counted = report_of(q4)
    assert rows_counted == rows and counted == three_before + 1
    # The stored statuses, not the assessments, are what is read: with Q3's emptied, Q2 and Q1 are the latest.
    figures = reports.period_figures(ReportingPeriod.objects.get(pk=q3.pk))
    ReportingPeriod.objects.filter(pk=q3.pk).update(figures={**figures, "statuses": {}})
    _, without_q3 = report_of(q4)
    assert without_q3["V1"] == ("A", Direction.IMPROVING) and without_q3["V2"] == ("G", Direction.DETERIORATING)


def test_report_counts_by_theme_and_what_changed(plan, author, secretary):
    q1, q2, *_ = periods_of(plan)
    assess(q1, author, {"V1": "R", "V2": "G", "V3": "G", "O1": "A"})
    assess(q2, author, {"V1": "A", "V2": "G", "V3": "B", "O1": "A"})
    services.publish_report(period=q1, user=secretary)
    report = reports.delivery_report(q2)
    victims = report.themes[0]
    assert victims.counts == {"R": 0, "A": 1, "G": 1, "B": 1}
    assert report.totals == {"R": 0, "A": 2, "G": 1, "B": 1}
    assert [row.action.code for row in report.changes] == ["V1", "V3"]
    assert report.unassessed == 12 - 4


def test_a_report_compares_only_with_the_previous_published_period(plan, author, secretary, client):
    q1, q2, q3, _ = periods_of(plan)
    assess(q1, author, {"V1": "R"})
    assess(q2, author, {"V1": "B"})  # never published: its status must not reach the public
    assess(q3, author, {"V1": "A"})
    services.publish_report(period=q1, user=secretary)
    services.publish_report(period=q3, user=secretary)
    report = reports.delivery_report(ReportingPeriod.objects.get(pk=q3.pk))
    row = next(row for block in report.themes for row in block.rows if row.action.code == "V1")
    assert report.previous_period == q1
    assert (row.previous, row.direction) == ("R", Direction.IMPROVING)
    q3.refresh_from_db()
    csv_text = client.get(reverse("plans:report_csv", args=[q3.slug])).content.decode()
    assert "Complete" not in csv_text and ",B," not in csv_text
    page = client.get(reverse("plans:report", args=[q3.slug])).content.decode()
    assert q2.label not in page
    assert q2.label not in pdf_text(q3.report_pdf.open("rb").read())


def test_a_report_keeps_comparing_with_what_was_published_before_it(plan, author, secretary):
    """Publishing an earlier period later changes neither the page nor the stored PDF of a later report."""
    q1, q2, *_ = periods_of(plan)
    assess(q1, author, {"V1": "R"})
    assess(q2, author, {"V1": "A"})
    services.publish_report(period=q2, user=secretary)
    services.publish_report(period=q1, user=secretary)
    report = reports.delivery_report(ReportingPeriod.objects.get(pk=q2.pk))
    assert report.previous_period is None


def test_the_csv_import_saves_all_rows_or_none(plan, author):
    q1 = periods_of(plan)[0]
    good = f"period,code,status,commentary,assessed_by\n{q1.label},V1,Red,Backlogs,Head of Policy\n{q1.label},O2,G,,\n"
    saved, errors = services.import_assessments(period=q1, user=author, content=good.encode())
    assert (saved, errors) == (2, [])
    assert Assessment.objects.get(action__code="V1").status == "R"

    bad = (
        "period,code,status,commentary,assessed_by\n"
        f"{q1.label},V2,Green,,\n"
        f"{q1.label},Z9,Green,,\n"
        f"{q1.label},V3,Purple,,\n"
        f"{q1.label},V2,Amber,,\n"
        "Q4 2030/31,V1,Amber,,\n"
    )
    saved, errors = services.import_assessments(period=q1, user=author, content=bad.encode())
    assert saved == 0
    assert [(e.row, e.column) for e in errors] == [(3, "code"), (4, "status"), (5, "code"), (6, "period")]
    assert "Z9" in str(errors[0]) and "Purple" in str(errors[1]) and "twice" in str(errors[2])
    assert Assessment.objects.count() == 2  # nothing of the bad file was saved
    assert not Assessment.objects.filter(action__code="V2").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"code;status\nV1;Red\n", "header row"),
        (b"period,code,status\n", "no rows"),
    ],
)
def test_a_malformed_file_is_refused_with_a_message(plan, author, content, message):
    saved, errors = services.import_assessments(period=periods_of(plan)[0], user=author, content=content)
    assert saved == 0 and message in str(errors[0])


def test_publishing_the_report_closes_the_period(plan, author, secretary):
    q1 = periods_of(plan)[0]
    assess(q1, author, {"V1": "R"})
    with pytest.raises(services.DeliveryError):
        services.publish_report(period=q1, user=author)
    services.publish_report(period=q1, user=secretary)
    q1.refresh_from_db()
    assert q1.is_closed and len(q1.report_sha256) == 64
    with pytest.raises(services.DeliveryError, match="closed"):
        assess(q1, author, {"V1": "G"})
    assert Assessment.objects.get().status == "R"


def test_editing_a_closed_period_in_the_grid_is_refused_with_a_message(client, plan, author, secretary):
    q1 = periods_of(plan)[0]
    assess(q1, author, {"V1": "R"})
    services.publish_report(period=q1, user=secretary)
    client.force_login(author)
    page = client.get(reverse("plans:grid", args=[q1.pk])).content.decode()
    assert "This period is closed" in page
    response = client.post(
        reverse("plans:grid", args=[q1.pk]), {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"}, follow=True
    )
    assert "is closed" in response.content.decode()
    assert client.get(reverse("plans:import", args=[q1.pk])).status_code == 403


def test_the_grid_saves_a_whole_theme_and_keeps_input_on_error(client, plan, author):
    q1 = periods_of(plan)[0]
    client.force_login(author)
    url = reverse("plans:grid", args=[q1.pk]) + f"?theme={plan.themes.first().pk}"
    page = client.get(url)
    formset = page.context["formset"]
    assert len(formset.forms) == 3
    data = {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "3"}
    for i, form in enumerate(formset.forms):
        data.update(
            {
                f"form-{i}-action_id": form.initial["action_id"],
                f"form-{i}-status": "G",
                f"form-{i}-commentary": f"Row {i}",
                f"form-{i}-assessed_by": "Lead",
            }
        )
    data["form-2-status"] = ""
    response = client.post(url, data)
    assert response.status_code == 200 and "Choose a status for this commentary." in response.content.decode()
    assert "Row 2" in response.content.decode() and not Assessment.objects.exists()
    data["form-2-status"] = "B"
    assert client.post(url, data).status_code == 302
    assert sorted(Assessment.objects.values_list("status", flat=True)) == ["B", "G", "G"]


def test_the_report_pdf_is_landscape_with_statuses_in_words_and_symbols(plan, author, secretary):
    q1 = periods_of(plan)[0]
    assess(q1, author, {"V1": "R", "V2": "B"})
    services.publish_report(period=q1, user=secretary)
    q1.refresh_from_db()
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(q1.report_pdf.open("rb").read()))
    box = reader.pages[0].mediabox
    assert box.width > box.height
    text = re.sub(r"\s+", " ", pdf_text(q1.report_pdf.open("rb").read()))
    assert "▼ Red" in text and "★ Complete" in text and "Page 1 of" in text
    assert "V1" in text and "V1 in Q1 2024/25" in text


def test_the_public_sees_only_published_periods(client, plan, author, secretary):
    q1, q2, *_ = periods_of(plan)
    assess(q1, author, {"V1": "R"})
    assess(q2, author, {"V1": "G"})
    services.publish_report(period=q1, user=secretary)
    assert client.get(q1.get_absolute_url()).status_code == 200
    assert client.get(q2.get_absolute_url()).status_code == 404
    assert client.get(reverse("plans:report_csv", args=[q2.slug])).status_code == 404
    dashboard = client.get(reverse("plans:dashboard")).content.decode()
    assert q1.label in dashboard and q2.label not in dashboard
    timeline = client.get(reverse("plans:action", args=["V1"])).content.decode()
    assert "V1 in Q1 2024/25" in timeline and "V1 in Q2 2024/25" not in timeline
    csv_text = b"".join(client.get(reverse("plans:report_csv", args=[q1.slug]))).decode()
    assert csv_text.splitlines()[0].startswith("period,theme,code")
    assert f"{q1.label},Victims,V1,Victims action 1,Red" in csv_text


def test_a_variation_records_what_changed(plan, secretary, author):
    variation = services.record_variation(
        plan=plan,
        user=secretary,
        made_on=date(2025, 3, 11),
        summary="Victims actions revised.",
        changes=[
            {"kind": "reworded", "code": "V1", "text": "Commission an integrated service"},
            {"kind": "withdrawn", "code": "V3", "text": ""},
            {"kind": "added", "code": "V9", "text": "A new action", "theme": plan.themes.get(name="Victims")},
        ],
    )
    kinds = {c.action.code: (c.kind, c.old_text, c.new_text) for c in variation.changes.all()}
    assert kinds["V1"] == ("reworded", "Victims action 1", "Commission an integrated service")
    assert kinds["V3"][0] == VariationChange.Kind.WITHDRAWN and kinds["V9"][0] == "added"
    assert PriorityAction.objects.get(code="V3").withdrawn_on == date(2025, 3, 11)
    later = ReportingPeriod.objects.create(
        plan=plan, label="Q1 2025/26", starts_on=date(2025, 4, 1), ends_on=date(2025, 6, 30)
    )
    codes = [a.code for a in reports.actions_in_force(plan, later)]
    assert "V3" not in codes and "V9" in codes
    with pytest.raises(services.DeliveryError):
        services.record_variation(plan=plan, user=author, made_on=date(2025, 3, 11), summary="x", changes=[])


@pytest.mark.parametrize("view", ["dashboard", "report", "staff_report", "workspace"])
def test_dashboard_and_report_queries_do_not_grow_with_actions_and_periods(client, db, secretary, author, view):
    def measure(actions_per_theme):
        from plans.models import Plan

        Plan.objects.update(status=Plan.Status.SUPERSEDED)
        plan = make_plan(actions_per_theme=actions_per_theme, periods=12)
        periods = periods_of(plan)
        actions = list(plan.priority_actions.all())
        Assessment.objects.bulk_create(
            Assessment(period=p, action=a, status="RAGB"[(i + j) % 4], assessed_on=p.ends_on, entered_by=author)
            for i, p in enumerate(periods)
            for j, a in enumerate(actions)
        )
        for p in periods[:-1]:
            p.report_published_at = timezone.make_aware(datetime.combine(p.ends_on, time(12)))
            p.save()
        client.force_login(secretary)
        url = {
            "dashboard": reverse("plans:dashboard"),
            "report": periods[-2].get_absolute_url(),
            "staff_report": reverse("plans:staff_report", args=[periods[-1].pk]),
            "workspace": reverse("plans:workspace"),
        }[view]
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert measure(3) == measure(25)  # 12 and 100 actions, over 12 periods


def test_statuses_are_never_colour_alone(client, plan, author, secretary):
    q1 = periods_of(plan)[0]
    assess(q1, author, {"V1": "R", "O1": "A", "C1": "G", "T1": "B"})
    services.publish_report(period=q1, user=secretary)
    html = client.get(q1.get_absolute_url()).content.decode()
    for value, word in RAG.choices:
        assert f'<span aria-hidden="true">{RAG.symbol(value)} </span>{word}' in html


def test_a_quarter_published_after_a_later_one_is_not_what_the_later_ones_direction_is_measured_from(
    plan, author, secretary, client
):
    """The report, its CSV, the action's page and the open data give a period the same direction: measured
    from the latest earlier period published before it, never from one published after it."""
    q1, q2, q3, _ = periods_of(plan)
    assess(q1, author, {"V1": "G"})
    assess(q2, author, {"V1": "R"})
    assess(q3, author, {"V1": "A"})
    services.publish_report(period=q1, user=secretary)
    services.publish_report(period=q3, user=secretary)  # measured from Q1: Green to Amber, not Red to Amber
    services.publish_report(period=q2, user=secretary)  # published after Q3: measured from Q1, Green to Red
    q3 = ReportingPeriod.objects.get(pk=q3.pk)
    row = next(row for block in reports.delivery_report(q3).themes for row in block.rows if row.action.code == "V1")
    assert (row.previous, row.direction) == ("G", Direction.DETERIORATING)
    action = PriorityAction.objects.get(plan=plan, code="V1")
    periods = list(ReportingPeriod.objects.published().order_by("starts_on"))
    assert [(e.period.pk, e.direction) for e in reports.timeline(action, periods)] == [
        (q1.pk, None),
        (q2.pk, Direction.DETERIORATING),
        (q3.pk, Direction.DETERIORATING),
    ]
    history = {
        entry["period"]: entry["direction"]
        for item in client.get(reverse("api_priority_actions"), {"per_page": 200}).json()["results"]
        if item["code"] == "V1"
        for entry in item["rag_history"]
    }
    assert history == {q1.label: None, q2.label: Direction.DETERIORATING, q3.label: Direction.DETERIORATING}
    table = client.get(reverse("plans:action", args=["V1"])).content.decode().split("<tbody>", 1)[1]
    assert "Improving" not in table and table.count("Deteriorating") == 2
    # The rule read in Python is the rule the report's query applies, for every period, published or not.
    everything = list(ReportingPeriod.objects.filter(plan=plan))
    for period in everything:
        assert {p.pk for p in everything if period.compares_with(p)} == set(
            ReportingPeriod.objects.comparable_with(period).values_list("pk", flat=True)
        ), period.label
