from axes.models import AccessFailureLog, AccessLog
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from two_factor import views as two_factor_views

from pcp_portal.access import signed_in_with
from pcp_portal.paging import paginate
from pcp_portal.roles import roles_of

from .forms import AuditFilterForm, EmailPreferencesForm
from .models import DownloadRecord
from .permissions import can_read_audit, can_set_email_preferences

PER_PAGE = 50


def _filtered(rows, when: str, *, username: str, since, until):
    """`rows` of one user and between two days; `when` names the rows' time field."""
    if username:
        rows = rows.filter(username__iexact=username)
    if since:
        rows = rows.filter(**{f"{when}__date__gte": since})
    if until:
        rows = rows.filter(**{f"{when}__date__lte": until})
    return rows.order_by(f"-{when}", "-pk")


@signed_in_with(can_read_audit, "Only the Auditor group may read the audit trail.")
def audit_trail(request):
    form = AuditFilterForm(request.GET or None)
    filters = {"username": "", "since": None, "until": None}
    # The kind of row asked for holds even while a date is wrong: its error shows beside the field.
    kinds = dict(AuditFilterForm.RECORDS)
    record = request.GET.get("record") if request.GET.get("record") in kinds else "downloads"
    if form.is_bound and form.is_valid():
        filters = {key: form.cleaned_data[key] for key in filters}
    # Sign-ins are django-axes' own logs: no second table.
    if record == "signins":
        rows = _filtered(AccessLog.objects.all(), "attempt_time", **filters)
    elif record == "failures":
        rows = _filtered(AccessFailureLog.objects.all(), "attempt_time", **filters)
    else:
        rows = _filtered(DownloadRecord.objects.all(), "at", **filters)
    page, query = paginate(request, rows, PER_PAGE)
    return render(request, "accounts/audit.html", {"form": form, "record": record, "page": page, "query": query})


@signed_in_with(can_set_email_preferences, "E-mail preferences are for people with a role in the workspace.")
def email_preferences(request):
    form = EmailPreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save(request.user)
        messages.success(request, "Your e-mail preferences are saved.")
        return redirect("email_preferences")
    return render(request, "accounts/email_preferences.html", {"form": form})


@login_required
def after_sign_in(request):
    """Where a person lands once signed in: the workspace for the portal's roles, the audit trail for an
    auditor, the admin for an administrator; anyone else the public site, told why (not a 403 page)."""
    user = request.user
    if roles_of(user):
        return redirect("boards:staff_home")
    if user.is_staff:  # an administrator's work is the admin (a superuser may also read the audit trail)
        return redirect("admin:index")
    if can_read_audit(user):
        return redirect("audit_trail")
    messages.info(
        request, "You are signed in, but your account has no role in the workspace yet: ask the board secretary."
    )
    return redirect("home")


class LoginView(two_factor_views.LoginView):
    """django-two-factor-auth's login, where a wrong second-factor code counts as a failed sign-in.

    The wrong code is reported through Django's `user_login_failed` signal, as a wrong password is, so
    django-axes counts it towards the lockout and it appears among the failed sign-ins of the audit trail:
    someone who has a password and is guessing codes leaves a trace.
    """

    CODE_STEPS = ("token", "backup")

    def post(self, *args, **kwargs):
        step = self.steps.current
        response = super().post(*args, **kwargs)
        form = getattr(response, "context_data", {}).get("form") if response.status_code == 200 else None
        user = self.get_user() if step in self.CODE_STEPS else None
        if user and form is not None and form.errors and self.steps.current == step:
            user_login_failed.send(
                sender=type(self), credentials={"username": user.get_username()}, request=self.request
            )
        return response
