"""The meeting screen's forms: a guest in the room, an action as it is agreed."""

from __future__ import annotations

from django import forms

from boards.models import Person

from .models import Minutes


class GuestForm(forms.Form):
    name = forms.CharField(max_length=120, error_messages={"required": "Give the guest's name."})
    post = forms.CharField(max_length=200, error_messages={"required": "Give the guest's post."})
    organisation = forms.CharField(max_length=200, required=False)


class RoomActionForm(forms.Form):
    text = forms.CharField(
        label="Action", widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": "Say what the action is."}
    )
    owner = forms.ModelChoiceField(
        queryset=Person.objects.none(), error_messages={"required": "Every action needs an owner."}
    )
    due_on = forms.DateField(
        label="Due date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Every action needs a due date."},
    )

    def __init__(self, *args, minutes: Minutes, **kwargs):
        super().__init__(*args, **kwargs)
        # The people in the register first; anyone else the office knows may own an action too.
        self.fields["owner"].queryset = Person.objects.order_by("name")
        self.fields["owner"].label_from_instance = lambda p: f"{p.name} ({p.initials})"
        self.minutes = minutes

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < self.minutes.meeting.date:
            raise forms.ValidationError("An action falls due after the meeting that agreed it.")
        return due_on

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Say what the action is.")
        return text
