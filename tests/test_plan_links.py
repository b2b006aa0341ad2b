"""The plan and the boards meet: papers and decisions on an action's page, in-depth meetings on a theme's page,
a delivery report on an agenda and in its pack."""

import pytest
from django.urls import reverse

from boards import services as board_services
from boards.models import PackBuild, Paper
from pcp_portal.pdf import pdf_text
from plans import services

from .conftest import meeting_has_begun
from .plan_factories import make_plan


@pytest.fixture
def plan(db):
    return make_plan(periods=2)


def test_an_actions_page_lists_the_public_papers_and_decisions_about_it(
    client, plan, make_paper, meeting, secretary, chair
):
    action = plan.priority_actions.get(code="V1")
    paper = make_paper(Paper.Status.PUBLISHED, title="Victims Service Update")
    paper.priority_actions.add(action)
    sensitive = make_paper(Paper.Status.PUBLISHED, title="Sensitive Victims Paper", marking="OFFICIAL-SENSITIVE")
    sensitive.priority_actions.add(action)
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Victims", paper=paper)
    meeting_has_begun(meeting)
    rec = paper.recommendations.first()
    decision = board_services.record_decision(recommendation=rec, user=secretary, outcome="noted")
    board_services.confirm_decision(decision=decision, user=chair)
    html = client.get(reverse("plans:action", args=["V1"])).content.decode()
    assert "Victims Service Update" in html and "Sensitive Victims Paper" not in html
    assert "The Board noted the progress made against the Victims theme." in html


def test_a_themes_page_lists_the_meetings_that_considered_it_in_depth(client, plan, meeting):
    theme = plan.themes.get(name="Victims")
    meeting.theme_in_depth = theme
    meeting.save()
    html = client.get(reverse("plans:theme", args=[theme.pk])).content.decode()
    assert meeting.get_absolute_url() in html


def test_a_published_delivery_report_goes_on_the_agenda_and_into_the_pack(
    client, plan, meeting, secretary, author, django_capture_on_commit_callbacks
):
    period = plan.periods.order_by("starts_on").first()
    services.save_assessments(
        period=period, user=author, entries=[{"action": plan.priority_actions.get(code="V1"), "status": "R"}]
    )
    with pytest.raises(board_services.TransitionError, match="not published"):
        board_services.add_agenda_item(meeting=meeting, user=secretary, title="Delivery", delivery_report=period)
    services.publish_report(period=period, user=secretary)
    period.refresh_from_db()
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Plan delivery", delivery_report=period)
    with django_capture_on_commit_callbacks(execute=True):
        board_services.publish_agenda(meeting=meeting, user=secretary)
    pack = meeting.pack_builds.get(kind=PackBuild.Kind.PACK)
    assert pack.status == "ready", pack.error
    assert f"Delivery report: {period.label}" in pdf_text(pack.file.open("rb").read())
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert period.get_absolute_url() in html


def test_an_action_has_one_address_whatever_the_case_typed(client, plan):
    response = client.get("/plan/actions/v1/")
    assert response.status_code == 301 and response["Location"] == reverse("plans:action", args=["V1"])
    assert client.get(reverse("plans:action", args=["V1"])).status_code == 200
    assert client.get("/plan/actions/zz9/").status_code == 301
    assert client.get("/plan/actions/ZZ9/").status_code == 404


def test_an_actions_timeline_escapes_what_assessors_typed(client, plan, author, secretary):
    first, second = plan.periods.order_by("starts_on")
    action = plan.priority_actions.get(code="V1")
    for period, status in ((first, "A"), (second, "G")):
        services.save_assessments(
            period=period,
            user=author,
            entries=[{"action": action, "status": status, "commentary": "<b>Backlog</b> & <script>x</script>"}],
        )
        services.publish_report(period=period, user=secretary)
    html = client.get(reverse("plans:action", args=["V1"])).content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<td>&lt;b&gt;Backlog&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;</td>") == 2
    assert "<script>x" not in html and "<b>Backlog" not in html
    # Each period links its report, with its status as a badge and the direction its report gave it.
    assert f'<a href="{first.get_absolute_url()}">{first.label}</a>' in rows
    assert '<span class="rag rag-g"><span aria-hidden="true">' in rows and "Improving" in rows
