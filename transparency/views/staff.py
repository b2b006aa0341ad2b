"""The workspace's front page for the Commissioner's decisions, the forward plan and the registers."""

from django.db.models import Count
from django.shortcuts import render

from pcp_portal.access import signed_in_with

from .. import permissions
from ..models import DecisionNotice

transparency_staff = signed_in_with(
    permissions.can_use_transparency, "The Commissioner's decisions and the registers are kept by the office's staff."
)


@transparency_staff
def staff_home(request):
    user = request.user
    counted = dict(
        permissions.visible_notices(user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts = [(value, label, counted.get(value, 0)) for value, label in DecisionNotice.Status.choices]
    queues = [(title, list(queryset[:20])) for title, queryset in permissions.notices_waiting_for(user)]
    return render(
        request,
        "transparency/staff_home.html",
        {
            "counts": counts,
            "queues": queues,  # only the queues with notices in them are shown
            "waiting": any(notices for _, notices in queues),
            "can_create": permissions.can_create_notice(user),
            # Each register listed only for those who may open it.
            "can_use_registers": permissions.can_use_registers(user),
            "can_use_gifts": permissions.can_use_gifts(user),
        },
    )
