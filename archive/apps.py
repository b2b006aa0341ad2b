from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive import"

    def ready(self):
        from pcp_portal.panels import register

        from .views import drafts

        register("paper_editor", drafts.editor_panel)
