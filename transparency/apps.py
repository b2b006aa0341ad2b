from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "transparency"
    verbose_name = "Decisions, forward plan and registers"

    def ready(self):
        from django.db.models.signals import post_save

        from boards.models import Meeting
        from pcp_portal.panels import register

        from . import panels, publicity
        from .services.forward_plan import follow_meeting
        from .views import forward_plan

        publicity.connect()
        post_save.connect(follow_meeting, sender=Meeting, dispatch_uid="forward-plan-follows-meeting")
        register("workspace_links", panels.workspace_link)
        register("workspace_links", panels.registers_link)
        register("meeting", forward_plan.meeting_panel)
