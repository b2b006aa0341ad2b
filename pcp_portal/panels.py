"""Slots where a higher app adds to a lower app's page, without the lower app importing it.

`boards` renders the meeting page and asks for the "meeting" slot's panels;
`minutes`, which sits above `boards`, registers a panel there in its
AppConfig.ready(). Imports keep pointing down.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

_panels: dict[str, list[Callable]] = defaultdict(list)


def register(slot: str, panel: Callable) -> None:
    if panel not in _panels[slot]:
        _panels[slot].append(panel)


def render_panels(slot: str, request, **kwargs) -> list[str]:
    """Each registered panel's HTML, in registration order; empty ones left out."""
    return [html for panel in _panels[slot] if (html := panel(request, **kwargs))]
