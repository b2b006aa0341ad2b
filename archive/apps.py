from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive import"

    def ready(self):
        from pcp_portal.panels import register

        from .views import review

        register("workspace_links", review.workspace_link)
