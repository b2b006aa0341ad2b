"""The demo's notices."""

from boards.models import Person


def seed(people: dict[str, Person]) -> None:
    """people: "commissioner", "deputy", "cfo", "monitoring"; find the boards demo's people by name."""
