from django import forms


class AuditFilterForm(forms.Form):
    RECORDS = [
        ("downloads", "Downloads of protected documents"),
        ("signins", "Successful sign-ins"),
        ("failures", "Failed sign-ins"),
    ]

    record = forms.ChoiceField(choices=RECORDS, initial="downloads", required=False, label="Show")
    username = forms.CharField(max_length=150, required=False, label="Username")
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The end date is before the start date.")
        return data


class EmailPreferencesForm(forms.Form):
    """One box per kind of hand-over e-mail; a ticked box is a kind the person receives."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import EmailKind, EmailOptOut

        off = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
        for kind in EmailKind:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, required=False, initial=kind.value not in off
            )

    def save(self, user) -> None:
        from .models import EmailKind, EmailOptOut

        for kind in EmailKind:
            if self.cleaned_data[kind.value]:
                EmailOptOut.objects.filter(user=user, kind=kind).delete()
            else:
                EmailOptOut.objects.get_or_create(user=user, kind=kind)
