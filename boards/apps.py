from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = "Boards and papers"

    def ready(self):
        from pcp_portal.panels import register

        from . import panels, publicity

        publicity.connect()
        register("plan_action", panels.action_panel)
        register("plan_theme", panels.theme_panel)
        register("accessibility", panels.accessibility_panel)
