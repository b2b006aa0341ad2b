from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = "Minutes"

    def ready(self):
        from pcp_portal.panels import register

        from . import views

        register("meeting", views.meeting_panel)
        register("staff_meeting", views.staff_meeting_panel)
        register("board", views.board_panel)
