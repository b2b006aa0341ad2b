"""What `boards` adds to the plan's pages: the papers, decisions and meetings that concern them."""

from django.template.loader import render_to_string

from .models import Appendix, Decision, Meeting, Paper


def action_panel(request, *, action) -> str:
    # Each list reads only the columns it shows: Django builds every column of a query anew for each request.
    papers = list(
        Paper.objects.public()
        .current()
        .filter(priority_actions=action)
        .select_related("board")
        .only("title", "date", "board__name")
    )
    decisions = list(
        Decision.objects.public()
        .filter(recommendation__paper__priority_actions=action)
        .select_related("recommendation", "meeting__board")
        .only(
            "outcome",
            "amended_text",
            "recommendation__text",
            "meeting__starts_at",
            "meeting__slug",
            "meeting__board__slug",
            "meeting__board__short_name",
        )
    )
    return render_to_string(
        "boards/_plan_action_panel.html", {"papers": papers, "decisions": decisions}, request=request
    )


def theme_panel(request, *, theme) -> str:
    meetings = list(Meeting.objects.filter(theme_in_depth=theme).select_related("board").order_by("-starts_at"))
    return render_to_string("boards/_plan_theme_panel.html", {"meetings": meetings, "theme": theme}, request=request)


def accessibility_panel(request) -> str:
    """The accessibility statement's list of published appendices that are not tagged, with their alternatives."""
    appendices = list(
        Appendix.objects.filter(tagged=False, paper__in=Paper.objects.public().current())
        .select_related("paper__board")
        .order_by("-paper__date", "paper__pk", "position", "pk")
    )
    return render_to_string("boards/_accessibility_panel.html", {"appendices": appendices}, request=request)
