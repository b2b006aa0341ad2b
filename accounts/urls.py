"""Sign-in, two-factor set-up, password reset and change, and the audit trail."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from two_factor import views as two_factor_views

from . import views

# django-two-factor-auth's views find each other by these names, in its namespace.
two_factor_patterns = (
    [
        path("login/", views.LoginView.as_view(), name="login"),
        path("two-factor/", two_factor_views.ProfileView.as_view(), name="profile"),
        path("two-factor/setup/", two_factor_views.SetupView.as_view(), name="setup"),
        path("two-factor/qrcode/", two_factor_views.QRGeneratorView.as_view(), name="qr"),
        path("two-factor/setup/complete/", two_factor_views.SetupCompleteView.as_view(), name="setup_complete"),
        path("two-factor/backup/tokens/", two_factor_views.BackupTokensView.as_view(), name="backup_tokens"),
        path("two-factor/disable/", two_factor_views.DisableView.as_view(), name="disable"),
    ],
    "two_factor",
)

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include(two_factor_patterns)),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "accounts/password/reset/",
        # The link in the e-mail is built from SITE_URL, never from the request's Host header.
        # (the e-mail's context takes `domain` and `protocol` from here, over those of the request).
        auth_views.PasswordResetView.as_view(
            extra_email_context={
                "ORGANISATION_NAME": settings.ORGANISATION_NAME,
                "domain": urlsplit(settings.SITE_URL).netloc,
                "protocol": urlsplit(settings.SITE_URL).scheme,
            }
        ),
        name="password_reset",
    ),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/e-mails/", views.email_preferences, name="email_preferences"),
    path("workspace/audit/", views.audit_trail, name="audit_trail"),
    path("accounts/signed-in/", views.after_sign_in, name="after_sign_in"),
]
