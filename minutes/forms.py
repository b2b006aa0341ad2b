from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone

from boards.models import Meeting, Person
from pcp_portal.formsets import GuardedInlineFormSet, SharedChoices, guarded
from transparency.models import Interest

from . import permissions
from .models import Action, Attendance, Declaration, MinuteItem, Minutes


class MinutesForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Minutes
        fields = ["next_meeting"]
        widgets = {"next_meeting": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["expected_version"] = self.instance.version


class PersonChoiceMixin:
    def _people(self, *names, shared: SharedChoices | None = None):
        for name in names:
            field = self.fields[name]
            field.queryset = Person.objects.all()
            field.label_from_instance = lambda p: f"{p.name} ({p.initials})"
            if shared is not None:
                shared.share(field, "people")


class AttendanceForm(PersonChoiceMixin, forms.ModelForm):
    """One person's attendance; anyone who was not a member of the board that day is asked in what capacity."""

    class Meta:
        model = Attendance
        fields = ["person", "state", "capacity"]

    def __init__(self, *args, minutes: Minutes, members: set[int], shared: SharedChoices | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._people("person", shared=shared)
        self.meeting = minutes.meeting
        self.members = members
        self.fields["capacity"].choices = [("", "Not yet answered"), *Attendance.Capacity.choices]

    def clean(self):
        cleaned = super().clean()
        person, capacity = cleaned.get("person"), cleaned.get("capacity")
        if person is None or cleaned.get("DELETE"):
            return cleaned
        if person.pk in self.members:
            if not capacity:
                cleaned["capacity"] = self.instance.capacity = Attendance.Capacity.MEMBER
            return cleaned
        board, on = self.meeting.board.short_name, f"{self.meeting.date:%-d %B %Y}"
        not_member = f"{person} was not a member of the {board} on {on}"
        if not capacity:
            self.add_error("capacity", f"{not_member}: say whether they attended as an officer or as a guest.")
        elif capacity == Attendance.Capacity.MEMBER:
            self.add_error(
                "capacity",
                f"{not_member}: choose officer or guest, or record their membership of the board first.",
            )
        elif cleaned.get("state") == Attendance.State.MEMBER:
            self.add_error("state", f"{person} attended as {capacity}, not as a member: choose “In attendance”.")
        return cleaned


class AttendanceFormSet(GuardedInlineFormSet):
    def clean(self):
        self.check_rows()
        # Our own message, beside the person, before Django's generic duplicate check.
        seen = {}
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            person = form.cleaned_data.get("person")
            if person is None:
                continue
            if person.pk in seen:
                form.add_error(
                    "person",
                    f"{person} is listed twice. A person has one attendance state per meeting: keep one row for them.",
                )
            seen[person.pk] = form.cleaned_data.get("state")
        self.states = seen
        if not any(form.errors for form in self.forms):
            super().clean()


class MinuteItemForm(PersonChoiceMixin, forms.ModelForm):
    class Meta:
        model = MinuteItem
        fields = ["introduced_by", "body", "for_information"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, shared: SharedChoices | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._people("introduced_by", shared=shared)


class DeclarationForm(PersonChoiceMixin, forms.ModelForm):
    """A declaration; for someone who keeps a register of interests, the entry of their register it is about."""

    class Meta:
        model = Declaration
        fields = ["person", "item", "nature", "interest"]
        widgets = {"nature": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, minutes: Minutes, shared: SharedChoices | None = None, items=None, **kwargs):
        """`items`: the minutes' items, where the page has read them, to offer without reading them again."""
        super().__init__(*args, **kwargs)
        self._people("person", shared=shared)
        self.fields["item"].queryset = minutes.items.all()
        entries = Interest.objects.select_related("register__person").order_by(
            "register__person__name", "category", "-from_date", "pk"
        )
        person_id = self.instance.person_id if self.instance.pk and not self.is_bound else None
        field = self.fields["interest"]
        field.label_from_instance = _entry_label
        field.empty_label = "Not in a register, or not yet added"
        field.queryset = entries
        if shared is not None:
            shared.share(self.fields["item"], "items", rows=items)
            shared.share(field, "interests")
        # A saved row offers its declarant's entries only; a new row offers every holder's, named.
        if person_id:
            field.queryset = entries.filter(register__person_id=person_id)
            if shared is not None:
                field.choices = [
                    (value, label)
                    for value, label in shared["interests"]
                    if not value or value.instance.register.person_id == person_id
                ]

    def clean(self):
        cleaned = super().clean()
        person, interest = cleaned.get("person"), cleaned.get("interest")
        if person and interest and interest.register.person_id != person.pk:
            self.add_error("interest", f"This entry is in the register of {interest.register.person}, not of {person}.")
        return cleaned


def _entry_label(interest: Interest) -> str:
    ended = f", ended {interest.to_date:%-d %B %Y}" if interest.to_date else ""
    description = interest.description if len(interest.description) <= 80 else interest.description[:79] + "…"
    return f"{interest.register.person.name}: {interest.get_category_display()}: {description}{ended}"


class ActionForm(PersonChoiceMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["reference", "minute_item", "text", "owner", "due_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"minute_item": "Item", "due_on": "Due date"}
        help_texts = {"reference": "Left blank, the next number of the year is given, for example 2025/05."}

    def __init__(self, *args, minutes: Minutes, shared: SharedChoices | None = None, items=None, **kwargs):
        """`items`: as `DeclarationForm` takes them."""
        super().__init__(*args, **kwargs)
        self._people("owner", shared=shared)
        self.fields["reference"].required = False
        self.fields["minute_item"].queryset = minutes.items.all()
        self.fields["minute_item"].required = True
        self.fields["minute_item"].error_messages["required"] = "Choose the item under which the action was agreed."
        self.fields["minute_item"].label_from_instance = lambda item: f"{item.position}. {item.title}"
        if shared is not None:
            shared.share(self.fields["minute_item"], "numbered items", rows=items)
        self.fields["owner"].error_messages["required"] = "Every action needs an owner."
        self.fields["due_on"].error_messages["required"] = "Every action needs a due date."
        self.meeting_date = minutes.meeting.date

    def clean_due_on(self):
        """An action is agreed at the meeting, so it falls due on or after it. A date already saved is left be."""
        due_on = self.cleaned_data["due_on"]
        if due_on and "due_on" in self.changed_data and due_on < self.meeting_date:
            raise forms.ValidationError(
                f"The action was agreed at the meeting of {self.meeting_date:%-d %B %Y}, "
                "so it cannot be due before then. Check the year."
            )
        return due_on


class MinuteItemFormSet(GuardedInlineFormSet):
    can_add = False
    no_new_rows = "Minute items follow the agenda: add an item to the agenda, not here. Nothing was saved."


AttendanceFormSetFactory = inlineformset_factory(
    Minutes, Attendance, form=AttendanceForm, extra=0, can_delete=True, **guarded(formset=AttendanceFormSet)
)
MinuteItemFormSetFactory = inlineformset_factory(
    Minutes, MinuteItem, form=MinuteItemForm, extra=0, can_delete=False, **guarded(formset=MinuteItemFormSet)
)
DeclarationFormSetFactory = inlineformset_factory(
    Minutes, Declaration, form=DeclarationForm, extra=0, can_delete=True, **guarded()
)
ActionFormSetFactory = inlineformset_factory(
    Minutes, Action, form=ActionForm, fk_name="raised_at", extra=0, can_delete=True, **guarded()
)


class ApproveForm(forms.Form):
    """Where the minutes were approved; the date rules are `permissions`', so the form and the service agree."""

    at_meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), required=False, label="Approved at the meeting of"
    )
    in_writing_on = forms.DateField(
        required=False, label="or approved in writing on", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, minutes: Minutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.minutes = minutes
        later = (
            Meeting.objects.filter(board=minutes.meeting.board, starts_at__gt=minutes.meeting.starts_at)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("starts_at")
        )
        self.fields["at_meeting"].queryset = later
        #: The meetings the form offers, each with its name: not one whose own minutes are signed, which cannot
        #: record the approval (`permissions.approving_meeting_problem` says so if one is posted all the same);
        #: two meetings of one day told apart by their time.
        self.offered = [
            (meeting, f"{timezone.localtime(meeting.starts_at):%-d %B %Y, %H:%M}")
            for meeting in later.exclude(minutes__status__in=Minutes.FROZEN)
        ]

    def clean_at_meeting(self):
        meeting = self.cleaned_data.get("at_meeting")
        if meeting is not None:
            problem = permissions.approving_meeting_problem(self.minutes, meeting)
            if problem:
                raise forms.ValidationError(problem)
        return meeting

    def clean_in_writing_on(self):
        on = self.cleaned_data.get("in_writing_on")
        if on is not None:
            problem = permissions.written_approval_problem(self.minutes, on)
            if problem:
                raise forms.ValidationError(problem)
        return on

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if bool(cleaned.get("at_meeting")) == bool(cleaned.get("in_writing_on")):
            raise forms.ValidationError("Give either the meeting that approved the minutes or the date in writing.")
        return cleaned


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=Action.Status.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
