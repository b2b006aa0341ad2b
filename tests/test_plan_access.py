"""Every workspace URL of the plan's delivery: allowed roles, refused roles, the anonymous visitor."""

import pytest
from django.urls import reverse

from plans import services
from plans.models import Assessment, ReportingPeriod

from .plan_factories import make_plan

OFFICE = ["author", "other_author", "reviewer", "secretary"]


@pytest.fixture
def period(db, users):
    plan = make_plan(periods=2)
    first = plan.periods.order_by("starts_on").first()
    action = plan.priority_actions.first()
    services.save_assessments(period=first, user=users["author"], entries=[{"action": action, "status": "G"}])
    return first


CASES = [
    ("workspace", "get", {**dict.fromkeys(OFFICE, 200), "member": 403, "chair": 403, "no_role": 403}),
    ("create_quarters", "post", {"secretary": 302, "author": 302, "member": 403}),
    ("grid", "get", {"author": 200, "reviewer": 200, "member": 403}),
    ("import", "get", {"author": 200, "secretary": 200, "reviewer": 403, "member": 403}),
    ("staff_report", "get", {"reviewer": 200, "chair": 403}),
    ("staff_report_pdf", "get", {"author": 200, "member": 403}),
    ("publish", "post", {"secretary": 302, "author": 403, "reviewer": 403, "member": 403}),
    ("variation_create", "get", {"secretary": 200, "author": 403, "member": 403}),
]


def url(name, period):
    if name in ("workspace", "create_quarters", "variation_create"):
        return reverse(f"plans:{name}")
    return reverse(f"plans:{name}", args=[period.pk])


def _expand():
    for name, method, expected in CASES:
        for role, code in expected.items():
            yield pytest.param(name, method, role, code, id=f"{name}-{role}")
        yield pytest.param(name, method, "anonymous", 302, id=f"{name}-anonymous")


@pytest.mark.parametrize(("name", "method", "role", "code"), list(_expand()))
def test_plan_workspace_url_access(client, users, period, name, method, role, code):
    if role != "anonymous":
        client.force_login(users[role])
    before = (
        ReportingPeriod.objects.get(pk=period.pk).report_published_at,
        Assessment.objects.count(),
        ReportingPeriod.objects.count(),
    )
    response = getattr(client, method)(url(name, period), *([{"confirmed": "1"}] if name == "publish" else []))
    assert response.status_code == code
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))
    after = (
        ReportingPeriod.objects.get(pk=period.pk).report_published_at,
        Assessment.objects.count(),
        ReportingPeriod.objects.count(),
    )
    if method == "post" and code != 302:
        assert after == before
    if name == "publish" and code == 302 and role != "anonymous":
        assert after[0] is not None


def test_creating_quarters_is_the_secretarys(client, users, period):
    client.force_login(users["author"])
    client.post(reverse("plans:create_quarters"))
    count = ReportingPeriod.objects.count()
    client.force_login(users["secretary"])
    client.post(reverse("plans:create_quarters"))
    assert ReportingPeriod.objects.count() > count


@pytest.mark.parametrize("name", ["create_quarters", "publish"])
def test_the_plans_form_only_addresses_opened_as_pages_answer_405_and_change_nothing(client, period, users, name):
    client.force_login(users["secretary"])
    response = client.get(url(name, period))
    assert response.status_code == 405 and "This address sends a form" in response.content.decode()
    period.refresh_from_db()
    assert period.report_published_at is None and ReportingPeriod.objects.count() == 2


def test_an_action_code_with_a_nul_character_is_not_found(client, period):
    assert client.get("/plan/actions/V1%00/").status_code == 404
