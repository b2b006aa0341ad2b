"""The workspace's front page for the Commissioner's decisions, the forward plan and the registers."""

from django.shortcuts import render

from pcp_portal.access import signed_in_with

from .. import permissions

transparency_staff = signed_in_with(
    permissions.can_use_transparency, "The Commissioner's decisions and the registers are kept by the office's staff."
)


@transparency_staff
def staff_home(request):
    return render(request, "transparency/staff_home.html", {})
