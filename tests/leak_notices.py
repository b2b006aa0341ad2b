"""The leak test's notices: every object in every state, a marker in every field (see leak_world)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .leak_world import Builder


def add(b: Builder) -> None:
    """Add this app's objects to the world, each marker registered with the audience that may read it."""
