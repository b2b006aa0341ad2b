"""Forms of the meeting cycle: scheduling, the agenda, positions and decisions."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone

from plans.models import Plan, ReportingPeriod, Theme

from .chairing import eligible_chairs
from .forms import NoFormTagHelper
from .models import AgendaItem, Board, Decision, Meeting, Paper, Person, Position

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class WhenForm(forms.Form):
    """A date and a time, in the portal's time zone."""

    date = forms.DateField(widget=DATE)
    time = forms.TimeField(widget=TIME, initial="14:00")

    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


class MeetingForm(WhenForm):
    board = forms.ModelChoiceField(queryset=Board.objects.active())
    location = forms.CharField(max_length=200, required=False)
    theme_in_depth = forms.ModelChoiceField(
        queryset=Theme.objects.none(), required=False, label="Plan theme considered in depth"
    )
    field_order = ["board", "date", "time", "location", "theme_in_depth"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NoFormTagHelper()
        self.fields["theme_in_depth"].queryset = Theme.objects.filter(plan=Plan.objects.in_force().first())

    def clean(self):
        cleaned = super().clean()
        board = cleaned.get("board")
        if board and cleaned.get("date") and cleaned.get("time"):
            if Meeting.objects.filter(board=board, starts_at=self.starts_at()).exists():
                self.add_error("time", f"The {board} already meets at that date and time.")
        return cleaned


class MoveMeetingForm(WhenForm):
    location = forms.CharField(max_length=200, required=False)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="Shown on the public meeting page.")

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.helper = NoFormTagHelper()
        if not self.is_bound:
            local = timezone.localtime(meeting.starts_at)
            self.initial.update(date=local.date(), time=local.time(), location=meeting.location)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time"):
            clash = Meeting.objects.filter(board=self.meeting.board, starts_at=self.starts_at()).exclude(
                pk=self.meeting.pk
            )
            if clash.exists():
                self.add_error("time", f"The {self.meeting.board} already meets at that date and time.")
        return cleaned


class AgendaItemForm(forms.ModelForm):
    paper = forms.ModelChoiceField(queryset=Paper.objects.none(), required=False)

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "presenter",
            "paper",
            "delivery_report",
            "part",
            "exemption_category",
            "public_interest_reason",
            "late_reason",
        ]
        widgets = {
            "public_interest_reason": forms.Textarea(attrs={"rows": 2}),
            "late_reason": forms.Textarea(attrs={"rows": 2}),
            "part": forms.RadioSelect,
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.helper = NoFormTagHelper()
        self.fields["presenter"].queryset = Person.objects.all()
        self.fields["delivery_report"].queryset = ReportingPeriod.objects.published().select_related("plan")
        self.fields["delivery_report"].label_from_instance = lambda p: f"Delivery report {p.label} ({p.plan})"
        papers = Paper.objects.filter(board=meeting.board).exclude(
            status__in=[Paper.Status.WITHDRAWN, Paper.Status.SUPERSEDED]
        )
        current = None
        if self.instance.pk:
            current = self.instance.papers.exclude(status__in=[Paper.Status.WITHDRAWN, Paper.Status.SUPERSEDED]).first()
            self.initial.setdefault("paper", current)
        self.fields["paper"].queryset = papers.filter(agenda_item__isnull=True) | papers.filter(
            pk=getattr(current, "pk", None)
        )
        self.fields["paper"].label_from_instance = lambda p: (
            f"{p.title} ({p.get_status_display()}, {p.marking or 'no marking'})"
        )
        self.late = self.instance.is_late if self.instance.pk else meeting.deadline_passed
        if self.late:
            self.fields["late_reason"].required = True
            self.fields["late_reason"].help_text = (
                f"The publication deadline ({meeting.publication_deadline:%-d %B %Y}) has passed. "
                "Give the chair's reason for taking this item as urgent; the agenda shows it."
            )
        else:
            del self.fields["late_reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("part") == AgendaItem.Part.EXEMPT and not cleaned.get("exemption_category"):
            self.add_error("exemption_category", "An exempt item needs its category of exempt information.")
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "presenter": data.get("presenter"),
            "paper": data.get("paper"),
            "part": data["part"],
            "exemption_category": data.get("exemption_category", ""),
            "public_interest_reason": data.get("public_interest_reason", ""),
            "late_reason": data.get("late_reason", ""),
            "delivery_report": data.get("delivery_report"),
        }


class PositionForm(forms.Form):
    stance = forms.ChoiceField(choices=Position.Stance.choices, widget=forms.RadioSelect, label="Your position")
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices, label="The board's decision")
    amended_text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Amended wording (if amended)"
    )

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        decision = getattr(recommendation, "decision", None)
        # The decision recorded so far, or the one the recommendation's own verb asks for ("note": Noted).
        self.fields["outcome"].initial = decision.outcome if decision else Decision.outcome_for(recommendation)
        if decision:
            self.fields["amended_text"].initial = decision.amended_text

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == Decision.Outcome.AMENDED and not cleaned.get("amended_text", "").strip():
            self.add_error("amended_text", "Give the wording the board agreed.")
        return cleaned


class CirculateForm(forms.Form):
    closes_on = forms.DateField(widget=DATE, label="Closing date for positions")

    @property
    def first_closing_date(self):
        """The earliest closing date the form takes: tomorrow (the date picker offers none before it)."""
        return timezone.localdate() + timedelta(days=1)

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on <= timezone.localdate():
            raise forms.ValidationError("The closing date must be after today.")
        return closes_on


class ChairForm(forms.Form):
    """Who chaired the meeting, chosen from the board's chair and members on the day."""

    chaired_by = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Chaired by",
        help_text="The board's chair on the day, unless a vice-chair or another member took the chair.",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NoFormTagHelper()
        field = self.fields["chaired_by"]
        field.queryset = eligible_chairs(meeting)
        field.error_messages["invalid_choice"] = (
            f"Choose the chair or a member of the {meeting.board} on {meeting.date:%-d %B %Y}."
        )
        field.error_messages["required"] = "Choose who chaired the meeting."
        if not self.is_bound and meeting.chaired_by_id:
            self.initial["chaired_by"] = meeting.chaired_by_id
