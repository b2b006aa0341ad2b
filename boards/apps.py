from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = "Boards and papers"

    def ready(self):
        from pcp_portal import public_changes
        from pcp_portal.panels import register

        from . import models, panels, publicity, search

        publicity.connect()
        search.connect()
        # What of boards the public sees, for the page cache (papers, agenda items, decisions and packs
        # answer by their own `public()`).
        public_changes.reference(
            models.Person,
            models.Board,
            models.Membership,
            models.Meeting,
            models.MeetingSlug,
            models.RecommendationVerb,
        )
        public_changes.follows(
            models.Paper,
            models.Section,
            models.Recommendation,
            models.Appendix,
            models.Figure,
            models.SourceDocument,
            models.FurtherContact,
            models.PaperEvent,
            models.WrittenProcedure,
            via="paper",
        )
        public_changes.private(models.Position)
        register("plan_action", panels.action_panel)
        register("plan_theme", panels.theme_panel)
        register("accessibility", panels.accessibility_panel)
