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
