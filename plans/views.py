"""The plan's delivery: the public dashboard, reports and timelines; the staff grid, import and publication."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pcp_portal.access import pdf_response, signed_in_with
from pcp_portal.confirm import confirmation_page, confirmed
from pcp_portal.panels import render_panels

from . import permissions, reports, services
from .forms import AssessmentFormSet, ImportForm, VariationChangeFormSet, VariationForm
from .models import Assessment, Plan, PriorityAction, ReportingPeriod, Theme


def _plan() -> Plan:
    plan = Plan.objects.in_force().first()
    if plan is None:
        raise Http404("No plan is in force.")
    return plan


def _public_periods(plan: Plan, *, figures: bool = True) -> list[ReportingPeriod]:
    """The plan's published periods, oldest first; without their stored figures (`figures=False`), which only
    the dashboard and the theme page read and which a page of forty periods would decode for nothing."""
    periods = plan.periods.published().order_by("starts_on")
    return list(periods if figures else periods.defer("figures"))


def _dashboard_context(plan: Plan, periods: list[ReportingPeriod]) -> dict:
    themes = reports.dashboard(plan, periods)
    latest = periods[-1] if periods else None
    return {
        "plan": plan,
        "periods": periods,
        "themes": [{"data": theme, "chart": reports.chart(theme)} for theme in themes],
        "latest": latest,
        "red": reports.red_actions(plan, latest),
        "legend": plan.legend(),
    }


def dashboard(request):
    plan = _plan()
    return render(request, "plans/dashboard.html", _dashboard_context(plan, _public_periods(plan)))


def _public_period(slug: str) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod.objects.published().select_related("plan"), plan=_plan(), slug=slug)


def _report_context(period: ReportingPeriod) -> dict:
    return {"report": reports.delivery_report(period), "plan": period.plan, "legend": period.plan.legend()}


def report(request, slug: str):
    period = _public_period(slug)
    return render(request, "plans/report.html", {**_report_context(period), "public": True})


def report_pdf(request, slug: str):
    period = _public_period(slug)
    return pdf_response(
        period.report_pdf,
        f"delivery-report-{period.slug}.pdf",
        request=request,
        sha256=period.report_sha256,
        public=True,
    )


def report_csv(request, slug: str):
    period = _public_period(slug)
    response = HttpResponse(reports.report_csv(reports.delivery_report(period)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="delivery-report-{period.slug}.csv"'
    return response


def action_detail(request, code: str):
    if "\x00" in code:  # PostgreSQL refuses NUL in a string; no action's code has one
        raise Http404
    if code != code.upper():  # one address an action: "v1" is read as "V1", and goes there
        return redirect("plans:action", code.upper(), permanent=True)
    plan = _plan()
    action = get_object_or_404(
        PriorityAction.objects.select_related("theme", "objective"), plan=plan, code=code.upper()
    )
    periods = _public_periods(plan, figures=False)
    entries = reports.timeline(action, periods)
    return render(
        request,
        "plans/action.html",
        {
            "action": action,
            "plan": plan,
            "entries": entries,
            "rows": reports.timeline_rows(entries),
            "changes": action.variation_changes.select_related("variation"),
            "legend": plan.legend(),
            "panels": render_panels("plan_action", request, action=action),
        },
    )


def theme_detail(request, pk: int):
    plan = _plan()
    theme = get_object_or_404(Theme, plan=plan, pk=pk)
    periods = _public_periods(plan)
    latest = periods[-1] if periods else None
    statuses = {int(pk): status for pk, status in reports.stored_figures(latest)["statuses"].items()} if latest else {}
    return render(
        request,
        "plans/theme.html",
        {
            "theme": theme,
            "plan": plan,
            "latest": latest,
            "actions": theme.priority_actions.live(),
            "statuses": statuses,
            "panels": render_panels("plan_theme", request, theme=theme),
        },
    )


# The workspace


staff_required = signed_in_with(
    permissions.can_view_delivery_workspace, "The plan's delivery is managed by office staff."
)


@staff_required
def workspace(request):
    plan = _plan()
    periods = list(plan.periods.all())
    counts = dict(
        Assessment.objects.filter(period__plan=plan)
        .values("period_id")
        .annotate(n=Count("pk"))
        .values_list("period_id", "n")
    )
    context = _dashboard_context(plan, periods)
    context.update(
        {
            "counts": counts,
            "action_count": plan.priority_actions.live().count(),
            "can_manage": permissions.can_manage_plan(request.user),
            "variations": plan.variations.prefetch_related("changes__action"),
        }
    )
    return render(request, "plans/workspace.html", context)


@require_POST
@staff_required
def create_quarters(request):
    try:
        created = services.create_quarters(plan=_plan(), user=request.user)
    except services.DeliveryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{len(created)} reporting periods created.")
    return redirect("plans:workspace")


def _staff_period(pk: int) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=pk, plan=_plan())


@staff_required
def grid(request, pk: int):
    period = _staff_period(pk)
    themes = list(period.plan.themes.all())
    theme = next((t for t in themes if str(t.pk) == request.GET.get("theme")), None)
    actions = list(reports.actions_in_force(period.plan, period).filter(**({"theme": theme} if theme else {})))
    existing = {a.action_id: a for a in period.assessments.filter(action__in=actions)}
    initial = [
        {
            "action_id": action.pk,
            "status": existing[action.pk].status if action.pk in existing else "",
            "commentary": existing[action.pk].commentary if action.pk in existing else "",
            "assessed_by": existing[action.pk].assessed_by if action.pk in existing else action.lead,
            "version": existing[action.pk].version if action.pk in existing else 0,
        }
        for action in actions
    ]
    editable = permissions.can_enter_assessments(request.user, period)
    formset = AssessmentFormSet(request.POST or None, initial=initial, actions=actions)
    if request.method == "POST":
        if not editable:
            messages.error(request, f"{period} is closed or you cannot enter assessments; nothing was saved.")
            return redirect(request.get_full_path())
        if formset.is_valid():
            by_id = {a.pk: a for a in actions}
            entries = [
                {**form.cleaned_data, "action": by_id[form.cleaned_data["action_id"]]}
                for form in formset
                if form.cleaned_data.get("action_id") in by_id
            ]
            try:
                saved = services.save_assessments(period=period, user=request.user, entries=entries)
            except services.GridConflict as conflict:
                messages.error(request, str(conflict))
                _mark_conflicts(formset, conflict)
            except services.DeliveryError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"{saved} assessment{'' if saved == 1 else 's'} saved for {period}.")
                return redirect(request.get_full_path())
        else:
            messages.error(request, "Nothing was saved. Correct the rows marked below.")
    rows = formset.rows
    return render(
        request,
        "plans/grid.html",
        {
            "period": period,
            "themes": themes,
            "theme": theme,
            "rows": rows,
            "formset": formset,
            "editable": editable,
            "legend": period.plan.legend(),
        },
    )


def _mark_conflicts(formset, conflict) -> None:
    """Beside each refused row: who saved it meanwhile, and what it says now."""
    by_action = {a.action_id: a for a in conflict.assessments}
    for form in formset.forms:
        saved = by_action.get(form.cleaned_data.get("action_id"))
        if saved is not None:
            when = date_filter(timezone.localtime(saved.history.latest().history_date), "j F Y, H:i")
            form.add_error(
                "status",
                f"{services.saved_by(saved)} saved this row at {when}: {saved.get_status_display()}"
                + (f", “{saved.commentary}”" if saved.commentary else "")
                + ".",
            )


@staff_required
def import_csv(request, pk: int):
    period = _staff_period(pk)
    if not permissions.can_enter_assessments(request.user, period):
        raise PermissionDenied(f"{period} is closed, or you cannot enter assessments.")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        saved, errors = services.import_assessments(
            period=period, user=request.user, content=form.cleaned_data["file"].read()
        )
        if not errors:
            messages.success(request, f"{saved} assessments imported for {period}.")
            return redirect("plans:grid", period.pk)
    return render(request, "plans/import.html", {"period": period, "form": form, "errors": errors})


@staff_required
def staff_report(request, pk: int):
    period = _staff_period(pk)
    return render(
        request,
        "plans/report.html",
        {
            **_report_context(period),
            "public": False,
            "can_publish": permissions.can_publish_report(request.user, period),
        },
    )


@staff_required
def staff_report_pdf(request, pk: int):
    period = _staff_period(pk)
    if period.report_sha256:
        return pdf_response(
            period.report_pdf, f"delivery-report-{period.slug}.pdf", request=request, sha256=period.report_sha256
        )
    return HttpResponse(services.render_report_pdf(period).content, content_type="application/pdf")


@require_POST
@staff_required
def publish(request, pk: int):
    period = _staff_period(pk)
    if not permissions.can_publish_report(request.user, period):
        raise PermissionDenied
    if not confirmed(request):
        return confirmation_page(
            request,
            title="Publish the report and close the period?",
            subject=f"The delivery report for {period}.",
            consequences=[
                "The report goes on the public site as a page, a PDF and CSV, with each action's RAG status, "
                "direction of travel and commentary as assessed now.",
                f"The period {period} is closed: its assessments can no longer be changed.",
            ],
            confirm_label="Publish the report and close the period",
            cancel_url=reverse("plans:staff_report", args=[period.pk]),
            cancel_label="Cancel: keep the period open",
        )
    try:
        services.publish_report(period=period, user=request.user)
    except services.DeliveryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The delivery report for {period} is published and the period is closed.")
    return redirect("plans:staff_report", period.pk)


@staff_required
def variation_create(request):
    plan = _plan()
    if not permissions.can_manage_plan(request.user):
        raise PermissionDenied
    form = VariationForm(request.POST or None)
    changes = VariationChangeFormSet(request.POST or None, prefix="changes", form_kwargs={"plan": plan})
    if request.method == "POST" and form.is_valid() and changes.is_valid():
        entries = [c.cleaned_data for c in changes if c.cleaned_data]
        try:
            services.record_variation(plan=plan, user=request.user, changes=entries, **form.cleaned_data)
        except services.DeliveryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Variation recorded.")
            return redirect("plans:workspace")
    return render(request, "plans/variation_form.html", {"form": form, "changes": changes, "plan": plan})
