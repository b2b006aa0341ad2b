from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Plan, PriorityAction, Theme


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "period_start", "period_end", "status"]
    inlines = [ThemeInline]


@admin.register(PriorityAction)
class PriorityActionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "theme", "plan", "lead"]
    list_filter = ["plan", "theme"]
    search_fields = ["code", "text"]
