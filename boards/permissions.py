"""Who may do what in `boards`: one function per question.

Views, templates (through `paper_actions`) and tests all ask these; the
services ask them again before changing anything.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.template.defaultfilters import date as date_filter
from django.utils import timezone

from pcp_portal.roles import Role, has_role, is_office_staff, roles_of

from .models import Board, Decision, Meeting, Membership, PackBuild, Paper, PaperEvent, Recommendation, WrittenProcedure

S = Paper.Status

#: What a board member reads: papers that have left the office.
MEMBER_VISIBLE = (S.CLEARED, S.PUBLISHED, S.SUPERSEDED, S.WITHDRAWN)


def can_use_workspace(user) -> bool:
    return bool(roles_of(user))


def member_boards(user) -> QuerySet[Board]:
    return Board.objects.of_member(user)


def visible_papers(user) -> QuerySet[Paper]:
    """Every paper `user` may open in the workspace."""
    papers = Paper.objects.all()
    if is_office_staff(user):
        return papers
    if has_role(user, Role.MEMBER, Role.CHAIR):
        return papers.filter(Q(board__in=member_boards(user)) & Q(status__in=MEMBER_VISIBLE)).exclude(
            status=S.WITHDRAWN, published_at__isnull=True
        )
    return papers.none()


def can_view_paper(user, paper: Paper) -> bool:
    return visible_papers(user).filter(pk=paper.pk).exists()


def can_create_paper(user) -> bool:
    return has_role(user, Role.AUTHOR, Role.SECRETARY)


def _owns_or_runs(user, paper: Paper) -> bool:
    return has_role(user, Role.SECRETARY) or (has_role(user, Role.AUTHOR) and paper.created_by_id == user.pk)


def can_edit_paper(user, paper: Paper) -> bool:
    return paper.status == S.DRAFT and _owns_or_runs(user, paper)


def can_submit_paper(user, paper: Paper) -> bool:
    return paper.status == S.DRAFT and _owns_or_runs(user, paper)


def can_review_paper(user, paper: Paper) -> bool:
    """Clear or return: a reviewer, and never the paper's own author."""
    return paper.status == S.SUBMITTED and has_role(user, Role.REVIEWER) and paper.created_by_id != user.pk


can_clear_paper = can_review_paper
can_return_paper = can_review_paper


def can_publish_paper(user, paper: Paper) -> bool:
    return paper.status == S.CLEARED and has_role(user, Role.SECRETARY)


def can_withdraw_paper(user, paper: Paper) -> bool:
    return paper.status in (S.DRAFT, S.SUBMITTED, S.CLEARED, S.PUBLISHED) and has_role(user, Role.SECRETARY)


def can_revise_paper(user, paper: Paper) -> bool:
    return (
        paper.status == S.PUBLISHED
        and has_role(user, Role.AUTHOR, Role.SECRETARY)
        and not Paper.objects.filter(supersedes=paper).exists()
    )


def can_comment_on_paper(user, paper: Paper) -> bool:
    return is_office_staff(user)


def can_see_paper_history(user, paper: Paper) -> bool:
    return is_office_staff(user)


def visible_paper_events(user, paper: Paper) -> QuerySet[PaperEvent]:
    """The officers' review thread (steps, reviewers' comments) is for office staff only."""
    events = paper.events.select_related("actor")
    return events if is_office_staff(user) else events.none()


def paper_actions(user, paper: Paper) -> dict[str, bool]:
    """Everything the paper page may offer `user`, asked once."""
    return {
        "edit": can_edit_paper(user, paper),
        "submit": can_submit_paper(user, paper),
        "review": can_review_paper(user, paper),
        "publish": can_publish_paper(user, paper),
        "withdraw": can_withdraw_paper(user, paper),
        "revise": can_revise_paper(user, paper),
        "comment": can_comment_on_paper(user, paper),
        "history": can_see_paper_history(user, paper),
    }


# Meetings, packs, positions and decisions


def can_manage_meetings(user) -> bool:
    return has_role(user, Role.SECRETARY)


def position_holders(board: Board, on=None) -> QuerySet[Membership]:
    """The memberships through which people may record positions on `board`'s recommendations on the day `on`
    (today by default): the chair and members then in office, signing in with a board member's or chair's role.

    Advisers in attendance, and officers who sit on the board without a member's login, record none; the tally
    counts exactly these people (`boards.tally`), so it never waits for someone who cannot respond.
    """
    return (
        Membership.objects.current(on)
        .voting()
        .filter(
            board=board,
            person__user__is_active=True,
            person__user__groups__name__in=[Role.MEMBER.label, Role.CHAIR.label],
        )
    )


def member_person(user, board: Board, on=None):
    """The person through whom `user` may record positions on `board` on the day `on` (today), if any."""
    if not has_role(user, Role.MEMBER, Role.CHAIR):
        return None
    membership = position_holders(board, on).filter(person__user=user).select_related("person").first()
    return membership.person if membership else None


def is_chair_of(user, board: Board) -> bool:
    return (
        has_role(user, Role.CHAIR)
        and Membership.objects.current().filter(board=board, person__user=user, role=Membership.Role.CHAIR).exists()
    )


def chaired(user, meeting: Meeting | None) -> bool:
    """Whether `user` is the person recorded as chairing `meeting`, signed in with their own login.

    A vice-chair who chaired may hold only the Board member role.
    """
    return (
        meeting is not None
        and meeting.chaired_by_id is not None
        and has_role(user, Role.MEMBER, Role.CHAIR)
        and meeting.chaired_by.user_id == user.pk
    )


def can_record_chair(user, meeting: Meeting) -> bool:
    return can_manage_meetings(user) and not meeting.is_cancelled


def can_view_meeting(user, meeting: Meeting) -> bool:
    """The workspace page of a meeting, with the confidential pack."""
    return is_office_staff(user) or member_boards(user).filter(pk=meeting.board_id).exists()


def _starts(meeting: Meeting) -> str:
    return date_filter(timezone.localtime(meeting.starts_at), "j F Y \\a\\t H:i")


def held_problem(meeting: Meeting) -> str:
    """Why `meeting` cannot be marked as held yet, or "" if it can: a meeting is held once it has begun."""
    if not meeting.has_started:
        return f"The meeting starts on {_starts(meeting)}; it can be marked as held once it has started."
    return ""


def can_view_pack(user, build: PackBuild) -> bool:
    if build.status != PackBuild.Status.READY:
        return can_manage_meetings(user)
    return build.is_public or can_view_meeting(user, build.meeting)


def can_record_position(user, recommendation: Recommendation) -> bool:
    """A member, before the decision; for a decision in writing, until its closing date."""
    paper = recommendation.paper
    if paper.imported_at is not None:  # an archive record: its board decided long ago
        return False
    if paper.status not in (S.CLEARED, S.PUBLISHED) or member_person(user, paper.board) is None:
        return False
    if Decision.objects.filter(recommendation=recommendation).exists():
        return False
    if not paper.agenda_item_id:
        procedure = latest_procedure(paper)
        return procedure is not None and procedure.is_open
    return True


def can_see_positions(user, paper: Paper) -> bool:
    return can_manage_meetings(user) or is_chair_of(user, paper.board) or chaired(user, paper.meeting)


def can_record_decision(user, paper: Paper) -> bool:
    """Whether `user` is the one who records decisions on `paper`; `decision_problem` says whether it is time."""
    return can_manage_meetings(user) and paper.status in (S.CLEARED, S.PUBLISHED)


def is_confirmer(user, decision: Decision) -> bool:
    """Who confirms a decision: the person who chaired its meeting; in writing, the board's current chair."""
    if decision.meeting_id:
        return chaired(user, decision.meeting)
    return is_chair_of(user, decision.recommendation.paper.board)


def decisions_to_confirm(user) -> QuerySet[Decision]:
    """The chair's queue: unconfirmed decisions of the meetings `user` chaired,
    and decisions in writing of the boards they chair now; only on papers they may open (a chair whose
    membership has ended is shown none, not even their titles)."""
    if not has_role(user, Role.MEMBER, Role.CHAIR):
        return Decision.objects.none()
    at_meetings = Q(meeting__chaired_by__user=user)
    in_writing = Q(meeting__isnull=True)
    if has_role(user, Role.CHAIR):
        chaired_boards = Membership.objects.current().filter(person__user=user, role=Membership.Role.CHAIR)
        in_writing &= Q(recommendation__paper__board__in=chaired_boards.values("board"))
    else:
        in_writing = Q(pk__in=[])
    unconfirmed = Decision.objects.filter(confirmed_at__isnull=True, recommendation__paper__in=visible_papers(user))
    return unconfirmed.filter(at_meetings | in_writing)


def latest_procedure(paper: Paper) -> WrittenProcedure | None:
    """The paper's latest circulation for decision in writing, open or closed."""
    return paper.written_procedures.order_by("-circulated_at").first()


def decision_forum(paper: Paper) -> tuple[Meeting | None, WrittenProcedure | None]:
    """The meeting or the latest written procedure at which the board decides on `paper`."""
    if paper.agenda_item_id and not paper.agenda_item.meeting.is_cancelled:
        return paper.agenda_item.meeting, None
    procedure = latest_procedure(paper)
    if procedure is not None:
        return None, procedure
    return None, None


def decision_timing_problem(meeting: Meeting | None, procedure: WrittenProcedure | None) -> str:
    """Why the board's decision cannot be recorded or confirmed yet, or "" if its time has come.

    A decision at a meeting is taken once the meeting has begun; a decision in
    writing once the members have had the whole closing date for their positions.
    """
    if meeting is not None and not meeting.has_started:
        return (
            f"The board decides at its meeting on {_starts(meeting)}: "
            "the decision can be recorded and confirmed once the meeting has started."
        )
    if procedure is not None and not procedure.has_closed:
        return (
            f"Members may record their positions until the end of {procedure.closes_on:%-d %B %Y}: "
            "the decision in writing can be recorded and confirmed from the day after."
        )
    return ""


def decision_problem(user, paper: Paper) -> str:
    """Why `user` may not record the board's decision on `paper` now, or "" if they may."""
    if not can_record_decision(user, paper):
        return "Only the board secretary records the board's decisions, on a cleared or published paper."
    meeting, procedure = decision_forum(paper)
    if meeting is None and procedure is None:
        return "The paper is on no meeting's agenda and has not been circulated for a decision in writing."
    return decision_timing_problem(meeting, procedure)


NO_LOGIN, DEACTIVATED, NO_ROLE, FORMER_MEMBER = "no login", "deactivated", "no role", "former member"


def chair_login_gap(person, board_id: int) -> str:
    """What keeps `person`, recorded as chairing a meeting of the board, from acting on it (confirming its
    decisions, signing its minutes) with their own login now: `NO_LOGIN`, `DEACTIVATED`, `NO_ROLE` (neither the
    Board member nor the Chair role), `FORMER_MEMBER` (their login no longer opens the board's papers and
    minutes: a membership gives access only between its dates), or "" for nothing."""
    login = person.user
    if login is None:
        return NO_LOGIN
    if not login.is_active:
        return DEACTIVATED
    if not has_role(login, Role.MEMBER, Role.CHAIR):
        return NO_ROLE
    if not (is_office_staff(login) or member_boards(login).filter(pk=board_id).exists()):
        return FORMER_MEMBER
    return ""


def unconfirmable(decision: Decision) -> str:
    """Why nobody could confirm `decision` with their own login now, or "": said when the secretary records it,
    since a decision nobody can confirm never reaches the public record.

    At a meeting: whoever is recorded as chairing it, with a login that is active, holds the Board member or
    Chair role and still opens the board's papers (a current membership). In writing: the board's current
    chair, with a login holding the Chair role."""
    board = decision.recommendation.paper.board
    if decision.meeting_id is None:
        chairs = Membership.objects.current().filter(
            board=board,
            role=Membership.Role.CHAIR,
            person__user__is_active=True,
            person__user__groups__name=Role.CHAIR.label,
        )
        if chairs.exists():
            return ""
        return (
            f"the {board} has no current chair with a login holding the Chair role, who confirms decisions in "
            "writing: an administrator records the chair's membership or gives their login the role (in /admin/)."
        )
    chair = decision.meeting.chaired_by
    if chair is None:
        return "nobody is recorded as chairing the meeting: record who chaired on the meeting's page."
    gap = chair_login_gap(chair, board.pk)
    if gap == DEACTIVATED:
        return (
            f"{chair} chaired the meeting and confirms its decisions with their own login, but it is deactivated: "
            "an administrator activates it again (in /admin/), or, if someone else chaired, record who on the "
            "meeting's page."
        )
    if gap in (NO_LOGIN, NO_ROLE):
        return (
            f"{chair} chaired the meeting and confirms its decisions with their own login, but has no login "
            "with the Board member or Chair role: an administrator gives them one (in /admin/), or, if someone "
            "else chaired, record who on the meeting's page."
        )
    if gap == FORMER_MEMBER:
        return (
            f"{chair} chaired the meeting but is no longer a member of the {board}, and only its current members "
            "confirm its decisions: an administrator records a current membership for them (in /admin/), or, if "
            "someone else chaired, record who on the meeting's page."
        )
    return ""


def _confirmer_refusal(decision: Decision) -> str:
    if decision.meeting_id is None:
        return f"Only the chair of the {decision.recommendation.paper.board} confirms its decisions in writing."
    chair = decision.meeting.chaired_by
    if chair is None:
        return (
            "Only the chair of the meeting confirms its decisions, and nobody is recorded as chairing it: "
            "the secretary records who chaired on the meeting's page."
        )
    return f"Only the chair of the meeting, {chair}, confirms the decisions taken at it, with their own login."


def confirm_problem(user, decision: Decision) -> str:
    """Why `user` may not confirm `decision` now, or "" if they may."""
    if not is_confirmer(user, decision):
        return _confirmer_refusal(decision)
    if not visible_papers(user).filter(pk=decision.recommendation.paper_id).exists():
        return f"Only current members of the {decision.recommendation.paper.board} confirm its decisions."
    if decision.is_confirmed:
        return "The decision is already confirmed."
    return decision_timing_problem(decision.meeting, decision.written_procedure)


def can_confirm_decision(user, decision: Decision) -> bool:
    return not confirm_problem(user, decision)


def can_circulate_paper(user, paper: Paper) -> bool:
    """Whether `user` may circulate `paper` for a decision in writing: see `circulation_problem` for whether it
    may be circulated now."""
    return can_manage_meetings(user) and paper.status in (S.CLEARED, S.PUBLISHED)


def circulation_problem(paper: Paper) -> str:
    """Why `paper` cannot be circulated for a decision in writing now, or "" if it can: the board decides on a
    paper on a meeting's agenda at the meeting (`decision_forum`), one circulated already until its closing date,
    and a paper whose every recommendation has a decision recorded (the chair confirms it, or the secretary
    records it again until then) needs no other."""
    meeting, procedure = decision_forum(paper)
    if meeting is not None:
        return f"The paper is on the agenda of the meeting on {_starts(meeting)}: the board decides on it there."
    if procedure is not None and procedure.is_open:
        return f"The paper is circulated for decision in writing already, until {procedure.closes_on:%-d %B %Y}."
    if not paper.recommendations.filter(decision__isnull=True).exists():
        return "The board's decision on every recommendation of the paper is recorded."
    return ""
