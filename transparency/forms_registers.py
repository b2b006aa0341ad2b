"""Forms of the registers of interests and of gifts and hospitality.

The forms validate what is typed; the services in `services/registers.py`
and `services/gifts.py` save it, with the version the editor was opened at.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import DecimalValidator
from django.utils import timezone

from boards.models import Person

from .models import Gift, Interest, InterestRegister

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
#: An estimated value above this is a typing mistake (a stray digit), not a gift the office would accept.
GIFT_MAX_VALUE = Decimal("100000")


class VersionedForm(forms.ModelForm):
    """A model form that carries the version its object had when the editor was opened."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["expected_version"] = self.instance.version

    @property
    def version(self) -> int:
        return self.cleaned_data.get("expected_version") or 0


def _person_label(person: Person) -> str:
    return f"{person.name}, {person.post_title}" if person.post_title else person.name


class RegisterForm(VersionedForm):
    class Meta:
        model = InterestRegister
        fields = ["person", "capacity", "holds_office_from", "holds_office_to", "published", "staff_note"]
        widgets = {"holds_office_from": DATE, "holds_office_to": DATE, "staff_note": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "holds_office_from": "In office from",
            "holds_office_to": "In office until",
            "published": "Published on the portal",
        }
        help_texts = {
            "holds_office_to": "Leave blank while in office. A former holder's register stays public, marked so; "
            "their login can no longer change it.",
            "published": "Untick only while the register is being prepared.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.all()
        if self.instance.pk:
            # The holder of a register is never changed: a new holder gets a register of their own.
            del self.fields["person"]
        else:
            self.fields["person"].queryset = people.filter(interest_register__isnull=True)
            self.fields["person"].label_from_instance = _person_label
            self.fields["person"].help_text = "The Commissioner, the deputy, or an independent board member."

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("holds_office_from"), cleaned.get("holds_office_to")
        if start and end and end < start:
            self.add_error("holds_office_to", "The end of office cannot be before its start.")
        return cleaned


class InterestForm(VersionedForm):
    class Meta:
        model = Interest
        fields = ["category", "description", "from_date", "to_date"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "from_date": DATE, "to_date": DATE}
        labels = {"from_date": "From", "to_date": "Ends or ended on"}
        help_texts = {
            "description": "What the interest is, as the public will read it: for example the employer and the post, "
            "or the company and the holding.",
            "to_date": "The day it ended. Leave blank while the interest continues.",
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from_date"), cleaned.get("to_date")
        if start and start > timezone.localdate():
            self.add_error("from_date", "An interest is registered once it exists: the date cannot be in the future.")
        if start and end and end < start:
            self.add_error("to_date", "An interest cannot end before it began.")
        return cleaned


class EndInterestForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label="Ended on", widget=DATE)

    def __init__(self, *args, interest: Interest, **kwargs):
        super().__init__(*args, **kwargs)
        self.interest = interest
        if not self.is_bound:
            self.initial.update({"expected_version": interest.version, "on": timezone.localdate()})

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on < self.interest.from_date:
            raise forms.ValidationError(
                f"The entry began on {self.interest.from_date:%-d %B %Y}: it cannot end before that."
            )
        if on > timezone.localdate():
            raise forms.ValidationError("Record the end once it has happened: the date cannot be in the future.")
        return on


class GiftForm(VersionedForm):
    class Meta:
        model = Gift
        fields = ["offered_on", "recipient", "description", "offered_by", "value", "outcome", "reason", "staff_note"]
        widgets = {
            "offered_on": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
            "reason": forms.Textarea(attrs={"rows": 2}),
            "staff_note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"value": "In pounds, as estimated; 0 where it has no value to speak of."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = Person.objects.order_by("name")
        self.fields["recipient"].label_from_instance = _person_label
        self.fields["recipient"].help_text = "Their post as it is today is kept with the entry."
        value = self.fields["value"]
        value.widget.attrs.update({"min": "0", "max": str(GIFT_MAX_VALUE), "step": "0.01"})
        # The digits are checked in clean_value, after the range: 1e9 is a figure too large, not too precise.
        self.digits = next(v for v in value.validators if isinstance(v, DecimalValidator))
        value.validators = [v for v in value.validators if v is not self.digits]

    def clean_value(self):
        value = self.cleaned_data["value"]
        if value < 0:
            raise forms.ValidationError("The estimated value cannot be negative.")
        if value > GIFT_MAX_VALUE:
            raise forms.ValidationError(f"Over £{GIFT_MAX_VALUE:,.0f}: check the figure (a digit too many?).")
        self.digits(value)
        return value

    def clean_offered_on(self):
        offered_on = self.cleaned_data["offered_on"]
        if offered_on > timezone.localdate():
            raise forms.ValidationError("The date the offer was made cannot be in the future.")
        if self.instance.pk and offered_on.year != self.instance.reference_year:
            raise forms.ValidationError(
                f"The reference {self.instance.reference} belongs to {self.instance.reference_year}: "
                "an offer made in another year is a new entry."
            )
        return offered_on


class GiftFilterForm(forms.Form):
    """The public register's filters; anything not offered is ignored rather than refused."""

    year = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    recipient = forms.ModelChoiceField(queryset=Person.objects.none(), required=False, empty_label="Anyone")
    outcome = forms.ChoiceField(required=False, choices=[("", "Accepted or declined"), *Gift.Outcome.choices])

    def __init__(self, *args, gifts, **kwargs):
        super().__init__(*args, **kwargs)
        years = sorted(set(gifts.values_list("offered_on__year", flat=True)), reverse=True)
        self.fields["year"].choices = [("", "Any year"), *((year, year) for year in years)]
        self.fields["recipient"].queryset = Person.objects.filter(
            pk__in=gifts.values("recipient_id").distinct()
        ).order_by("name")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filter(self, gifts):
        if not self.is_valid():
            return gifts
        data = self.cleaned_data
        if data.get("year"):
            gifts = gifts.filter(offered_on__year=data["year"])
        if data.get("recipient"):
            gifts = gifts.filter(recipient=data["recipient"])
        if data.get("outcome"):
            gifts = gifts.filter(outcome=data["outcome"])
        return gifts
