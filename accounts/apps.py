from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-in, sessions and the audit trail. Imports no other app of the portal."""

    name = "accounts"
    verbose_name = "Accounts and audit"

    def ready(self):
        from pcp_portal import public_changes

        from .models import DownloadRecord, EmailOptOut, SentEmail

        public_changes.private(DownloadRecord, EmailOptOut, SentEmail)
