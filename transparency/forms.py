"""The workspace's forms for decision notices: the draft, a supporting document, and publication."""

from __future__ import annotations

from datetime import timedelta

from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils import timezone

from boards.forms import validate_pdf_upload
from boards.models import Decision, Paper, Person
from pcp_portal.roles import Role
from plans.models import Plan, PriorityAction, Theme

from .models import DecisionNotice, InterestRegister, SupportingDocument
from .services.notices import EDITABLE_FIELDS, MANY_FIELDS, MAX_HOLD_DAYS


class NoticeFormHelper(FormHelper):
    form_tag = False
    disable_csrf = True


def decision_makers(current: Person | None = None):
    """People who can sign: linked to an active login with the Commissioner or deputy role (and who is named)."""
    can_sign = Q(user__is_active=True, user__groups__name=Role.COMMISSIONER.label)
    if current is not None:
        can_sign |= Q(pk=current.pk)
    return Person.objects.filter(can_sign).distinct().order_by("name")


class NoticeForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = DecisionNotice
        fields = [*EDITABLE_FIELDS, *MANY_FIELDS]
        widgets = {
            "decision": forms.Textarea(attrs={"rows": 4}),
            "background": forms.Textarea(attrs={"rows": 6}),
            "options": forms.Textarea(attrs={"rows": 4}),
            "consultation": forms.Textarea(attrs={"rows": 3}),
            "financial_implications": forms.Textarea(attrs={"rows": 3}),
            "legal_implications": forms.Textarea(attrs={"rows": 3}),
            "equality_implications": forms.Textarea(attrs={"rows": 3}),
            "conflict_of_interest": forms.Textarea(attrs={"rows": 2}),
            "dispensation": forms.Textarea(attrs={"rows": 2}),
            "confidential_text": forms.Textarea(attrs={"rows": 4}),
            "confidential_reason": forms.Textarea(attrs={"rows": 2}),
            "themes": forms.CheckboxSelectMultiple,
            "priority_actions": forms.CheckboxSelectMultiple,
        }
        labels = {"decision_maker": "Decision-maker", "paper": "Board paper", "board_decision": "Board decision"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NoticeFormHelper()
        current_maker = self.instance.decision_maker if self.instance.decision_maker_id else None
        self.fields["decision_maker"].queryset = decision_makers(current_maker)
        self.fields["decision_maker"].label_from_instance = lambda person: person.description
        self.fields[
            "decision_maker"
        ].help_text = "The Commissioner, or the deputy under delegation: they sign the notice with their own login."
        for name in ("financial_adviser", "legal_adviser", "equality_adviser"):
            self.fields[name].queryset = Person.objects.all()
            self.fields[name].label_from_instance = lambda person: person.description
        self.fields["paper"].queryset = Paper.objects.exclude(
            status__in=[Paper.Status.WITHDRAWN, Paper.Status.SUPERSEDED]
        ).select_related("board")
        self.fields["paper"].label_from_instance = lambda paper: f"{paper.board.short_name}: {paper.title}"
        self.fields["board_decision"].queryset = Decision.objects.filter(confirmed_at__isnull=False).select_related(
            "recommendation__paper"
        )
        self.fields["board_decision"].label_from_instance = lambda decision: (
            f"{decision.recommendation.paper.title}: {decision.wording}"
        )
        self.fields["board_decision"].help_text = "A decision the chair has confirmed."
        plan = Plan.objects.in_force().first()
        self.fields["themes"].queryset = Theme.objects.filter(plan=plan)
        self.fields["priority_actions"].queryset = PriorityAction.objects.filter(plan=plan).select_related("theme")
        self.fields["priority_actions"].label_from_instance = lambda action: f"{action.code} – {action.text}"
        if self.instance.pk and not self.is_bound:
            self.initial["expected_version"] = self.instance.version
        if not self.is_bound:
            maker_id = self.initial.get("decision_maker") or self.instance.decision_maker_id
            if not maker_id:  # a new notice: the Commissioner in office, when the register says who that is
                maker_id = self._commissioner_in_office()
                self.initial["decision_maker"] = maker_id
            registered = DecisionNotice(decision_maker_id=maker_id).registered_capacity() if maker_id else None
            if registered:
                self.initial["capacity"] = registered

    def _commissioner_in_office(self) -> int | None:
        today = timezone.localdate()
        for register in InterestRegister.objects.filter(
            capacity=InterestRegister.Capacity.COMMISSIONER,
            person__in=self.fields["decision_maker"].queryset,
        ):
            if register.is_current(today):
                return register.person_id
        return None

    def clean(self):
        cleaned = super().clean()
        paper, decision = cleaned.get("paper"), cleaned.get("board_decision")
        if paper and decision and decision.recommendation.paper_id != paper.pk:
            self.add_error("board_decision", "That decision was taken on another paper, not the one chosen above.")
        if decision and not paper:
            cleaned["paper"] = decision.recommendation.paper
        # A confidential part needs its reason: `DecisionNotice.clean`. A reason needs a confidential part.
        reason, text = cleaned.get("confidential_reason", "").strip(), cleaned.get("confidential_text", "").strip()
        if reason and not text and not self.instance.has_confidential_documents:
            self.add_error("confidential_text", "Write the confidential part, or leave the reason blank.")
        return cleaned

    def service_fields(self) -> dict:
        """The cleaned fields, as `create_notice` and `save_notice` take them."""
        return {name: self.cleaned_data[name] for name in (*EDITABLE_FIELDS, *MANY_FIELDS)}


class NoticeDocumentForm(forms.ModelForm):
    class Meta:
        model = SupportingDocument
        fields = ["title", "file", "confidential"]
        labels = {"file": "PDF file", "confidential": "Part of the confidential part (never published)"}
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.pdf_facts = validate_pdf_upload(upload, names=("the document", "a document", "documents"))
        return upload


class NoticePublishForm(forms.Form):
    """Publish now, or hold back until a date with the reason."""

    NOW, HOLD = "now", "hold"
    when = forms.ChoiceField(
        label="When to publish",
        choices=[(NOW, "Publish now"), (HOLD, "Hold back until a date")],
        initial=NOW,
        widget=forms.RadioSelect,
    )
    hold_until = forms.DateTimeField(
        label="Publish on",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=f"Date and time, UK time, within {MAX_HOLD_DAYS} days. The notice is published automatically then.",
    )
    hold_reason = forms.CharField(
        label="Why it is held back",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example a commercial deadline. Shown with the notice once published.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") != self.HOLD:
            cleaned["hold_until"], cleaned["hold_reason"] = None, ""
            return cleaned
        hold_until = cleaned.get("hold_until")
        if hold_until is None and "hold_until" not in self.errors:
            self.add_error("hold_until", "Give the date and time to publish on.")
        elif hold_until is not None and hold_until <= timezone.now():
            self.add_error("hold_until", "The date to publish on must be in the future.")
        elif hold_until is not None and hold_until > timezone.now() + timedelta(days=MAX_HOLD_DAYS):
            self.add_error(
                "hold_until", f"Hold a notice back for at most {MAX_HOLD_DAYS} days: choose an earlier date."
            )
        if not cleaned.get("hold_reason", "").strip():
            self.add_error("hold_reason", "Give the reason for holding the notice back.")
        return cleaned
