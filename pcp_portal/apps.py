from django.apps import AppConfig


class PcpPortalConfig(AppConfig):
    name = "pcp_portal"
    verbose_name = "PCP Portal"

    def ready(self):
        from . import public_changes
        from .models import SearchDocument

        public_changes.connect()
        # Only what the public may read is written to the search index.
        public_changes.reference(SearchDocument)
        # A login's name is printed on a decision notice it signed when no person is linked to it; its
        # last sign-in, password and groups never reach the public.
        public_changes.public_fields("auth.User", "username", "first_name", "last_name")
        public_changes.private(
            "admin.LogEntry",
            "auth.Permission",
            "auth.Group",
            "contenttypes.ContentType",
            "sessions.Session",
            # What is stored there was written from public rows; writing it again changes nothing they show.
            "pcp_portal.StoredExport",
            "django_tasks_database.DBTaskResult",
            "django_rq.Dashboard",
            "otp_static.StaticDevice",
            "otp_static.StaticToken",
            "otp_totp.TOTPDevice",
            "axes.AccessFailureLog",
            "axes.AccessAttempt",
            "axes.AccessAttemptExpiration",
            "axes.AccessLog",
        )
