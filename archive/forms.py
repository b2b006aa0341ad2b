"""The archive import's forms: the upload, and the review of one document's fields, people, board and meeting."""

from __future__ import annotations

from datetime import date

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from boards.forms import NoFormTagHelper
from boards.models import AgendaItem, Board, Meeting, Paper, Person
from pcp_portal.formsets import ALTERED, MAX_ROWS

from .models import ImportedDocument, PersonMatch
from .uploads import Refused, incoming_files

Kind = ImportedDocument.Kind
NEW = "new"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files in one field (Django's documented way)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text=(
            "Choose one or many .txt, .docx or text-based .pdf files, or a .zip of them (folders inside are fine). "
            f"Each file at most {filesizeformat(settings.ARCHIVE_MAX_BYTES)}; "
            f"at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files at once (put more in a .zip)."
        ),
        widget=MultipleFileInput(attrs={"accept": ".txt,.docx,.pdf,.zip"}),
    )

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        try:
            self.incoming = incoming_files(uploads)
        except Refused as refused:
            raise forms.ValidationError(str(refused), code="refused") from refused
        return uploads

    def label(self) -> str:
        uploads = self.cleaned_data["files"]
        if len(uploads) == 1:
            return uploads[0].name
        return f"{len(uploads)} files: " + ", ".join(upload.name for upload in uploads)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def parse_date(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


class ReviewForm(forms.Form):
    """One document's fields as staff correct them; which fields depends on the kind it is saved as."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        choices=Kind.choices, help_text="Changing the kind shows that kind's fields once saved; nothing is lost."
    )
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    board = forms.ChoiceField(required=False, label="Board")
    new_board = forms.CharField(
        required=False, max_length=200, label="Name of the new board", help_text="Only if the board is a new one."
    )
    meeting = forms.ChoiceField(required=False, label="Meeting")

    paper_fields = ["title", "marking", "from_post", "meeting_date", "agenda_item", "part", "source_documents"]
    minutes_fields = ["marking", "time", "place", "status", "signed_by", "signed_on", "next_meeting", "apologies"]

    def __init__(self, *args, document: ImportedDocument, boards: list[Board], meetings: list[Meeting], **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = NoFormTagHelper()
        self.document = document
        self.boards = {str(board.pk): board for board in boards}
        self.meetings = {str(meeting.pk): meeting for meeting in meetings}
        self.fields["board"].choices = [
            ("", "Not chosen yet"),
            (NEW, "A new board, named below"),
            *((pk, board.name) for pk, board in self.boards.items()),
        ]
        paper = document.kind != Kind.MINUTES
        new_meeting = (
            "A new historic meeting on the meeting's date below (none if no date)"
            if paper
            else "A new historic meeting, held on the date above"
        )
        self.fields["meeting"].choices = [
            ("", new_meeting),
            *((pk, f"{meeting} ({meeting.get_status_display().lower()})") for pk, meeting in self.meetings.items()),
        ]
        self.fields["meeting"].help_text = (
            "The board's existing meetings in the two months from the paper's date."
            if paper
            else "The board's existing meetings on the date of the minutes."
        )
        if document.kind == Kind.MINUTES:
            self._add_minutes_fields()
        else:
            self._add_paper_fields()
        if not self.is_bound:
            self.initial.update(self.initial_from(document))

    def _add_paper_fields(self):
        self.fields["title"] = forms.CharField(required=False, max_length=300)
        self.fields["marking"] = self._marking_field("An OFFICIAL-SENSITIVE paper never reaches the public.")
        self.fields["from_post"] = forms.CharField(required=False, max_length=200, label="From")
        self.fields["meeting_date"] = forms.DateField(
            required=False,
            label="Date of the meeting it went to",
            help_text="For a new historic meeting; leave empty if the paper went to no meeting.",
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
        self.fields["agenda_item"] = forms.CharField(required=False, max_length=20, label="Agenda item")
        self.fields["part"] = forms.ChoiceField(
            required=False,
            label="Part of the agenda",
            choices=[("", "Public"), *((value, f"Exempt: {label}") for value, label in AgendaItem.Exemption.choices)],
            help_text="An exempt item's paper never reaches the public.",
        )
        self.fields["source_documents"] = forms.CharField(
            required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="One source document a line."
        )

    @staticmethod
    def _marking_field(help_text: str) -> forms.ChoiceField:
        return forms.ChoiceField(
            required=False,
            choices=[(value, label) for value, label in Paper.Marking.choices if value] + [("", "No marking printed")],
            help_text=help_text,
        )

    def _add_minutes_fields(self):
        self.fields["marking"] = self._marking_field(
            "Minutes marked OFFICIAL-SENSITIVE are recorded, signed, and never published."
        )
        self.fields["time"] = forms.TimeField(
            required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
        )
        self.fields["place"] = forms.CharField(required=False, max_length=200, label="Place")
        self.fields["status"] = forms.ChoiceField(
            choices=[("approved", "Approved minutes"), ("draft", "Draft minutes")], label="Status as printed"
        )
        self.fields["signed_by"] = forms.CharField(required=False, max_length=120, label="Signed by")
        self.fields["signed_on"] = forms.DateField(
            required=False,
            label="Signed on",
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
        self.fields["next_meeting"] = forms.DateField(
            required=False,
            label="Date of next meeting",
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
        self.fields["apologies"] = forms.CharField(
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="One name a line, as the minutes give them.",
        )

    @staticmethod
    def initial_from(document: ImportedDocument) -> dict:
        fields = document.fields
        board = str(document.board_id) if document.board_id else (NEW if fields.get("board") else "")
        return {
            "expected_version": document.version,
            "kind": document.kind,
            "date": parse_date(fields.get("date")),
            "board": board,
            "new_board": "" if document.board_id else fields.get("board") or "",
            "meeting": str(document.meeting_id or ""),
            "title": fields.get("title") or "",
            "marking": fields.get("marking") or "",
            "agenda_item": fields.get("agenda_item") or "",
            "meeting_date": parse_date(fields.get("meeting_date")),
            "part": fields.get("exemption_category") or "",
            "signed_on": parse_date(fields.get("signed_on")),
            "from_post": fields.get("from") or "",
            "source_documents": "\n".join(fields.get("source_documents") or []),
            "time": fields.get("time") or None,
            "place": fields.get("place") or "",
            "status": fields.get("status") or "approved",
            "signed_by": fields.get("signed_by") or "",
            "next_meeting": parse_date(fields.get("next_meeting")),
            "apologies": "\n".join(fields.get("apologies") or []),
        }

    def clean(self):
        cleaned = super().clean()
        choice, typed = cleaned.get("board"), " ".join(cleaned.get("new_board", "").split())
        cleaned["new_board"] = typed
        if choice == NEW:
            if not typed:
                self.add_error("new_board", "Give the new board's name, or choose an existing board above.")
            elif Board.objects.filter(name__iexact=typed).exists():
                self.add_error("new_board", f"There is already a board called “{typed}”: choose it above.")
        meeting = self.meetings.get(cleaned.get("meeting") or "")
        if meeting is not None:
            board = self.boards.get(choice or "")
            # A paper's meeting is on the meeting's date (if given); minutes' on their own date.
            on = cleaned.get("meeting_date") if "meeting_date" in self.fields else cleaned.get("date")
            if board is None or meeting.board_id != board.pk or (on and meeting.date != on):
                self.add_error(
                    "meeting",
                    f"{meeting} is not a meeting of the board chosen on "
                    + ("the meeting's date below" if "meeting_date" in self.fields else "the date above")
                    + ": choose one that is, or a new historic meeting.",
                )
        return cleaned

    def groups(self) -> list[tuple[str, list]]:
        """The fields as the page groups them: what the document is and where it belongs, then its own fields."""
        own = self.minutes_fields if "place" in self.fields else self.paper_fields
        heading = "Minutes" if "place" in self.fields else "Paper"
        return [
            ("What and where", [self[name] for name in ("kind", "date", "board", "new_board", "meeting")]),
            (heading, [self[name] for name in own]),
        ]

    #: Keys of `fields` (and of `ConfirmRefused.errors`) that this form names otherwise.
    FIELD_OF_KEY = {"from": "from_post", "exemption_category": "part"}

    def add_confirm_error(self, key: str, message: str) -> bool:
        """Put a confirmation's refusal beside its field; False if the form has no such field."""
        name = self.FIELD_OF_KEY.get(key, key)
        if name not in self.fields or name == "expected_version":
            return False
        self.add_error(name, message)
        return True

    @property
    def chosen_board(self) -> Board | None:
        return self.boards.get(self.cleaned_data.get("board") or "")

    @property
    def chosen_meeting(self) -> Meeting | None:
        return self.meetings.get(self.cleaned_data.get("meeting") or "")

    def changes(self) -> dict:
        """The corrected values, under the keys the reader used in `fields`."""
        data = self.cleaned_data
        board = self.chosen_board
        changes = {
            "date": _iso(data.get("date")),
            "board": board.name if board else data.get("new_board", "") if data.get("board") == NEW else "",
            # Confirmation makes the board named here; a board name the reader found is only a proposal.
            "new_board": data.get("board") == NEW,
        }
        if "title" in self.fields:
            changes.update(
                {
                    "title": data["title"],
                    "marking": data["marking"],
                    "agenda_item": data["agenda_item"],
                    "meeting_date": _iso(data.get("meeting_date")),
                    "exemption_category": data["part"],
                    "from": data["from_post"],
                    "source_documents": _lines(data["source_documents"]),
                }
            )
        if "place" in self.fields:
            changes.update(
                {
                    "marking": data["marking"],
                    "time": data["time"].strftime("%H:%M") if data.get("time") else "",
                    "place": data["place"],
                    "status": data["status"],
                    "signed_by": " ".join(data["signed_by"].split()),
                    "signed_on": _iso(data.get("signed_on")),
                    "next_meeting": _iso(data.get("next_meeting")),
                    "apologies": _lines(data["apologies"]),
                }
            )
        return changes


class RecommendationForm(forms.Form):
    number = forms.CharField(max_length=10, required=False, help_text="As printed, for example 2.1")
    verb = forms.CharField(max_length=40, label="The Board is recommended to")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Recommendation")


class BaseRecommendationFormSet(forms.BaseFormSet):
    def values(self) -> list[dict]:
        return [
            {key: form.cleaned_data[key] for key in ("number", "verb", "text")}
            for form in self.ordered_forms
            if form.cleaned_data
        ]


RecommendationFormSet = forms.formset_factory(
    RecommendationForm,
    formset=BaseRecommendationFormSet,
    extra=0,
    can_delete=True,
    can_order=True,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)


def recommendations_formset(data, document: ImportedDocument, *, adding: bool):
    formset_class = RecommendationFormSet
    if adding:
        formset_class = type("RecommendationFormSet", (RecommendationFormSet,), {"extra": 1})
    initial = [
        {"number": r.get("number", ""), "verb": r.get("verb", ""), "text": r.get("text", "")}
        for r in document.fields.get("recommendations") or []
    ]
    return formset_class(data, initial=initial, prefix="recommendations")


class PersonMatchForm(forms.ModelForm):
    """Who a named person is: one of the portal's people, or a new one created on confirmation."""

    person = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Matched to")

    class Meta:
        model = PersonMatch
        fields = ["name", "post", "person"]
        labels = {"post": "Post at the time"}
        help_texts = {"post": "As printed; a new person is created with it."}

    def __init__(self, *args, people: dict[int, Person], person_choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        self.fields["person"].choices = person_choices
        self.fields["person"].initial = self.instance.person_id
        if self.instance.role in (PersonMatch.Role.APOLOGIES, PersonMatch.Role.SIGNATORY):
            # Named in the fields above (apologies, signed by): corrected there.
            self.fields["name"].disabled = True
            self.fields["name"].help_text = "Corrected in the fields above."

    def clean_person(self):
        pk = self.cleaned_data.get("person")
        return self.people[pk] if pk is not None else None


class BasePersonMatchFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        if any(form.instance.pk is None for form in self.forms):  # a row of another document, or of none
            raise forms.ValidationError(ALTERED, code="altered")

    def values(self) -> list[tuple[PersonMatch, Person | None, str, str]]:
        return [
            (form.instance, form.cleaned_data["person"], form.cleaned_data["name"], form.cleaned_data["post"])
            for form in self.forms
        ]


PersonMatchFormSet = forms.modelformset_factory(
    PersonMatch,
    form=PersonMatchForm,
    formset=BasePersonMatchFormSet,
    extra=0,
    edit_only=True,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
)


def people_formset(data, document: ImportedDocument, rows: list[PersonMatch]):
    people = {person.pk: person for person in Person.objects.order_by("name", "pk")}
    choices = [("", "A new person (created on confirmation)")] + [
        (pk, person.description) for pk, person in people.items()
    ]
    formset = PersonMatchFormSet(
        data,
        queryset=document.people.all(),
        prefix="people",
        form_kwargs={"people": people, "person_choices": choices},
    )
    # The rows already fetched, so a page with many people costs no query per row.
    formset._queryset = rows
    return formset
