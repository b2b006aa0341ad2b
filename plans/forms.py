from django import forms
from django.forms import BaseFormSet, formset_factory

from .models import RAG, Theme, VariationChange


class AssessmentForm(forms.Form):
    action_id = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    status = forms.ChoiceField(choices=[("", "Not assessed"), *RAG.choices], required=False)
    commentary = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000)
    assessed_by = forms.CharField(required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("commentary") and not cleaned.get("status"):
            self.add_error("status", "Choose a status for this commentary.")
        return cleaned


class BaseAssessmentFormSet(BaseFormSet):
    """The grid: exactly one row per action shown, in order. A posted grid with rows added, dropped or
    pointed at other actions was altered on its way here, and is refused as a whole."""

    def __init__(self, *args, actions, **kwargs):
        self.actions = list(actions)
        super().__init__(*args, **kwargs)
        self.absolute_max = len(self.actions)

    def clean(self):
        posted = [form.cleaned_data.get("action_id") for form in self.forms]
        if posted != [action.pk for action in self.actions]:
            raise forms.ValidationError(
                "The grid sent does not match the actions of this period. Nothing was saved: reload the page."
            )

    @property
    def rows(self) -> list[tuple]:
        """(action, form) pairs for the template; an altered grid is shown afresh, its error above it."""
        if len(self.forms) == len(self.actions):
            return list(zip(self.actions, self.forms, strict=True))
        fresh = type(self)(initial=self.initial, actions=self.actions)
        return list(zip(self.actions, fresh.forms, strict=True))


AssessmentFormSet = formset_factory(AssessmentForm, formset=BaseAssessmentFormSet, extra=0)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: period, code, status, commentary, assessed_by. Nothing is saved unless every row is valid.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 2 MB; a period's assessments fit in far less.")
        return upload


class VariationForm(forms.Form):
    made_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Date of the variation")
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class VariationChangeForm(forms.Form):
    kind = forms.ChoiceField(choices=VariationChange.Kind.choices)
    code = forms.CharField(max_length=10, label="Action code")
    theme = forms.ModelChoiceField(queryset=Theme.objects.none(), required=False, help_text="For an added action.")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="New wording")

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["theme"].queryset = plan.themes.all()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") in ("added", "reworded") and not cleaned.get("text", "").strip():
            self.add_error("text", "Give the action's wording.")
        if cleaned.get("kind") == "added" and not cleaned.get("theme"):
            self.add_error("theme", "Choose the theme of the new action.")
        return cleaned


VariationChangeFormSet = formset_factory(VariationChangeForm, extra=1)
