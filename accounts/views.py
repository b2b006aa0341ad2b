from axes.models import AccessFailureLog, AccessLog
from django.shortcuts import render

from pcp_portal.access import signed_in_with
from pcp_portal.paging import paginate

from .forms import AuditFilterForm
from .models import DownloadRecord
from .permissions import can_read_audit

PER_PAGE = 50


def _sign_ins(model, *, username: str, since, until):
    """Rows of django-axes' own logs, which are the record of sign-ins: no second table."""
    rows = model.objects.order_by("-attempt_time", "-pk")
    if username:
        rows = rows.filter(username__iexact=username)
    if since:
        rows = rows.filter(attempt_time__date__gte=since)
    if until:
        rows = rows.filter(attempt_time__date__lte=until)
    return rows


@signed_in_with(can_read_audit, "Only the Auditor group may read the audit trail.")
def audit_trail(request):
    form = AuditFilterForm(request.GET or None)
    filters = {"username": "", "since": None, "until": None}
    record = "downloads"
    if form.is_bound and form.is_valid():
        record = form.cleaned_data["record"] or "downloads"
        filters = {key: form.cleaned_data[key] for key in filters}
    if record == "signins":
        rows = _sign_ins(AccessLog, **filters)
    elif record == "failures":
        rows = _sign_ins(AccessFailureLog, **filters)
    else:
        rows = DownloadRecord.objects.filtered(**filters)
    page, query = paginate(request, rows, PER_PAGE)
    return render(request, "accounts/audit.html", {"form": form, "record": record, "page": page, "query": query})
