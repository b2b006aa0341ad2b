"""What this app shows on other apps' pages, through `pcp_portal.panels`."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from . import permissions


def workspace_link(request) -> str:
    """The workspace's link to the Commissioner's decisions, the forward plan and the registers."""
    if not permissions.can_use_transparency(request.user):
        return ""
    url = reverse("transparency:staff_home")
    return format_html('<a class="btn btn-outline-primary" href="{}">Decisions and registers</a>', url)


def registers_link(request) -> str:
    """The workspace's link to the registers: the secretary's, and each holder's own register."""
    user = request.user
    links = []
    if permissions.can_use_registers(user):
        label = "Registers of interests" if permissions.can_manage_registers(user) else "Your register of interests"
        links.append((reverse("transparency:staff_registers"), label))
    if permissions.can_use_gifts(user):
        links.append((reverse("transparency:staff_gifts"), "Gifts and hospitality"))
    return format_html_join(" ", '<a class="btn btn-outline-primary" href="{}">{}</a>', links)
