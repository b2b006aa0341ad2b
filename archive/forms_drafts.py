"""The upload that starts a paper from a Word file: the board, the agenda item, and a .docx checked before reading."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from boards.forms import PaperForm

from .reading import Unreadable, read
from .reading.result import Reading

DAMAGED = "The file cannot be read as a Word document; it may be damaged. Open it in Word, save it again and upload it."


def check_word_file(upload) -> bytes:
    """The bytes of `upload` if it is a .docx of a size the reader takes; a `ValidationError` saying why not.

    Judged by its name first (a .doc or a PDF is refused with what to do),
    then by its size before it is read. The reader then refuses a damaged
    file, or one whose parts would unpack to far more than its size.
    """
    name = PurePath(upload.name or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix == ".doc":
        raise forms.ValidationError(
            f"“{name}” is in the old Word format (.doc). Open it in Word, save it as a Word document (.docx) "
            "and upload that."
        )
    if suffix != ".docx":
        raise forms.ValidationError(f"“{name}” is not a Word document. Upload a .docx file.")
    limit = settings.ARCHIVE_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            f"The file is {filesizeformat(upload.size)}; a Word file can be at most {filesizeformat(limit)}. "
            "Move large pictures out of it (add them to the paper as figures) and upload it again."
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


class PaperFromWordForm(forms.Form):
    """The board and item as the new-paper form offers and checks them, and the Word file."""

    file = forms.FileField(
        label="Word file (.docx)",
        help_text=(
            "The paper as its author wrote it in Word. Its title, purpose, recommendations, sections, "
            "bibliography and contact officer fill a new draft; numbers typed in it are removed, because the "
            "portal numbers the paper."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
        ),
    )

    field_order = ["board", "agenda_item", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        typed = PaperForm()
        self.fields["board"] = typed.fields["board"]
        self.fields["agenda_item"] = typed.fields["agenda_item"]
        self.fields["agenda_item"].help_text = "Optional: the meeting and item the paper goes to."
        self.order_fields(self.field_order)
        self.reading: Reading | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        data = check_word_file(upload)
        name = PurePath(upload.name).name
        try:
            self.reading = read(name, data)
        except Unreadable as exc:
            raise forms.ValidationError(str(exc)) from exc
        except Exception as exc:  # python-docx and lxml raise many kinds of error on a damaged file
            raise forms.ValidationError(DAMAGED) from exc
        return upload

    def clean(self):
        cleaned = super().clean()
        board, item = cleaned.get("board"), cleaned.get("agenda_item")
        if board is not None:
            # The new-paper form's own rules for the board and the item (another board's item, an item
            # that already has a paper), asked of that form, so the two cannot come to differ.
            typed = PaperForm(data={"board": board.pk, "agenda_item": item.pk if item else ""})
            typed.is_valid()
            for name in ("board", "agenda_item"):
                for error in typed.errors.get(name, []):
                    self.add_error(name, error)
        return cleaned
