from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = "Minutes"

    def ready(self):
        from boards.chairing import register_check
        from pcp_portal.panels import register

        from . import chairing, views

        register_check(chairing.chair_objection)
        register("meeting", views.meeting_panel)
        register("staff_meeting", views.staff_meeting_panel)
        register("board", views.board_panel)
