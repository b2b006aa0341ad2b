from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive import"

    def ready(self):
        from django.db.models import Q

        from boards.models import Paper
        from minutes.models import Minutes
        from pcp_portal import public_changes
        from pcp_portal.panels import register

        from .models import ImportBatch, ImportedDocument, PersonMatch, WordDraft
        from .views import drafts, originals, review

        # An imported file reaches the public as the original of a public paper or public minutes; the rest
        # of an import is the office's own work.
        public_changes.public_rows(
            ImportedDocument,
            lambda: ImportedDocument.objects.filter(
                Q(paper__in=Paper.objects.public()) | Q(minutes__in=Minutes.objects.public())
            ),
        )
        public_changes.private(ImportBatch, PersonMatch, WordDraft)

        register("paper", originals.paper_panel)
        register("staff_paper", originals.staff_paper_panel)
        register("minutes", originals.minutes_panel)
        register("staff_minutes", originals.staff_minutes_panel)
        register("paper_editor", drafts.editor_panel)
        register("workspace_links", review.workspace_link)
