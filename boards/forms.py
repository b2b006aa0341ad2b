from __future__ import annotations

import hashlib
import html
import os

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.forms.utils import flatatt
from django.template.defaultfilters import filesizeformat
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from pypdf import PdfReader

from pcp_portal.formsets import GuardedInlineFormSet, guarded
from pcp_portal.images import ImageRefused, check_image, too_large
from pcp_portal.pdf import active_content, is_tagged
from plans.models import Plan, PriorityAction, Theme, Variation

from .models import (
    AgendaItem,
    Appendix,
    Board,
    Figure,
    FurtherContact,
    Meeting,
    Paper,
    Person,
    Recommendation,
    RecommendationVerb,
    Section,
    SourceDocument,
)


class NoFormTagHelper(FormHelper):
    """The editor is one <form> holding a form and three formsets."""

    form_tag = False
    disable_csrf = True


class PaperForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Paper
        fields = [
            "title",
            "board",
            "agenda_item",
            "from_post",
            "date",
            "marking",
            "purpose",
            "contact_officer",
            "location",
            "themes",
            "priority_actions",
            "plan_variation",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
            "priority_actions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = Board.objects.active()
        self.fields["agenda_item"].queryset = (
            AgendaItem.objects.filter(meeting__status__in=[Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED])
            .select_related("meeting__board")
            .order_by("meeting__starts_at", "position")
        )
        self.fields["agenda_item"].label_from_instance = lambda item: (
            f"{item.meeting} – item {item.number} {item.title}"
        )
        self.fields["contact_officer"].queryset = Person.objects.all()
        self.fields["contact_officer"].label_from_instance = lambda person: person.description
        self.fields["contact_officer"].help_text = "The first contact officer; add others below."
        plan = Plan.objects.in_force().first()
        self.fields["themes"].queryset = Theme.objects.filter(plan=plan)
        self.fields["priority_actions"].queryset = PriorityAction.objects.filter(plan=plan).select_related("theme")
        self.fields["priority_actions"].label_from_instance = lambda action: f"{action.code} – {action.text}"
        self.fields["plan_variation"].queryset = Variation.objects.filter(plan=plan)
        if self.instance.pk and not self.is_bound:
            self.initial["expected_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        item, board = cleaned.get("agenda_item"), cleaned.get("board")
        if item and board and item.meeting.board_id != board.pk:
            self.add_error("agenda_item", f"That item is on the agenda of another board, not the {board}.")
        if item:
            taken = item.papers.exclude(status__in=[Paper.Status.WITHDRAWN, Paper.Status.SUPERSEDED])
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk).exclude(pk=self.instance.supersedes_id)
            if taken.exists():
                self.add_error("agenda_item", f"Item {item.number} already has a paper: {taken.first()}.")
        # A marking the date does not allow is refused by Paper.clean(), beside the field, once.
        return cleaned


def verb_choices(current: str = "") -> list[tuple[str, str]]:
    """The verbs offered for new recommendations, and `current` if it has since been retired."""
    verbs = list(RecommendationVerb.objects.filter(active=True).values_list("verb", flat=True))
    if current and current not in verbs:
        verbs.append(current)
    return [(verb, verb) for verb in verbs]


class RecommendationForm(forms.ModelForm):
    verb = forms.ChoiceField(label="The Board is recommended to")

    class Meta:
        model = Recommendation
        fields = ["verb", "text"]
        labels = {"text": "Recommendation"}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.verb if self.instance.pk else ""
        self.fields["verb"].choices = verb_choices(current)
        if not self.instance.pk:
            self.initial.setdefault("verb", "note")


def paper_option_tags(exclude: int | None = None) -> str:
    """Every paper as an <option> of a select, newest first, escaped once: an archive holds thousands,
    and Django's widget would render each through a template, for every row of the formset."""
    status = {value: label.lower() for value, label in Paper.Status.choices}
    rows = (
        Paper.objects.exclude(pk=exclude)
        .order_by("-date", "-pk")
        .values_list("pk", "title", "board__short_name", "date", "status")
    )
    # The standard library's escape, which Django's wraps: the same text, without a lazy wrapper per call. The
    # papers of a meeting share a date and a board: each is written once.
    boards, days = {}, {}
    return "".join(
        f'<option value="{pk}">{html.escape(title)} ('
        f"{boards.get(board) or boards.setdefault(board, html.escape(board))}, "
        f"{days.get(day) or days.setdefault(day, f'{day:%d %B %Y}')}, {status[state]})</option>"
        for pk, title, board, day, state in rows
    )


class PaperSelect(forms.Select):
    """A select of papers whose options (`paper_option_tags`) are built once and shared by every row."""

    def __init__(self, options: str, attrs=None):
        super().__init__(attrs)
        self.options = options

    def render(self, name, value, attrs=None, renderer=None):
        options = self.options
        if value not in (None, ""):
            chosen = f'<option value="{escape(value)}">'
            options = options.replace(chosen, chosen[:-1] + " selected>", 1)
        empty = '<option value=""%s>---------</option>' % ("" if value not in (None, "") else " selected")
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attrs}>{empty}{options}</select>')  # noqa: S308 - every part escaped above


class SourceDocumentForm(forms.ModelForm):
    class Meta:
        model = SourceDocument
        fields = ["title", "linked_paper"]

    def __init__(self, *args, paper_options: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        papers = Paper.objects.all()
        if self.instance.paper_id:
            papers = papers.exclude(pk=self.instance.paper_id)
        field = self.fields["linked_paper"]
        field.queryset = papers
        if paper_options is None:
            paper_options = paper_option_tags(self.instance.paper_id)
        field.widget = PaperSelect(paper_options, attrs=field.widget.attrs)


class SourceDocumentFormSetBase(GuardedInlineFormSet):
    """Every row offers the same papers: their options are read and escaped once for the formset."""

    @cached_property
    def paper_options(self) -> str:
        return paper_option_tags(self.instance.pk)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "paper_options": self.paper_options}


class FurtherContactForm(forms.ModelForm):
    class Meta:
        model = FurtherContact
        fields = ["person"]
        labels = {"person": "Contact officer"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].label_from_instance = lambda person: person.description


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["heading", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}


#: How the upload messages name what is uploaded: (the one, any one, many).
APPENDIX_NAMES = ("the appendix", "an appendix", "appendices")


def validate_pdf_upload(upload, *, names: tuple[str, str, str] = APPENDIX_NAMES) -> dict:
    """Check that `upload` is a readable PDF within the size limit.

    The file is parsed, not judged by its name or declared type. Returns the
    facts stored with the appendix.
    """
    limit = settings.APPENDIX_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            f"The file is {filesizeformat(upload.size)}; {names[2]} can be at most {filesizeformat(limit)}."
        )
    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        raise forms.ValidationError(f"The file is not a PDF. Upload {names[0]} as a PDF document.")
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise forms.ValidationError("The PDF is password-protected. Upload a copy without a password.")
        page_count = len(reader.pages)
        _check_page_count(page_count, names)
        for page in reader.pages:
            page.get_contents()
        upload.seek(0)
        _check_active_content(upload)
    except forms.ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on a damaged file
        raise forms.ValidationError(
            "The PDF cannot be read; it may be damaged. Save it again as PDF and upload it."
        ) from exc
    if page_count == 0:
        raise forms.ValidationError("The PDF has no pages.")
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    tagged = is_tagged(upload.read())
    upload.seek(0)
    return {"sha256": digest.hexdigest(), "size": upload.size, "page_count": page_count, "tagged": tagged}


def _check_page_count(page_count: int, names: tuple[str, str, str] = APPENDIX_NAMES) -> None:
    """The limit bounds the work of checking an appendix and of merging it into every pack."""
    limit = settings.APPENDIX_MAX_PAGES
    if page_count > limit:
        advice = (
            "Split it into smaller appendices, or list the full document under the paper's source documents."
            if names == APPENDIX_NAMES
            else f"Split it into smaller {names[2]}."
        )
        raise forms.ValidationError(f"The PDF has {page_count} pages; {names[1]} can have at most {limit}. {advice}")


def _check_active_content(upload) -> None:
    """Refused, not cleaned: the appendix published is then exactly the file its author chose."""
    found = active_content(upload)
    if found:
        raise forms.ValidationError(
            f"The PDF carries {' and '.join(found)}, which the portal does not pass on to readers. "
            "Save it again without them (for example with “Print to PDF”) and upload that copy."
        )


class AppendixForm(forms.ModelForm):
    class Meta:
        model = Appendix
        fields = ["title", "file", "accessible_alternative"]
        labels = {"file": "PDF file", "accessible_alternative": "Accessible alternative (if the PDF is not tagged)"}
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            self.pdf_facts = validate_pdf_upload(upload)
        return upload

    def save(self, commit=True):
        facts = getattr(self, "pdf_facts", None)
        if facts:
            for name, value in facts.items():
                setattr(self.instance, name, value)
        return super().save(commit=commit)


NAMED_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def validate_figure_upload(upload) -> dict:
    """Check that `upload` is a PNG, JPEG or SVG the portal can show safely; the facts stored with the figure.

    The size is checked before anything is read, so an oversized upload costs nothing more.
    """
    limit = settings.FIGURE_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(too_large(upload.size, limit))
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    try:
        facts = check_image(content, max_bytes=limit, max_pixels=settings.FIGURE_MAX_PIXELS)
    except ImageRefused as exc:
        raise forms.ValidationError(str(exc)) from exc
    # The type is what the bytes are. A name that says another type is refused, not trusted either way:
    # the author meant to send a different file, or the file is made to look like something it is not.
    stem, extension = os.path.splitext(os.path.basename(upload.name or ""))
    named = NAMED_TYPES.get(extension.lower())
    if named and named != facts.content_type:
        found = {"image/png": "PNG", "image/jpeg": "JPEG", "image/svg+xml": "SVG"}[facts.content_type]
        raise forms.ValidationError(
            f"The file is named “{os.path.basename(upload.name)}” but it is a {found} image. "
            f"Check that it is the figure you meant, and rename it to end in .{facts.extension}."
        )
    upload.name = f"{(stem or 'figure')[:80]}.{facts.extension}"
    return {
        "content_type": facts.content_type,
        "width": facts.width,
        "height": facts.height,
        "size": facts.size,
        "sha256": facts.sha256,
    }


class FigureForm(forms.ModelForm):
    class Meta:
        model = Figure
        fields = ["file", "alt_text", "caption"]
        labels = {"file": "Image (PNG, JPEG or SVG)"}
        widgets = {
            # No "currently: <link>": the stored file is not at a URL of its own; the editor shows the figure.
            "file": forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/svg+xml,.png,.jpg,.jpeg,.svg"}),
            "alt_text": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required here, though the model allows it blank for figures that arrive without it.
        self.fields["alt_text"].required = True

    @property
    def preview_url(self) -> str:
        """The current figure, through the view that checks who may see it; "" for a new row."""
        return self.instance.get_staff_url() if self.instance.pk and self.instance.file else ""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            self.image_facts = validate_figure_upload(upload)
        return upload

    def save(self, commit=True):
        for name, value in (getattr(self, "image_facts", None) or {}).items():
            setattr(self.instance, name, value)
        return super().save(commit=commit)


def _formset(model, form, prefix_label, **options):
    formset = inlineformset_factory(
        Paper, model, form=form, fk_name="paper", extra=0, can_delete=True, can_order=True, **guarded(**options)
    )
    formset.label = prefix_label
    return formset


RecommendationFormSet = _formset(Recommendation, RecommendationForm, "Recommendations")
SectionFormSet = _formset(Section, SectionForm, "Further sections")
SourceDocumentFormSet = _formset(
    SourceDocument, SourceDocumentForm, "Source documents", formset=SourceDocumentFormSetBase
)
FurtherContactFormSet = _formset(FurtherContact, FurtherContactForm, "Further contact officers")
AppendixFormSet = _formset(Appendix, AppendixForm, "Appendices")
FigureFormSet = _formset(Figure, FigureForm, "Figures")


class ReasonForm(forms.Form):
    """A comment that a transition requires or allows."""

    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)

    def __init__(self, *args, label="Comment", required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = label
        self.fields["comment"].required = required
