"""Integrity faults: CSV cells a spreadsheet would run, a stale RAG grid, tampered formsets."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils.html import escape

from boards import services as board_services
from boards.models import Paper
from pcp_portal.spreadsheet import safe_cell
from plans import services as plan_services
from plans.models import Assessment

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


# The RAG grid: a stale tab cannot overwrite


@pytest.fixture
def grid_plan(db, author):
    plan = make_plan(periods=1)
    period = plan.periods.get()
    v1 = plan.priority_actions.get(code="V1")
    plan_services.save_assessments(
        period=period, user=author, entries=[{"action": v1, "status": "A", "commentary": "On track, just."}]
    )
    return plan


def grid_url(plan) -> str:
    period = plan.periods.get()
    return reverse("plans:grid", args=[period.pk]) + f"?theme={plan.themes.get(name='Victims').pk}"


def open_grid(client, user, plan) -> dict:
    """What the user's tab holds: the grid's form data as loaded."""
    client.force_login(user)
    formset = client.get(grid_url(plan)).context["formset"]
    data = {"form-TOTAL_FORMS": str(len(formset.forms)), "form-INITIAL_FORMS": str(len(formset.forms))}
    for i, form in enumerate(formset.forms):
        for name in ("action_id", "version", "status", "commentary", "assessed_by"):
            data[f"form-{i}-{name}"] = form.initial.get(name, "")
    return data


def save_grid(client, user, plan, data):
    client.force_login(user)
    return client.post(grid_url(plan), data)


def assessment(plan, code):
    return Assessment.objects.select_related("entered_by").get(action__plan=plan, action__code=code)


def test_a_stale_grid_cannot_overwrite_a_status_saved_meanwhile(client, grid_plan, author, other_author):
    mine, theirs = open_grid(client, author, grid_plan), open_grid(client, other_author, grid_plan)
    theirs.update({"form-0-status": "R", "form-0-commentary": "Slipped badly."})
    assert save_grid(client, other_author, grid_plan, theirs).status_code == 302
    mine.update({"form-0-status": "G", "form-0-commentary": "Back on track, my figures."})
    response = save_grid(client, author, grid_plan, mine)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Not saved: {other_author.get_full_name()} saved V1" in page
    assert "Back on track, my figures." in page  # what was typed is kept
    assert "Slipped badly." in page  # and what they saved is shown beside the row
    v1 = assessment(grid_plan, "V1")
    assert (v1.status, v1.commentary, v1.entered_by) == ("R", "Slipped badly.", other_author)


def test_a_row_left_as_it_was_in_a_stale_grid_is_refused_not_written_back(client, grid_plan, author, other_author):
    mine, theirs = open_grid(client, author, grid_plan), open_grid(client, other_author, grid_plan)
    theirs.update({"form-0-status": "R", "form-0-commentary": "Slipped badly."})
    save_grid(client, other_author, grid_plan, theirs)
    mine.update({"form-1-status": "G", "form-1-commentary": "V2 is fine."})  # V1 still shows Amber
    response = save_grid(client, author, grid_plan, mine)
    assert response.status_code == 200 and "Not saved" in response.content.decode()
    assert assessment(grid_plan, "V1").status == "R"
    assert not Assessment.objects.filter(action__code="V2").exists()  # nothing of the refused save is kept


def test_two_people_assessing_different_rows_both_save(client, grid_plan, author, other_author):
    mine, theirs = open_grid(client, author, grid_plan), open_grid(client, other_author, grid_plan)
    theirs.update({"form-1-status": "R", "form-1-commentary": "V2 slipped."})
    assert save_grid(client, other_author, grid_plan, theirs).status_code == 302
    mine.update({"form-2-status": "G", "form-2-commentary": "V3 done well."})
    assert save_grid(client, author, grid_plan, mine).status_code == 302
    assert (assessment(grid_plan, "V2").status, assessment(grid_plan, "V3").status) == ("R", "G")
    assert assessment(grid_plan, "V1").entered_by == author  # untouched rows are not re-stamped


def test_a_row_first_assessed_by_someone_else_meanwhile_is_refused(client, grid_plan, author, other_author):
    mine, theirs = open_grid(client, author, grid_plan), open_grid(client, other_author, grid_plan)
    theirs.update({"form-2-status": "R", "form-2-commentary": "Theirs."})
    save_grid(client, other_author, grid_plan, theirs)
    mine.update({"form-2-status": "G", "form-2-commentary": "Mine."})
    response = save_grid(client, author, grid_plan, mine)
    assert "Not saved" in response.content.decode() and assessment(grid_plan, "V3").commentary == "Theirs."


def test_after_a_refusal_a_fresh_grid_saves(client, grid_plan, author, other_author):
    mine, theirs = open_grid(client, author, grid_plan), open_grid(client, other_author, grid_plan)
    theirs.update({"form-0-status": "R"})
    save_grid(client, other_author, grid_plan, theirs)
    mine.update({"form-0-status": "G"})
    assert save_grid(client, author, grid_plan, mine).status_code == 200
    fresh = open_grid(client, author, grid_plan)
    fresh.update({"form-0-status": "G"})
    assert save_grid(client, author, grid_plan, fresh).status_code == 302
    assert assessment(grid_plan, "V1").status == "G"


def test_a_grid_opened_before_a_csv_import_is_refused(client, grid_plan, author):
    mine = open_grid(client, author, grid_plan)
    period = grid_plan.periods.get()
    plan_services.import_assessments(
        period=period, user=author, content=f"period,code,status,commentary\n{period.label},V1,R,Imported.\n".encode()
    )
    mine.update({"form-0-status": "G"})
    assert "Not saved" in save_grid(client, author, grid_plan, mine).content.decode()
    assert assessment(grid_plan, "V1").commentary == "Imported."


@pytest.mark.parametrize(
    "tamper",
    [
        "extra_row",
        "missing_row",
        "another_themes_action",
        "huge_total",
        "negative_total",
        "no_management_form",
    ],
)
def test_a_tampered_grid_is_a_form_error_and_saves_nothing(client, grid_plan, author, tamper):
    data = open_grid(client, author, grid_plan)
    data.update({"form-1-status": "G"})
    other = grid_plan.priority_actions.get(code="O1")
    if tamper == "extra_row":
        data.update({"form-TOTAL_FORMS": "4", "form-3-action_id": other.pk, "form-3-status": "R"})
    elif tamper == "missing_row":
        data["form-TOTAL_FORMS"] = "2"
    elif tamper == "another_themes_action":
        data["form-1-action_id"] = other.pk
    elif tamper == "huge_total":
        data["form-TOTAL_FORMS"] = "100000000"
    elif tamper == "negative_total":
        data["form-TOTAL_FORMS"] = "-5"
    else:
        del data["form-TOTAL_FORMS"], data["form-INITIAL_FORMS"]
    response = save_grid(client, author, grid_plan, data)
    assert response.status_code == 200
    errors = response.context["formset"].non_form_errors()
    assert errors and escape(errors[0]) in response.content.decode()
    assert list(Assessment.objects.values_list("action__code", flat=True)) == ["V1"]
