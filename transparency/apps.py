from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "transparency"
    verbose_name = "Decisions, forward plan and registers"

    def ready(self):
        from django.db.models.signals import post_save

        from boards.models import Meeting
        from pcp_portal import public_changes
        from pcp_portal.panels import register

        from . import models, panels, publicity

        # What of decisions, the forward plan and the registers the public sees, for the page cache
        # (notices, entries, registers, interests and gifts answer by their own `public()`).
        public_changes.follows(models.DecisionNotice, models.SupportingDocument, models.NoticeEvent, via="notice")
        public_changes.reference(models.TransparencyLink)
        public_changes.private(models.ReferenceCounter)
        from .services.forward_plan import follow_meeting
        from .views import forward_plan

        publicity.connect()
        post_save.connect(follow_meeting, sender=Meeting, dispatch_uid="forward-plan-follows-meeting")
        register("workspace_links", panels.workspace_link)
        register("workspace_links", panels.registers_link)
        register("meeting", forward_plan.meeting_panel)
