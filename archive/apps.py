from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive import"

    def ready(self):
        from pcp_portal.panels import register

        from .views import drafts, originals, review

        register("paper", originals.paper_panel)
        register("staff_paper", originals.staff_paper_panel)
        register("minutes", originals.minutes_panel)
        register("staff_minutes", originals.staff_minutes_panel)
        register("paper_editor", drafts.editor_panel)
        register("workspace_links", review.workspace_link)
