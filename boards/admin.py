"""The admin is for reference data (people, boards, memberships, meetings, recommendation verbs).

Papers are read-only here: they change only through the workspace, whose
services guard and record every change of status.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, Board, Meeting, Membership, Paper, PaperEvent, Person, RecommendationVerb


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "initials", "post_title", "organisation", "user"]
    search_fields = ["name", "initials", "post_title"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "established_on", "dissolved_on"]
    inlines = [MembershipInline]

    # A board's address is in every public link to it, its meetings and minutes, and in readers' feed and
    # calendar subscriptions: set when the board is made, then kept. Its name can change at any time.
    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "slug"] if obj is not None else fields

    # Only the add form fills the slug in from the short name. Not the `prepopulated_fields` attribute: the
    # history's form of a past version reads that attribute, with the slug read-only, and failed on it.
    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else {"slug": ["short_name"]}


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["board", "starts_at", "location", "status", "chaired_by"]
    list_filter = ["board", "status"]
    # Who chaired is recorded on the meeting's workspace page, where the rules on who may chair are checked;
    # a meeting is held, published or cancelled only through the workspace, whose services check the date.
    readonly_fields = ["status", "chaired_by"]
    inlines = [AgendaItemInline]


class PaperEventInline(admin.TabularInline):
    model = PaperEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_status", "to_status", "actor", "at", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Paper)
class PaperAdmin(SimpleHistoryAdmin):
    list_display = ["title", "board", "status", "marking", "revision", "date"]
    list_filter = ["board", "status", "marking"]
    search_fields = ["title"]
    inlines = [PaperEventInline]
    # The stored PDF is read through the portal's views, which check who may see it; the admin's
    # file link would be a URL to storage itself (a signed bucket URL on object storage).
    exclude = ["pdf"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(RecommendationVerb)
class RecommendationVerbAdmin(SimpleHistoryAdmin):
    """The verbs the editor offers. Retire a verb rather than delete it: papers keep the words they printed."""

    list_display = ["verb", "position", "active"]
    list_editable = ["position", "active"]
    list_filter = ["active"]
