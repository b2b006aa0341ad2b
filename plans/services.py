"""Changes to the plan's delivery record, each guarded and attributed."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from pcp_portal.pdf import render_pdf
from pcp_portal.versions import EditConflict, claim_version

from . import permissions, search
from .models import RAG, Assessment, Plan, PriorityAction, ReportingPeriod, Theme, Variation, VariationChange
from .reports import actions_in_force, delivery_report, period_figures


class DeliveryError(Exception):
    """Refused; the message says why, for the user."""


def _quarters(plan: Plan):
    """Financial-year quarters (April to March) covering the plan's period."""
    year = plan.period_start.year if plan.period_start.month >= 4 else plan.period_start.year - 1
    starts = [(4, 6, 30), (7, 9, 30), (10, 12, 31), (1, 3, 31)]
    while True:
        for number, (month, end_month, end_day) in enumerate(starts, start=1):
            calendar_year = year if month >= 4 else year + 1
            start = date(calendar_year, month, 1)
            end = date(calendar_year, end_month, end_day)
            if start > plan.period_end:
                return
            if end >= plan.period_start:
                yield f"Q{number} {year}/{str(year + 1)[-2:]}", start, end
        year += 1


@transaction.atomic
def create_quarters(*, plan: Plan, user) -> list[ReportingPeriod]:
    if not permissions.can_manage_plan(user):
        raise DeliveryError("Only the board secretary sets the reporting periods.")
    created = []
    for label, start, end in _quarters(plan):
        period, made = ReportingPeriod.objects.get_or_create(
            plan=plan, starts_on=start, defaults={"label": label, "ends_on": end}
        )
        if made:
            created.append(period)
    return created


STATUS_WORDS = {**{value: value for value, _ in RAG.choices}, **{label.lower(): value for value, label in RAG.choices}}
STATUS_WORDS.update({"red": "R", "amber": "A", "green": "G", "blue": "B", "complete": "B"})


class GridConflict(DeliveryError):
    """Rows of the grid were saved by someone else after this copy of it was opened."""

    def __init__(self, assessments: list[Assessment]):
        self.assessments = assessments
        names = sorted({saved_by(a) for a in assessments})
        codes = ", ".join(a.action.code for a in assessments)
        super().__init__(
            f"Not saved: {' and '.join(names)} saved {codes} while you were editing. Everything you typed is "
            "still below; open the grid in a new tab to see their entries, then copy yours across and save again."
        )


def saved_by(assessment: Assessment) -> str:
    user = assessment.entered_by
    return user.get_full_name() or user.get_username()


@transaction.atomic
def save_assessments(*, period: ReportingPeriod, user, entries: list[dict]) -> int:
    """Save a period's grid: one entry per action with a status; blank ones are skipped.

    An entry from the grid carries the `version` of the row it was typed over (0 for a row not yet
    assessed): a row someone saved since is refused, with everything else, rather than overwritten.
    Rows left as they are stay as they are, so two people can fill in different rows at once. A CSV
    import carries no versions: it is the whole period's record, replaced on purpose.
    """
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.is_closed:
        raise DeliveryError(f"{period} is closed: its delivery report has been published, so it cannot change.")
    if not permissions.can_enter_assessments(user, period):
        raise DeliveryError("Only office staff who draft papers enter assessments.")
    current = {
        a.action_id: a
        for a in period.assessments.select_related("entered_by", "action").filter(
            action__in=[entry["action"] for entry in entries]
        )
    }
    saved, conflicts = 0, []
    for entry in entries:
        if not entry.get("status"):
            continue
        values = {
            "status": entry["status"],
            "commentary": entry.get("commentary", "").strip(),
            "assessed_by": entry.get("assessed_by", "").strip(),
        }
        assessment = current.get(entry["action"].pk)
        if "version" in entry:
            if assessment is not None and all(getattr(assessment, k) == v for k, v in values.items()):
                continue
            # A row that has gone since (removed in the admin) has nothing to overwrite: it is written afresh.
            if assessment is not None:
                try:
                    claim_version(assessment, entry["version"] or 0)
                except EditConflict:
                    conflicts.append(assessment)
                    continue
        if assessment is None:
            assessment = Assessment(period=period, action=entry["action"])
        elif "version" not in entry:
            assessment.version += 1  # an import changes the row too: a grid opened before it is out of date
        for name, value in values.items():
            setattr(assessment, name, value)
        assessment.assessed_on = timezone.localdate()
        assessment.entered_by = user
        assessment.save()
        saved += 1
    if conflicts:
        raise GridConflict(conflicts)
    return saved


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return f"Row {self.row}, column “{self.column}”: {self.message}"


CSV_COLUMNS = ["period", "code", "status", "commentary", "assessed_by"]


def parse_assessment_csv(period: ReportingPeriod, content: bytes) -> tuple[list[dict], list[RowError]]:
    """Check every row; return the entries and every error found, by row and column."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(1, "file", "The file is not UTF-8 text. Save it as CSV (UTF-8) and try again.")]
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("period", "code", "status") if c not in header]
    if missing:
        return [], [
            RowError(1, ", ".join(missing), "The header row must name the columns " + ", ".join(CSV_COLUMNS) + ".")
        ]
    reader.fieldnames = header
    actions = {a.code.upper(): a for a in actions_in_force(period.plan, period)}
    entries, errors, seen = [], [], {}
    for number, row in enumerate(reader, start=2):
        if None in row:
            errors.append(RowError(number, "file", "The row has more cells than the header."))
            continue
        row = {k: (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        if row["period"] != period.label:
            errors.append(
                RowError(number, "period", f"“{row['period']}” is not {period.label}, the period being entered.")
            )
        code = row["code"].upper()
        action = actions.get(code)
        if action is None:
            errors.append(RowError(number, "code", f"“{row['code']}” is not a priority action of {period.plan}."))
        elif code in seen:
            errors.append(RowError(number, "code", f"{code} appears twice (rows {seen[code]} and {number})."))
        else:
            seen[code] = number
        status = STATUS_WORDS.get(row["status"].lower()) or STATUS_WORDS.get(row["status"])
        if status is None:
            allowed = ", ".join(label for _, label in RAG.choices)
            errors.append(RowError(number, "status", f"“{row['status']}” is not a status of the legend ({allowed})."))
        entries.append(
            {
                "action": action,
                "status": status,
                "commentary": row.get("commentary", ""),
                "assessed_by": row.get("assessed_by", ""),
            }
        )
    if not entries and not errors:
        errors.append(RowError(2, "file", "The file has no rows."))
    return entries, errors


@transaction.atomic
def import_assessments(*, period: ReportingPeriod, user, content: bytes) -> tuple[int, list[RowError]]:
    """All or nothing: any error and no row is saved."""
    entries, errors = parse_assessment_csv(period, content)
    if errors:
        return 0, errors
    return save_assessments(period=period, user=user, entries=entries), []


def render_report_pdf(period: ReportingPeriod):
    report = delivery_report(period)
    return render_pdf(
        "pdf/delivery_report.html", {"report": report, "plan": period.plan, "legend": period.plan.legend()}
    )


@transaction.atomic
def publish_report(*, period: ReportingPeriod, user) -> ReportingPeriod:
    """Publish the delivery report: its PDF is rendered once and stored with the period's figures (what the
    dashboard, the home page and the theme pages show of it), and the period closes."""
    period = ReportingPeriod.objects.select_for_update().select_related("plan").get(pk=period.pk)
    if not permissions.can_publish_report(user, period):
        raise DeliveryError("Only the board secretary publishes the delivery report of an open period.")
    if not period.assessments.exists():
        raise DeliveryError(f"{period} has no assessments yet.")
    rendered = render_report_pdf(period)
    period.report_pdf.save(f"delivery-report-{period.slug}.pdf", ContentFile(rendered.content), save=False)
    period.report_sha256 = hashlib.sha256(rendered.content).hexdigest()
    period.figures = period_figures(period)
    period.report_published_at = timezone.now()
    period.save(update_fields=["report_pdf", "report_sha256", "report_published_at", "figures"])
    search.update_report(period)
    return period


@transaction.atomic
def record_variation(*, plan: Plan, user, made_on: date, summary: str, changes: list[dict]) -> Variation:
    """A variation of the plan in force: actions added, reworded or withdrawn, each change kept."""
    if not permissions.can_manage_plan(user):
        raise DeliveryError("Only the board secretary records variations of the plan.")
    if plan.status != Plan.Status.IN_FORCE:
        raise DeliveryError("Only a plan in force is varied.")
    if not summary.strip() or not changes:
        raise DeliveryError("A variation needs a summary and at least one change.")
    variation = Variation.objects.create(plan=plan, made_on=made_on, summary=summary.strip())
    for change in changes:
        kind, code = change["kind"], change["code"].strip().upper()
        action = PriorityAction.objects.filter(plan=plan, code=code).first()
        if kind == VariationChange.Kind.ADDED:
            if action is not None:
                raise DeliveryError(f"{code} already exists in the plan.")
            theme = change.get("theme") or Theme.objects.get(plan=plan, name__istartswith=code[0])
            action = PriorityAction.objects.create(plan=plan, theme=theme, code=code, text=change["text"].strip())
            VariationChange.objects.create(variation=variation, action=action, kind=kind, new_text=action.text)
            continue
        if action is None or action.withdrawn_on:
            raise DeliveryError(f"{code} is not a current priority action of the plan.")
        old = action.text
        if kind == VariationChange.Kind.REWORDED:
            action.text = change["text"].strip()
            action.save(update_fields=["text"])
        else:
            action.withdrawn_on = made_on
            action.save(update_fields=["withdrawn_on"])
        VariationChange.objects.create(
            variation=variation,
            action=action,
            kind=kind,
            old_text=old,
            new_text=action.text if kind == VariationChange.Kind.REWORDED else "",
        )
    return variation
