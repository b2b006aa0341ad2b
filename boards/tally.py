"""The members' positions on a recommendation, counted against the members who may record one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from .models import Board, Membership, Paper, Position
from .permissions import position_holders


@dataclass(frozen=True)
class Tally:
    members: int
    support: int = 0
    object: int = 0
    abstain: int = 0

    @property
    def responded(self) -> int:
        return self.support + self.object + self.abstain

    def __str__(self) -> str:
        noun = "member has" if self.members == 1 else "members have"
        counts = ", ".join(
            f"{count} {label}"
            for count, label in ((self.support, "support"), (self.object, "object"), (self.abstain, "abstain"))
            if count
        )
        return f"{self.responded} of {self.members} {noun} responded" + (f": {counts}" if counts else "")


def voting_member_ids(board: Board, on: date) -> set[int]:
    """The people who sit on `board` as chair or member on the day `on`: former members are not members."""
    return set(Membership.objects.current(on=on).voting().filter(board=board).values_list("person_id", flat=True))


def position_holder_ids(board: Board, on: date) -> set[int]:
    """Whose positions the tally waits for: the people who may record one on the day `on`, by the same rule
    that lets them record it (`permissions.position_holders`)."""
    return set(position_holders(board, on).values_list("person_id", flat=True))


def tally(positions: Iterable[Position], member_ids: set[int]) -> Tally:
    """Positions of the members in `member_ids` only, so the counts never exceed the members."""
    stances = [p.stance for p in positions if p.member_id in member_ids]
    return Tally(members=len(member_ids), **{s: stances.count(s) for s in Position.Stance.values})


def counting_day(paper: Paper) -> date:
    """Whose positions count: the members on the day of the paper's meeting, or today if that is still ahead."""
    today = timezone.localdate()
    meeting = paper.meeting
    return min(meeting.date, today) if meeting is not None else today
