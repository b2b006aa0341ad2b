from django.apps import AppConfig


class PcpPortalConfig(AppConfig):
    name = "pcp_portal"
    verbose_name = "PCP Portal"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .cache import on_model_change

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(on_model_change, dispatch_uid=f"pcp-cache-{signal}")
