"""Integrity faults: CSV cells a spreadsheet would run, a stale RAG grid, tampered formsets."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils.html import escape

from boards import services as board_services
from boards.models import Paper
from pcp_portal.spreadsheet import safe_row
from plans import services as plan_services
from plans.models import Assessment

from .conftest import meeting_has_begun
from .plan_factories import make_plan
from .test_editor import edit_post
from .test_minutes import editor_post, held, held_meeting  # noqa: F401 (a fixture)

FORMULAS = ['=HYPERLINK("http://x.example")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.content
    return list(csv.reader(io.StringIO(b"".join(response).decode())))


# CSV exports


@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_a_spreadsheet_would_run_is_quoted(text):
    assert safe_row([text, "Noted"]) == ["'" + text, "Noted"]


@pytest.mark.parametrize("value", ["Noted", "A-road safety", "", 3, -3, None, "email@example.org"])
def test_ordinary_cells_are_left_alone(value):
    assert safe_row([value]) == [value]


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


# Tampered formsets: a form error, never a 500, and nothing saved


def other_minutes(board, secretary, chair):
    """Draft minutes of another held meeting of the board."""
    from boards import services as boards_services
    from minutes import services as minutes_services

    from .conftest import at_two_pm

    meeting = held(boards_services.schedule_meeting(board=board, starts_at=at_two_pm(20), user=secretary))
    return minutes_services.start_minutes(meeting=meeting, user=secretary)


@pytest.fixture
def draft_minutes(held_meeting, secretary):  # noqa: F811
    from minutes import services as minutes_services

    return minutes_services.start_minutes(meeting=held_meeting, user=secretary)


def post_minutes(client, secretary, minutes, data):
    client.force_login(secretary)
    return client.post(reverse("minutes:staff_minutes_edit", args=[minutes.pk]), data)


def assert_refused(response, prefix):
    assert response.status_code == 200
    formset = response.context["formsets"][prefix]
    errors = formset.non_form_errors()
    assert errors, f"the {prefix} formset shows no error"
    assert escape(errors[0]) in response.content.decode()


def test_an_extra_row_posted_to_the_minute_items_is_a_form_error(client, draft_minutes, secretary):
    data = editor_post(draft_minutes, next_meeting="Changed")
    count = int(data["items-TOTAL_FORMS"])
    data.update({"items-TOTAL_FORMS": str(count + 1), f"items-{count}-body": "A minute of no agenda item."})
    assert_refused(post_minutes(client, secretary, draft_minutes, data), "items")
    draft_minutes.refresh_from_db()
    assert draft_minutes.next_meeting != "Changed" and draft_minutes.items.count() == count


def test_an_existing_row_claimed_as_new_is_a_form_error(client, draft_minutes, secretary):
    data = editor_post(draft_minutes)
    first = draft_minutes.items.first()
    count = int(data["items-TOTAL_FORMS"])
    data.update(
        {
            "items-TOTAL_FORMS": str(count + 1),
            f"items-{count}-id": str(first.pk),
            f"items-{count}-body": "Overwritten?",
        }
    )
    assert_refused(post_minutes(client, secretary, draft_minutes, data), "items")
    first.refresh_from_db()
    assert first.body != "Overwritten?"


def test_one_row_sent_twice_is_a_form_error(client, draft_minutes, secretary):
    data = editor_post(draft_minutes, next_meeting="Changed")
    data["items-1-id"] = data["items-0-id"]
    data["items-1-body"] = "Which of the two is the minute?"
    assert_refused(post_minutes(client, secretary, draft_minutes, data), "items")
    draft_minutes.refresh_from_db()
    assert draft_minutes.next_meeting != "Changed"


@pytest.mark.parametrize("prefix", ["items", "attendance"])
def test_rows_of_other_minutes_are_a_form_error_and_stay_untouched(
    client, draft_minutes, secretary, prefix, board, chair
):
    other = other_minutes(board, secretary, chair)
    theirs = (other.items if prefix == "items" else other.attendance).first()
    data = editor_post(draft_minutes)
    data[f"{prefix}-0-id"] = str(theirs.pk)
    if prefix == "items":
        data["items-0-body"] = "Written into another meeting's minutes?"
    else:
        data["attendance-0-state"] = "absent"
    assert_refused(post_minutes(client, secretary, draft_minutes, data), prefix)
    before = type(theirs).objects.get(pk=theirs.pk)
    assert (before.minutes_id, getattr(before, "body", None), getattr(before, "state", None)) == (
        other.pk,
        getattr(theirs, "body", None),
        getattr(theirs, "state", None),
    )


@pytest.mark.parametrize(
    ("total", "initial"),
    [("-1", None), ("100000000", None), (None, "-3"), ("0", "5"), ("abc", None)],
)
@pytest.mark.parametrize("prefix", ["items", "attendance", "declarations", "actions"])
def test_altered_row_counts_are_a_form_error(client, draft_minutes, secretary, prefix, total, initial):
    data = editor_post(draft_minutes, next_meeting="Changed")
    if total is not None:
        data[f"{prefix}-TOTAL_FORMS"] = total
    if initial is not None:
        data[f"{prefix}-INITIAL_FORMS"] = initial
    assert_refused(post_minutes(client, secretary, draft_minutes, data), prefix)
    draft_minutes.refresh_from_db()
    assert draft_minutes.next_meeting != "Changed"


@pytest.mark.parametrize("prefix", ["items", "attendance", "declarations", "actions"])
def test_a_missing_management_form_is_a_form_error(client, draft_minutes, secretary, prefix):
    data = editor_post(draft_minutes, next_meeting="Changed")
    for key in [k for k in data if k.startswith(f"{prefix}-") and k.endswith("_FORMS")]:
        del data[key]
    assert_refused(post_minutes(client, secretary, draft_minutes, data), prefix)
    draft_minutes.refresh_from_db()
    assert draft_minutes.next_meeting != "Changed"


# The paper editor's formsets


def post_paper(client, author, paper, data):
    client.force_login(author)
    return client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data)


def assert_paper_refused(response, prefix):
    assert response.status_code == 200
    formset = next(fs for fs in response.context["formsets"] if fs.prefix == prefix)
    errors = formset.non_form_errors()
    assert errors and escape(errors[0]) in response.content.decode()


@pytest.mark.parametrize("prefix", ["recommendations", "sections"])
def test_rows_of_another_paper_are_a_form_error_in_the_paper_editor(client, make_paper, author, prefix):
    paper, other = make_paper(), make_paper(title="Another paper")
    theirs = getattr(other, prefix).first()
    data = edit_post(paper, title="Changed")
    data[f"{prefix}-0-id"] = str(theirs.pk)
    assert_paper_refused(post_paper(client, author, paper, data), prefix)
    paper.refresh_from_db()
    assert paper.title != "Changed" and getattr(other, prefix).filter(pk=theirs.pk, paper=other).exists()


@pytest.mark.parametrize(("total", "initial"), [("-1", None), ("100000000", None), (None, "-2"), ("0", "2")])
@pytest.mark.parametrize("prefix", ["recommendations", "sections", "appendices"])
def test_altered_row_counts_are_a_form_error_in_the_paper_editor(client, make_paper, author, prefix, total, initial):
    paper = make_paper()
    data = edit_post(paper, title="Changed")
    if total is not None:
        data[f"{prefix}-TOTAL_FORMS"] = total
    if initial is not None:
        data[f"{prefix}-INITIAL_FORMS"] = initial
    assert_paper_refused(post_paper(client, author, paper, data), prefix)
    paper.refresh_from_db()
    assert paper.title != "Changed"


def test_an_existing_recommendation_sent_as_a_new_row_is_a_form_error(client, make_paper, author):
    paper = make_paper()
    first = paper.recommendations.first()
    data = edit_post(paper)
    count = int(data["recommendations-TOTAL_FORMS"])
    data.update(
        {
            "recommendations-TOTAL_FORMS": str(count + 1),
            f"recommendations-{count}-id": str(first.pk),
            f"recommendations-{count}-verb": "agree",
            f"recommendations-{count}-text": "something else",
            f"recommendations-{count}-ORDER": str(count + 1),
        }
    )
    assert_paper_refused(post_paper(client, author, paper, data), "recommendations")
    assert paper.recommendations.count() == count


def test_an_extra_recommendation_is_still_added_in_the_paper_editor(client, make_paper, author):
    paper = make_paper()
    data = edit_post(paper)
    count = int(data["recommendations-TOTAL_FORMS"])
    data.update(
        {
            "recommendations-TOTAL_FORMS": str(count + 1),
            f"recommendations-{count}-verb": "agree",
            f"recommendations-{count}-text": "the new timetable",
            f"recommendations-{count}-ORDER": str(count + 1),
        }
    )
    assert post_paper(client, author, paper, data).status_code == 302
    assert paper.recommendations.count() == count + 1
