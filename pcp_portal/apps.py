from django.apps import AppConfig


class PcpPortalConfig(AppConfig):
    name = "pcp_portal"
    verbose_name = "PCP Portal"
