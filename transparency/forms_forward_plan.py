"""The forward plan's forms: an entry, its publication and its withdrawal.

The rules themselves are the model's (`ForwardPlanEntry.clean`), so a form
shows each beside its field and keeps what was typed.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from boards.forms import NoFormTagHelper
from boards.models import Decision, Meeting, Person
from pcp_portal.roles import Role

from .models import FORWARD_PLAN_NOTICE_DAYS, DecisionNotice, ForwardPlanEntry, is_late_for

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntryForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ForwardPlanEntry
        fields = [
            "subject",
            "description",
            "decision_maker",
            "board",
            "meeting",
            "expected_on",
            "private",
            "private_reason",
            "contact_officer",
            "late_reason",
            "notice",
            "board_decision",
            "staff_note",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "private_reason": forms.Textarea(attrs={"rows": 2}),
            "late_reason": forms.Textarea(attrs={"rows": 2}),
            "staff_note": forms.Textarea(attrs={"rows": 2}),
            "expected_on": DATE,
        }
        labels = {
            "decision_maker": "Decision-maker (a person)",
            "board": "or the board that decides",
            "notice": "Decision notice that resolved it",
            "board_decision": "Board decision that resolved it",
        }
        help_texts = {
            "expected_on": "Leave blank when a meeting is chosen: the meeting's date is the expected date.",
            "private_reason": "Required when the decision is expected in private; shown to the public.",
            "late_reason": f"Required while the entry was published fewer than {FORWARD_PLAN_NOTICE_DAYS} days "
            "before the expected date; shown to the public with the Late flag.",
            "notice": "Once the notice is published, the entry leaves the plan and links to it.",
            "board_decision": "Once the decision is public, the entry leaves the plan and links to it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NoFormTagHelper()
        entry = self.instance
        if not self.is_bound:
            self.initial["expected_version"] = entry.version
        self.fields["expected_on"].required = False
        makers = Person.objects.filter(user__groups__name=Role.COMMISSIONER.label)
        if entry.decision_maker_id:
            makers = makers | Person.objects.filter(pk=entry.decision_maker_id)
        self.fields["decision_maker"].queryset = makers.distinct()
        self.fields["decision_maker"].label_from_instance = lambda p: f"{p.name}, {p.post_title}".rstrip(", ")
        self.fields["contact_officer"].label_from_instance = lambda p: f"{p.name}, {p.post_title}".rstrip(", ")
        meetings = Meeting.objects.upcoming() | Meeting.objects.filter(pk=entry.meeting_id)
        self.fields["meeting"].queryset = meetings.select_related("board").order_by("starts_at")
        if entry.published_at is None:
            del self.fields["late_reason"]  # asked at publication, when lateness is known
        if entry.pk is None:
            # Linked once the decision is on its way, to one of the same decision-maker or board.
            del self.fields["notice"]
            del self.fields["board_decision"]
        else:
            self._offer_links(entry)

    def _offer_links(self, entry: ForwardPlanEntry) -> None:
        """A person's entry is resolved by their decision notice; a board's by its decision."""
        if entry.board_id and not entry.notice_id:
            del self.fields["notice"]
        else:
            self.fields["notice"].queryset = DecisionNotice.objects.filter(
                Q(decision_maker_id=entry.decision_maker_id) | Q(pk=entry.notice_id)
            ).order_by("-reference_year", "-reference_number")
        if entry.decision_maker_id and not entry.board_decision_id:
            del self.fields["board_decision"]
        else:
            self.fields["board_decision"].queryset = Decision.objects.filter(
                Q(recommendation__paper__board_id=entry.board_id) | Q(pk=entry.board_decision_id)
            ).select_related("recommendation__paper", "meeting")
            self.fields["board_decision"].label_from_instance = lambda d: f"{d.recommendation.paper.title}: {d}"[:200]

    def clean(self):
        cleaned = super().clean()
        meeting = cleaned.get("meeting")
        untouched = cleaned.get("expected_on") == self.initial.get("expected_on")
        if meeting and untouched and meeting.pk != self.initial.get("meeting"):
            cleaned["expected_on"] = None  # a new meeting, and the date as it was: the new meeting's date
        if meeting and not cleaned.get("expected_on"):
            cleaned["expected_on"] = meeting.date
            self.instance.expected_on = meeting.date
        elif not meeting and not cleaned.get("expected_on") and "expected_on" not in self.errors:
            self.add_error("expected_on", "Give the expected date of the decision, or choose the meeting.")
        return cleaned

    def changes(self) -> dict:
        """The entry's fields as typed, for the services."""
        return {name: self.cleaned_data[name] for name in self.fields if name != "expected_version"}


class PublishForm(forms.Form):
    late_reason = forms.CharField(
        label="Reason for late entry",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Required when the decision is expected fewer than {FORWARD_PLAN_NOTICE_DAYS} days from today; "
        "shown to the public with the Late flag.",
    )

    def __init__(self, *args, entry: ForwardPlanEntry, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NoFormTagHelper()
        today = timezone.localdate()
        self.days = (entry.expected_on - today).days
        self.late = is_late_for(today, entry.expected_on)


class WithdrawForm(forms.Form):
    withdrawal_reason = forms.CharField(
        label="Why the decision is no longer expected",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to the public with the entry's subject once it was published.",
        error_messages={"required": "Say why the decision is no longer expected."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NoFormTagHelper()
