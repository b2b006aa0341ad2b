"""The admin sets where the office publishes what the portal does not hold (`TransparencyLink`).

Decision notices, the forward plan, the registers and the gifts register are
read-only here: they change only through the workspace, whose services check
who may change what and record each step.
"""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import DecisionNotice, ForwardPlanEntry, Gift, Interest, InterestRegister, NoticeEvent, TransparencyLink


@admin.register(TransparencyLink)
class TransparencyLinkAdmin(SimpleHistoryAdmin):
    list_display = ["paragraph", "title", "url", "updated_on", "position"]
    list_editable = ["position"]
    search_fields = ["paragraph", "title"]
    # An address typed without a scheme is taken as https, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NoticeEventInline(admin.TabularInline):
    model = NoticeEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_status", "to_status", "actor", "at", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DecisionNotice)
class DecisionNoticeAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "marking", "decision_maker", "signed_at", "published_at"]
    list_filter = ["status", "marking", "reference_year"]
    search_fields = ["title"]
    inlines = [NoticeEventInline]
    # The stored PDF is read through the portal's views, which check who may see it.
    exclude = ["pdf"]


@admin.register(ForwardPlanEntry)
class ForwardPlanEntryAdmin(ReadOnlyAdmin):
    list_display = ["subject", "expected_on", "published_at", "withdrawn_at"]


@admin.register(InterestRegister)
class InterestRegisterAdmin(ReadOnlyAdmin):
    list_display = ["person", "capacity", "holds_office_from", "holds_office_to", "published"]


@admin.register(Interest)
class InterestAdmin(ReadOnlyAdmin):
    list_display = ["register", "category", "from_date", "to_date", "reviewed_at"]


@admin.register(Gift)
class GiftAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "recipient", "offered_on", "outcome", "value"]
    list_filter = ["outcome"]
