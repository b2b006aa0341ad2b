"""Reference data of the plan. Assessments and reports change only through the delivery workspace."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Objective, Plan, PriorityAction, ReportingPeriod, Theme, Variation


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "period_start", "period_end", "status"]
    inlines = [ThemeInline]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "position"]
    inlines = [ObjectiveInline]


@admin.register(PriorityAction)
class PriorityActionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "theme", "plan", "lead", "withdrawn_on"]
    list_filter = ["plan", "theme"]
    search_fields = ["code", "text"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["label", "plan", "starts_on", "ends_on", "report_published_at"]
    readonly_fields = ["report_published_at", "report_sha256"]
    exclude = ["report_pdf"]  # read through the portal's report views, never by a link to storage


@admin.register(Variation)
class VariationAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "made_on", "summary"]

    def has_add_permission(self, request):
        return False  # recorded in the workspace, which applies the changes to the actions

    def has_change_permission(self, request, obj=None):
        return False
