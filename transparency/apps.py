from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "transparency"
    verbose_name = "Decisions, forward plan and registers"

    def ready(self):
        from pcp_portal.panels import register

        from . import panels, publicity

        register("workspace_links", panels.workspace_link)
        publicity.connect()
        register("workspace_links", panels.registers_link)
