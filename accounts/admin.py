from django.contrib import admin

from .models import DownloadRecord


@admin.register(DownloadRecord)
class DownloadRecordAdmin(admin.ModelAdmin):
    """Read-only: an audit trail that can be edited proves nothing."""

    list_display = ["at", "username", "kind", "description", "ip_address"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "description"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
