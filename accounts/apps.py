from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-in, sessions and the audit trail. Imports no other app of the portal."""

    name = "accounts"
    verbose_name = "Accounts and audit"
