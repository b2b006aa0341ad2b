"""What `boards` adds to the plan's pages: the papers, decisions and meetings that concern them."""

from django.template.loader import render_to_string

from .models import Decision, Meeting, Paper


def action_panel(request, *, action) -> str:
    papers = list(Paper.objects.public().current().filter(priority_actions=action).select_related("board"))
    decisions = list(
        Decision.objects.public()
        .filter(recommendation__paper__priority_actions=action)
        .select_related("recommendation__paper", "meeting__board")
    )
    return render_to_string(
        "boards/_plan_action_panel.html", {"papers": papers, "decisions": decisions}, request=request
    )


def theme_panel(request, *, theme) -> str:
    meetings = list(Meeting.objects.filter(theme_in_depth=theme).select_related("board").order_by("-starts_at"))
    return render_to_string("boards/_plan_theme_panel.html", {"meetings": meetings, "theme": theme}, request=request)
