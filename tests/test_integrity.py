"""Integrity faults: CSV cells a spreadsheet would run, a stale RAG grid, tampered formsets."""

import csv
import io

import pytest
from django.urls import reverse

from boards import services as board_services
from boards.models import Paper
from pcp_portal.spreadsheet import safe_cell
from plans import services as plan_services

from .conftest import meeting_has_begun
from .plan_factories import make_plan

FORMULAS = ['=HYPERLINK("http://x.example")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    return list(csv.reader(io.StringIO(b"".join(response).decode())))


# CSV exports


@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_a_spreadsheet_would_run_is_quoted(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Noted", "A-road safety", "", 3, -3, None, "email@example.org"])
def test_ordinary_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_the_votes_csv_neutralises_formulas_in_decisions(client, make_paper, meeting, secretary, chair):
    paper = make_paper(Paper.Status.PUBLISHED, title="=cmd|' /C calc'!A0")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    meeting_has_begun(meeting)
    first = paper.recommendations.first()
    decision = board_services.record_decision(
        recommendation=first, user=secretary, outcome="amended", amended_text="@SUM(1+1)*cmd|' /C calc'!A0"
    )
    board_services.confirm_decision(decision=decision, user=chair)
    rows = csv_rows(client.get(reverse("api_votes_csv")))
    header, row = rows[0], rows[1]
    assert row[header.index("paper")] == "'=cmd|' /C calc'!A0"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


@pytest.fixture
def assessed_plan(db, author, secretary):
    plan = make_plan(periods=1)
    (period,) = plan.periods.all()
    actions = {a.code: a for a in plan.priority_actions.all()}
    plan_services.save_assessments(
        period=period,
        user=author,
        entries=[
            {"action": actions["V1"], "status": "R", "commentary": "=1+1", "assessed_by": "+44 1234 567890"},
            {"action": actions["V2"], "status": "G", "commentary": "-10% on last year", "assessed_by": "@lead"},
            {"action": actions["V3"], "status": "A", "commentary": "\t=2+2", "assessed_by": "\r=3+3"},
        ],
    )
    plan_services.publish_report(period=period, user=secretary)
    return plan


EXPECTED = {
    "V1": ("'=1+1", "'+44 1234 567890"),
    "V2": ("'-10% on last year", "'@lead"),
    "V3": ("'=2+2", "'=3+3"),  # the grid strips the leading tab and return; the formula stays quoted
}


def test_the_rag_history_csv_neutralises_formulas_in_commentary(client, assessed_plan):
    rows = csv_rows(client.get(reverse("api_rag_history_csv")))
    header = rows[0]
    commentary = {row[0]: row[header.index("commentary")] for row in rows[1:]}
    assert commentary == {code: expected[0] for code, expected in EXPECTED.items()}


def test_the_delivery_report_csv_neutralises_formulas_in_every_cell(client, assessed_plan):
    period = assessed_plan.periods.get()
    rows = csv_rows(client.get(reverse("plans:report_csv", args=[period.slug])))
    header = rows[0]
    written = {
        row[header.index("code")]: (row[header.index("commentary")], row[header.index("assessed_by")])
        for row in rows[1:]
        if row[header.index("code")] in EXPECTED
    }
    assert written == EXPECTED
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
