"""Minutes as a document: numbered items and paragraphs built from their records.

The page, the PDF and the public version all read this one structure. The
public version keeps an exempt item's title and category and nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter

from django.db.models import BooleanField, ExpressionWrapper, Value
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from boards.models import AgendaItem, Decision, Paper
from boards.models.decisions import DecisionQuerySet
from pcp_portal.body import Block, one_line
from pcp_portal.text import Paragraph, blocks, joined, number_blocks, written
from transparency.models import InterestRegister

from .models import Action, Attendance, Declaration, MinuteItem, Minutes, MinutesInitials, post_of

Standard = AgendaItem.Standard

FOR_INFORMATION = "This item was for information."


@dataclass
class Attendee:
    """One line of the attendance list: the post as it was once signed, and who chaired."""

    attendance: Attendance
    post: str
    is_chair: bool = False

    @property
    def person(self):
        return self.attendance.person


@dataclass
class MinutedItem:
    number: str
    title: str
    item: MinuteItem
    exempt_note: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    #: Numbers of the paragraphs the secretary wrote (the item's text and its actions), which the checks read.
    written: list[str] = field(default_factory=list)
    #: The id of the item's heading, and the heading: the number and title. Imported minutes print the number
    #: they were published with, which may repeat or be missing, so their ids count the items instead.
    anchor: str = ""
    heading: str = ""


@dataclass
class MinutesDocument:
    minutes: Minutes
    confidential: bool
    members: list[Attendee]
    in_attendance: list[Attendee]
    apologies: list[Attendee]
    absent: list[Attendee]
    items: list[MinutedItem]
    action_log: list[Action]
    initials: list[tuple[str, str]]
    #: The start and signature of each of the minutes this meeting approved.
    approved_here: list[tuple]
    chair: object = None
    #: What the builder read, for the checks to use rather than read again: the attendance records, the
    #: declarations (with the register entries they name), the people the key to initials lists (today's,
    #: whatever the minutes printed) and the longer initials.
    attendance: list[Attendance] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    people: set = field(default_factory=set)
    longer: dict[int, str] = field(default_factory=dict)

    @property
    def is_draft(self) -> bool:
        return self.minutes.is_draft_for_members


#: What a line of the action log reads of an action (`_log_line`), and the key to initials of its owner.
LOGGED = (
    "reference",
    "text",
    "due_on",
    "status",
    "note",
    *(f"owner__{column}" for column in ("initials", "name", "post_title")),
)


def _action_log(actions, meeting) -> list[Action]:
    """Of `actions` (the version's: `Action.objects.circulated()` or `.public()`), the log `meeting` considered."""
    return list(actions.log_for(meeting).select_related("owner").only(*LOGGED).order_by("reference"))


def _log_line(action: Action) -> str:
    line = f"{action.reference} {action.text} ({action.owner.initials}, due {_fmt(action.due_on)})"
    line += f": {action.get_status_display()}{' (overdue)' if action.is_overdue else ''}"
    return line + (f" – {action.note}" if action.note else "")


def written_list(lead: str, lines: list[str]) -> Block:
    """A sentence the portal writes, with a list under it (the action log)."""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return Block(
        lead=one_line(escape(lead)),
        rest=mark_safe(f'<ul class="para-cont">{items}</ul>'),  # noqa: S308 - every item escaped
        text="\n".join([lead, *(f"- {line}" for line in lines)]),
    )


def public_register_urls(person_ids: set[int]) -> dict[int, str]:
    """Person id -> the address of their public register of interests, for those who have one."""
    registers = InterestRegister.objects.public().filter(person_id__in=person_ids)
    return {register.person_id: register.get_absolute_url() for register in registers}


def _declared(sentence: str, register_url: str | None, name: str) -> Block:
    """A declaration, with a link to the declarant's public register of interests where one exists."""
    if register_url is None:
        return written(sentence)
    link = format_html(' <a href="{}">Register of interests of {}</a>', register_url, name)
    return Block(lead=one_line(escape(sentence) + link), rest=mark_safe(""), text=sentence)


def _printed_heading(number: str, title: str) -> str:
    """An imported item's heading: its printed number, with a full stop unless the number has one, and title."""
    if not number:
        return title
    return f"{number}{'' if '.' in number else '.'} {title}"


def _fmt(day) -> str:
    return f"{day:%-d %B %Y}"


@dataclass(frozen=True)
class Reading:
    """How the document reads one kind of the minutes' rows: what every version reads with them, what only the
    checks read besides (on the confidential version), and their order where it is not the model's."""

    related: tuple[str, ...]
    for_checks: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    #: The columns the document reads of these rows and those `related` names, when it is built without the
    #: checks (the public version, the key to initials): each read column is one Django builds for every query.
    shown: tuple[str, ...] = ()


#: A person as the minutes name them: in the lists, the key to initials and the sentences.
PERSON = ("name", "initials", "post_title", "organisation")


#: Each kind of row of the minutes, by its name on `Minutes`. The editor's formsets read their rows so too
#: (`rows_read`) and hand them to the document its checks build (`build_minutes(..., lent=)`).
READINGS = {
    # By name, not the model's state first: the document groups them by state itself, and the editor's rows
    # stay where they are when a state is changed.
    "attendance": Reading(
        related=("person",),
        order=("person__name", "pk"),
        shown=("minutes", "state", "post", *(f"person__{column}" for column in PERSON)),
    ),
    "items": Reading(
        related=("agenda_item", "introduced_by"),
        shown=(
            *("minutes", "position", "title", "standard", "part", "exemption_category", "body", "for_information"),
            "agenda_item__part",
            "agenda_item__exemption_category",
            *(f"introduced_by__{column}" for column in PERSON),
        ),
    ),
    "declarations": Reading(
        related=("person", "item"),
        for_checks=("item__agenda_item", "interest__register"),
        shown=("minutes", "nature", "item__position", "item__title", *(f"person__{column}" for column in PERSON)),
    ),
    "actions": Reading(
        related=("owner",),
        for_checks=("minute_item",),
        order=("reference",),
        shown=("raised_at", "minute_item", "reference", "text", "due_on", *(f"owner__{column}" for column in PERSON)),
    ),
}


def rows_read(name: str, queryset=None, *, checked: bool = True):
    """The rows of the kind `name` names on `Minutes` ("attendance", "items" ...), all of them or `queryset`'s
    (the visibility layer's), in the document's order, with what the document reads with them and, where
    `checked`, what the checks read too."""
    reading = READINGS[name]
    rows = Minutes._meta.get_field(name).related_model.objects.all() if queryset is None else queryset
    if checked:
        rows = rows.select_related(*reading.related, *reading.for_checks)
    else:
        rows = rows.select_related(*reading.related).only(*reading.shown)
    return rows.order_by(*reading.order) if reading.order else rows


def _read(minutes: Minutes, name: str, queryset=None, *, checked: bool, lent=None) -> list:
    """`minutes`' rows called `name`: those `lent` holds under that name, else `queryset`'s, else all of them."""
    if lent is not None and name in lent:
        return list(lent[name])
    foreign_key = Minutes._meta.get_field(name).field.name
    return list(rows_read(name, queryset, checked=checked).filter(**{foreign_key: minutes}))


def _people_named(attendance, items, declarations, raised, log, *, confidential: bool = True) -> set:
    """The people the rows name, the owners of the action log's actions among them. The public version's
    declarations and actions are its own already; of its items, only those it prints in full name their
    presenter (an exempt item shows its title alone)."""
    people = {a.person for a in attendance if a.is_present}
    people |= {d.person for d in declarations} | {a.owner for a in raised} | {a.owner for a in log}
    people |= {i.introduced_by for i in items if i.introduced_by and (confidential or not i.is_exempt)}
    return people


def longer_initials(minutes: Minutes) -> dict[int, str]:
    """Person id -> the longer form of their initials these minutes use (see `MinutesInitials`)."""
    rows = MinutesInitials.objects.filter(minutes_id=minutes.pk).order_by().values_list("person_id", "initials")
    return dict(rows)


def _live_initials(people, longer: dict[int, str]) -> list[tuple[str, str, int]]:
    """(initials, name and post, person id) of each of `people`, as they are today."""
    return sorted(
        (longer.get(p.pk, p.initials), ", ".join(part for part in (p.name, p.post_title) if part), p.pk) for p in people
    )


def _key_for(stored: list, people: set, longer: dict[int, str]) -> list[tuple[str, str]]:
    """The key to initials signing kept, as a version naming only `people` prints it. Minutes signed since
    the key kept each person's id are matched by it; those signed before, by the initials the people named
    use today (a person whose initials changed since drops out of the key rather than anyone else staying)."""
    ids = {p.pk for p in people}
    initials = {longer.get(p.pk, p.initials) for p in people}
    return [(entry[0], entry[1]) for entry in stored if (entry[2] in ids if len(entry) > 2 else entry[0] in initials)]


def people_named(minutes: Minutes) -> set:
    """Everyone the confidential version's key to initials lists: present attendees, declarants, presenters,
    the owners of the actions raised and of those in the action log."""
    kinds = ("attendance", "items", "declarations", "actions")
    log = _action_log(Action.objects.circulated(), minutes.meeting)
    return _people_named(*(_read(minutes, name, checked=False) for name in kinds), log)


def initials_key(minutes: Minutes) -> list[tuple[str, str, int]]:
    """The key to initials of the confidential version from the people as they are today, with each person's
    id: signing keeps it, and the public version prints the part of it that names its own people."""
    return _live_initials(people_named(minutes), longer_initials(minutes))


def _attendee(attendance: Attendance, *, frozen: bool, chair_id) -> Attendee:
    return Attendee(
        attendance=attendance,
        post=attendance.post if frozen else post_of(attendance.person),
        is_chair=attendance.person_id == chair_id,
    )


#: What the minutes read of each decision recorded at the meeting, and whether this version carries it: plain
#: values from three joined tables, read for these columns only (a paper alone has 26, and Django builds each
#: column of a query and each object anew for every request).
RECORDED_DECISION = (
    "recommendation__paper__agenda_item",
    "recommendation__paper__marking",
    "recommendation__position",
    "outcome",
    "recommendation__text",
    "amended_text",
    "confirmed_at",
    "readable",
)


def build_minutes(minutes: Minutes, *, confidential: bool, lent: dict | None = None) -> MinutesDocument:
    """The minutes as members and staff read them (`confidential`), or as the public does.

    `lent`: rows the caller has read already with `rows_read` (an editor's formsets), by kind, which the
    confidential version uses rather than read them again. The public version reads only what the
    visibility layer gives it, so it takes none.

    What each version may carry comes from the querysets of the visibility
    layer (`Action.objects.public_parts()`, `Decision.objects.public()` ...);
    this builder never decides it on its own. Whether anyone outside the office
    may read the public version is decided by the minutes' own visibility.
    """
    if lent and not confidential:
        raise ValueError("The public version of the minutes reads its rows through the visibility layer only.")
    meeting = minutes.meeting
    # Imported minutes say what was printed, signed or not: the posts and initials of the time, never today's.
    frozen = minutes.is_frozen or minutes.imported_at is not None
    if confidential:
        actions, log, readable, declared = None, Action.objects.circulated(), Value(True), None
    else:
        # These minutes' own rows as their public version carries them, whatever their state (the public PDF is
        # rendered when the chair signs, before the minutes are published); the action log, other minutes'
        # rows, only as the public reads them now.
        actions, log, readable, declared = (
            Action.objects.public_parts(),
            Action.objects.public(),
            ExpressionWrapper(DecisionQuerySet.public_rule(), output_field=BooleanField()),
            Declaration.objects.public_parts(),
        )
    longer = longer_initials(minutes)
    attendance = _read(minutes, "attendance", checked=confidential, lent=lent)
    lines = [_attendee(a, frozen=frozen, chair_id=meeting.chaired_by_id) for a in attendance]
    by_state = {state: [line for line in lines if line.attendance.state == state] for state in Attendance.State.values}
    items = _read(minutes, "items", checked=confidential, lent=lent)
    declarations = _read(minutes, "declarations", declared, checked=confidential, lent=lent)
    raised = _read(minutes, "actions", actions, checked=confidential, lent=lent)
    action_log = _action_log(log, meeting)
    # The minutes approved here, named by their meeting's date, and whether they were signed.
    approved_here = list(Minutes.objects.filter(approved_at=meeting).values_list("meeting__starts_at", "signed_at"))
    # Every decision recorded at the meeting, each marked with whether this version may carry it: one query,
    # and the visibility layer's rule (`Decision.objects.public()`'s) still decides.
    recorded = Decision.objects.filter(meeting=meeting).annotate(readable=readable).values_list(*RECORDED_DECISION)
    # Agenda item -> (recommendation number, sentence) of each decision this version carries.
    decisions: dict[int, list[tuple[int, str]]] = {}
    withheld: dict[int, str] = {}
    for agenda_item_id, marking, position, outcome, text, amended, confirmed_at, shown in recorded:
        if not agenda_item_id:
            continue
        if shown:
            pending = "" if confirmed_at else " (awaiting the Chair's confirmation)"
            sentence = Decision.wording_of(outcome, text, amended) + pending
            decisions.setdefault(agenda_item_id, []).append((position, sentence))
        elif marking == Paper.Marking.OFFICIAL_SENSITIVE:
            withheld[agenda_item_id] = (
                "The Board's decisions on this OFFICIAL-SENSITIVE paper are recorded in the confidential minutes."
            )
        else:
            withheld.setdefault(agenda_item_id, "The Board's decision awaits the Chair's confirmation.")

    # Imported minutes keep the numbers they were published with; the portal numbers its own minutes.
    printed = minutes.printed_numbers if minutes.imported_at else None
    minuted = []
    for counter, item in enumerate(items, start=1):
        number = str(item.position)
        labels = None
        if printed is None:
            anchor, heading = f"minute-{number}", f"{number}. {item.title}"
        else:
            entry_printed = printed.get(str(item.position), {})
            number = str(entry_printed.get("number", ""))
            labels = list(entry_printed.get("paragraphs", []))
            anchor, heading = f"minute-{counter}", _printed_heading(number, item.title)
        entry = MinutedItem(number=number, title=item.title, item=item, anchor=anchor, heading=heading)
        if item.is_exempt and not confidential:
            category = item.exemption
            entry.exempt_note = (
                f"This item was considered in private: exempt information{', ' if category else ''}{category}."
            )
            minuted.append(entry)
            continue
        texts: list[Block] = []
        if item.standard == Standard.APOLOGIES:
            names = [a.person.name for a in by_state[Attendance.State.APOLOGIES]]
            texts.append(
                written(f"Apologies were received from {joined(names)}." if names else "There were no apologies.")
            )
        if item.standard == Standard.DECLARATIONS:
            if declarations:
                registers = public_register_urls({d.person_id for d in declarations})
                for d in declarations:
                    initials = longer.get(d.person_id, d.person.initials)
                    texts.append(
                        _declared(
                            f"{initials} declared an interest in item {d.item.position} "
                            f"({d.item.title}): {d.nature.strip().rstrip('.')}.",
                            registers.get(d.person_id),
                            d.person.name,
                        )
                    )
            else:
                texts.append(written("There were no declarations of interest."))
        if item.standard == Standard.MINUTES:
            days = [timezone.localdate(starts_at) for starts_at, _ in approved_here]
            for (starts_at, signed_at), day in zip(approved_here, days, strict=True):
                signed = "; they were signed by the Chair" if signed_at else ""
                # Two meetings of one day are told apart by their time.
                held = _fmt(day) + (f" at {timezone.localtime(starts_at):%H:%M}" if days.count(day) > 1 else "")
                texts.append(
                    written(
                        f"The Board approved the minutes of the meeting held on {held} as a correct record{signed}."
                    )
                )
            if action_log:
                texts.append(written_list("The Board considered the action log:", [_log_line(a) for a in action_log]))
        authored_from = len(texts)
        texts.extend(blocks(item.body))
        entry.written = [f"{number}.{index}" for index in range(authored_from + 1, len(texts) + 1)]
        if item.for_information:
            texts.append(written(FOR_INFORMATION))
        if item.agenda_item_id:
            for _position, sentence in sorted(decisions.get(item.agenda_item_id, []), key=itemgetter(0)):
                texts.append(written(sentence))
            if item.agenda_item_id in withheld:
                texts.append(written(withheld[item.agenda_item_id]))
        entry.actions = [a for a in raised if a.minute_item_id == item.pk]
        for action in entry.actions:
            entry.written.append(f"{number}.{len(texts) + 1}")
            texts.append(
                written(
                    f"Action {action.reference}: {action.text.strip().rstrip('.')} "
                    f"({longer.get(action.owner_id, action.owner.initials)}, by {_fmt(action.due_on)})."
                )
            )
        if item.standard == Standard.NEXT_MEETING and minutes.next_meeting.strip():
            texts.extend(blocks(minutes.next_meeting))
        entry.paragraphs = number_blocks(number, texts, printed=labels)
        minuted.append(entry)

    people = _people_named(attendance, items, declarations, raised, action_log, confidential=confidential)
    if frozen and minutes.initials_key and (confidential or minutes.imported_at is not None):
        # As signing kept it, or as the office printed and published it.
        initials = [(entry[0], entry[1]) for entry in minutes.initials_key]
    elif frozen and minutes.initials_key:
        initials = _key_for(minutes.initials_key, people, longer)
    else:
        initials = [(entry[0], entry[1]) for entry in _live_initials(people, longer)]
    return MinutesDocument(
        minutes=minutes,
        confidential=confidential,
        members=by_state[Attendance.State.MEMBER],
        in_attendance=by_state[Attendance.State.IN_ATTENDANCE],
        apologies=by_state[Attendance.State.APOLOGIES],
        absent=by_state[Attendance.State.ABSENT],
        items=minuted,
        action_log=action_log,
        initials=initials,
        approved_here=approved_here,
        chair=meeting.chaired_by,
        attendance=attendance,
        declarations=declarations,
        people=people,
        longer=longer,
    )


def signed_on(minutes: Minutes) -> str:
    return _fmt(timezone.localtime(minutes.signed_at)) if minutes.signed_at else ""
