"""What this app shows on other apps' pages, through `pcp_portal.panels`."""

from django.urls import reverse
from django.utils.html import format_html

from . import permissions


def workspace_link(request) -> str:
    """The workspace's link to the Commissioner's decisions, the forward plan and the registers."""
    if not permissions.can_use_transparency(request.user):
        return ""
    url = reverse("transparency:staff_home")
    return format_html('<a class="btn btn-outline-primary" href="{}">Decisions and registers</a>', url)
