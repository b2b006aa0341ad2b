from __future__ import annotations

import hashlib
import os
import re
from urllib.parse import urlsplit

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, Q, When
from django.forms import inlineformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.functional import cached_property
from pypdf import PdfReader

from pcp_portal.formsets import GuardedInlineFormSet, SharedChoices, SharedChoicesFormSet, guarded
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

    def __init__(self, *args, shared: SharedChoices | None = None, **kwargs):
        """`shared`: the further contact officers' choices, which offer the same people."""
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
        if shared is not None:
            shared.share(self.fields["contact_officer"], "people")
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


def active_verbs() -> list[str]:
    return list(RecommendationVerb.objects.filter(active=True).values_list("verb", flat=True))


def verb_choices(current: str = "", active: list[str] | None = None) -> list[tuple[str, str]]:
    """The verbs offered for new recommendations (`active`, read here if not given), and `current` if it has
    since been retired."""
    verbs = list(active_verbs() if active is None else active)
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

    def __init__(self, *args, active_verbs: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.verb if self.instance.pk else ""
        self.fields["verb"].choices = verb_choices(current, active_verbs)
        if not self.instance.pk:
            self.initial.setdefault("verb", "note")


#: The papers the chooser suggests at once, before anything is typed, and at most for what is typed.
PAPER_CHOICES_SHOWN = 20
#: The path of a paper's public or workspace page, as the portal writes it.
_PAPER_PATH = re.compile(r"/(?:workspace/)?papers/(\d+)(?:/.*)?", re.DOTALL)
#: A number alone, or a suggestion as the chooser wrote it ("123 · Title (BCB, 1 May 2025, published)").
_NUMBERED = re.compile(r"\s*(\d+)\s*(?:·.*)?", re.DOTALL)


def paper_choice_label(paper: Paper) -> str:
    """How the chooser names a paper: its number first (what the field reads back), then what tells it apart."""
    status = paper.get_status_display().lower()
    return f"{paper.pk} · {paper.title} ({paper.board.short_name}, {paper.date:%-d %B %Y}, {status})"


def paper_choices(query: str = "", *, exclude: int | None = None) -> list[str]:
    """The papers whose title holds every word of `query` (or whose number it is), newest first, as the
    chooser names them."""
    papers = (
        Paper.objects.exclude(pk=exclude).select_related("board").only("title", "date", "status", "board__short_name")
    )
    words, first = query.split(), []
    if words:
        matches = Q()
        for word in words:
            matches &= Q(title__icontains=word)
        if len(words) == 1 and words[0].isdecimal():  # the paper of that number first, then titles holding it
            matches |= Q(pk=int(words[0]))
            first = [Case(When(pk=int(words[0]), then=0), default=1)]
        papers = papers.filter(matches)
    newest = papers.order_by(*first, "-date", "-pk")[:PAPER_CHOICES_SHOWN]
    return [paper_choice_label(paper) for paper in newest]


def paper_number(text: str) -> int | None:
    """The number of the paper `text` names: a number alone, a suggestion of the chooser, or the address of a
    paper's page on this portal (its path alone, or in full with the portal's own host); None if it names none."""
    text = text.strip()
    found = _NUMBERED.fullmatch(text)
    if found is None:
        address = urlsplit(text)
        ours = not address.netloc or (
            address.scheme in ("http", "https") and address.hostname == urlsplit(settings.SITE_URL).hostname
        )
        found = _PAPER_PATH.fullmatch(address.path) if ours else None
    return int(found.group(1)) if found else None


class PaperChoiceField(forms.ModelChoiceField):
    """A paper of the portal, typed as its number or pasted as its address, or chosen from the suggestions
    (`paper_choices`, fetched as one types): an archive holds thousands of papers, too many for a select."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid_choice": "No paper in the portal has the number %(value)s.",
        "itself": "A paper cannot cite itself: choose another paper, or leave this empty.",
        "unreadable": "Type the paper's number or words of its title and choose it from the list, "
        "or paste the address of its page in the portal.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.labels: dict[int, str] = {}
        self.citing: int | None = None

    def prepare_value(self, value):
        if isinstance(value, Paper):
            return paper_choice_label(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdecimal()):
            return self.labels.get(int(value), str(value))
        return value

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        number = paper_number(str(value))
        if number is None:
            raise ValidationError(self.error_messages["unreadable"], code="unreadable")
        if number == self.citing:
            raise ValidationError(self.error_messages["itself"], code="itself")
        return super().to_python(number)


class SourceDocumentForm(forms.ModelForm):
    class Meta:
        model = SourceDocument
        fields = ["title", "linked_paper"]
        field_classes = {"linked_paper": PaperChoiceField}

    def __init__(self, *args, citing: int | None = None, paper_labels: dict[int, str] | None = None, **kwargs):
        """`citing`: the paper whose source this is (a new row's instance does not know it yet), never offered."""
        super().__init__(*args, **kwargs)
        citing = citing or self.instance.paper_id
        field = self.fields["linked_paper"]
        field.queryset = Paper.objects.exclude(pk=citing) if citing else Paper.objects.all()
        field.widget.attrs.update({"list": "paper-choices", "autocomplete": "off", "data-paper-chooser": ""})
        field.help_text = (
            "Type its number or words of its title and choose it from the list, or paste its address. "
            + field.help_text
        )
        if paper_labels is None:
            linked = [self.instance.linked_paper] if self.instance.linked_paper_id else []
            paper_labels = {paper.pk: paper_choice_label(paper) for paper in linked}
        field.labels = paper_labels
        field.citing = citing


class SourceDocumentFormSetBase(GuardedInlineFormSet):
    """The rows name their linked papers: read once for the formset, not once a row."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", SourceDocument.objects.select_related("linked_paper__board"))
        super().__init__(*args, **kwargs)

    @cached_property
    def paper_labels(self) -> dict[int, str]:
        linked = {row.linked_paper for row in self.get_queryset() if row.linked_paper_id}
        return {paper.pk: paper_choice_label(paper) for paper in linked}

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "citing": self.instance.pk, "paper_labels": self.paper_labels}


class FurtherContactForm(forms.ModelForm):
    class Meta:
        model = FurtherContact
        fields = ["person"]
        labels = {"person": "Contact officer"}

    def __init__(self, *args, shared: SharedChoices | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].label_from_instance = lambda person: person.description
        if shared is not None:
            shared.share(self.fields["person"], "people")


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


class RecommendationFormSetBase(GuardedInlineFormSet):
    """Every row offers the same verbs: read once for the formset, not once a row."""

    @cached_property
    def active_verbs(self) -> list[str]:
        return active_verbs()

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "active_verbs": self.active_verbs}


def _formset(model, form, prefix_label, **options):
    formset = inlineformset_factory(
        Paper, model, form=form, fk_name="paper", extra=0, can_delete=True, can_order=True, **guarded(**options)
    )
    formset.label = prefix_label
    return formset


RecommendationFormSet = _formset(
    Recommendation, RecommendationForm, "Recommendations", formset=RecommendationFormSetBase
)
SectionFormSet = _formset(Section, SectionForm, "Further sections")
SourceDocumentFormSet = _formset(
    SourceDocument, SourceDocumentForm, "Source documents", formset=SourceDocumentFormSetBase
)
FurtherContactFormSet = _formset(
    FurtherContact, FurtherContactForm, "Further contact officers", formset=SharedChoicesFormSet
)
AppendixFormSet = _formset(Appendix, AppendixForm, "Appendices")
FigureFormSet = _formset(Figure, FigureForm, "Figures")


class ReasonForm(forms.Form):
    """A comment that a transition requires or allows."""

    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000)

    def __init__(self, *args, label="Comment", required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].label = label
        self.fields["comment"].required = required
