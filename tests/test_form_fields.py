"""The editors' fields are written in Python (`pcp_portal.form_fields`) with the markup crispy-forms gives them."""

import re

import pytest
from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.test import RequestFactory

from boards.forms import NoFormTagHelper
from boards.models import Figure, Paper
from boards.views.staff import _formsets as paper_formsets
from minutes.forms import MinutesForm
from minutes.views import _formsets as minutes_formsets
from pcp_portal.form_fields import crispy_fields

from .images import png_bytes
from .test_minutes import held_meeting, minutes  # noqa: F401 - fixtures

TYPED = "<script>alert('x')</script> & \"quoted\""
CRISPY = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
CRISPY_HELPER = engines["django"].from_string("{% load crispy_forms_tags %}{% crispy form %}")


def same_markup(html: str) -> str:
    """Markup with the whitespace between and inside tags made one space: what a browser reads is the same."""
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*(<|>)\s*", r"\1", html).strip()


def assert_written_as_crispy_writes(form, *, helper=False):
    """`helper`: the editors' main forms were written by `{% crispy form %}`, with a helper that drops the tag."""
    if helper:
        form.helper = NoFormTagHelper()
    expected = (CRISPY_HELPER if helper else CRISPY).render({"form": form})
    assert same_markup(crispy_fields(form, inline_errors=helper)) == same_markup(expected)


def every_form(formsets):
    for formset in formsets:
        yield from formset.forms
        yield formset.empty_form


def request_for(user, method="get", data=None, files=None):
    request = getattr(RequestFactory(), method)("/", data=data or {})
    if files:
        request.FILES.update(files)
    request.user = user
    return request


@pytest.mark.django_db
def test_the_paper_editors_fields_are_those_crispy_wrote(author, make_paper):
    paper = make_paper(Paper.Status.DRAFT, title=f"Budget {TYPED}")
    paper.source_documents.create(position=0, title=TYPED, linked_paper=make_paper(Paper.Status.PUBLISHED))
    content = png_bytes()  # a figure kept: its file field shows the file and a box to clear it
    figure = Figure(paper=paper, alt_text=TYPED, content_type="image/png", size=len(content), sha256="0" * 64)
    figure.file.save("chart.png", ContentFile(content), save=True)
    from boards.forms import PaperForm

    assert_written_as_crispy_writes(PaperForm(instance=paper), helper=True)
    request = request_for(author)
    request.GET = request.GET.copy()
    request.GET["add"] = "figures"
    for form in every_form(paper_formsets(request, paper)):
        assert_written_as_crispy_writes(form)


@pytest.mark.django_db
def test_fields_with_errors_are_those_crispy_wrote(author, make_paper):
    """A refused save: errors beside fields, what was typed kept, non-field errors, a refused file."""
    paper = make_paper(Paper.Status.DRAFT)
    data = {
        "title": "",
        "date": "not a date",
        "marking": "SECRET",
        **{f"{prefix}-TOTAL_FORMS": "1" for prefix in ("recommendations", "sections", "sources", "figures")},
        **{f"{prefix}-INITIAL_FORMS": "0" for prefix in ("recommendations", "sections", "sources", "figures")},
        **{f"{prefix}-TOTAL_FORMS": "0" for prefix in ("contacts", "appendices")},
        **{f"{prefix}-INITIAL_FORMS": "0" for prefix in ("contacts", "appendices")},
        "recommendations-0-verb": "ignore",
        "recommendations-0-text": TYPED,
        "sections-0-heading": TYPED,
        "sections-0-body": "",
        "sources-0-title": "",
        "sources-0-linked_paper": "999999",
        "figures-0-alt_text": TYPED,
    }
    files = {"figures-0-file": SimpleUploadedFile("chart.png", b"not an image", content_type="image/png")}
    from boards.forms import PaperForm

    form = PaperForm(data, instance=paper)
    assert not form.is_valid()
    form.add_error(None, f"Not saved: {TYPED}")
    assert_written_as_crispy_writes(form, helper=True)
    formsets = paper_formsets(request_for(author, "post", data, files), paper)
    assert not all([formset.is_valid() for formset in formsets])
    rows = list(every_form(formsets))
    assert any(row.errors for row in rows)
    for row in rows:
        assert_written_as_crispy_writes(row)


@pytest.mark.django_db
def test_the_minutes_editors_fields_are_those_crispy_wrote(minutes, secretary):  # noqa: F811 - the fixture
    assert_written_as_crispy_writes(MinutesForm(instance=minutes), helper=True)
    request = request_for(secretary)
    for form in every_form(minutes_formsets(request, minutes).values()):
        assert_written_as_crispy_writes(form)


def test_typed_text_and_labels_are_escaped():
    class Typed(forms.Form):
        name = forms.CharField(label=TYPED, max_length=3)
        agree = forms.BooleanField(label=TYPED)

    form = Typed(data={"name": TYPED})
    form.is_valid()
    form.add_error(None, TYPED)
    written = crispy_fields(form)
    assert "<script>" not in written
    assert written.count("&lt;script&gt;") >= 4  # two labels, the value typed and the form's error
    assert_written_as_crispy_writes(form)


class Choices(forms.Form):
    colour = forms.ChoiceField(choices=[("r", "Red"), ("g", TYPED)], widget=forms.RadioSelect, help_text="Pick one.")
    tags = forms.MultipleChoiceField(
        choices=[(TYPED, [("a", "A"), ("b", "B")]), ("Other", [(1000, 1000)])], widget=forms.CheckboxSelectMultiple
    )
    optional = forms.MultipleChoiceField(
        choices=[("x", "X")], widget=forms.CheckboxSelectMultiple, required=False, label=""
    )
    when = forms.SplitDateTimeField(required=False)


@pytest.mark.parametrize("data", [None, {}, {"colour": "g", "tags": ["b", "1000"], "optional": ["x"]}])
@pytest.mark.parametrize("inline_errors", [False, True])
def test_groups_of_radio_buttons_and_check_boxes_are_those_crispy_wrote(data, inline_errors):
    form = Choices(data=data)
    if data is not None:
        form.is_valid()
    assert_written_as_crispy_writes(form, helper=inline_errors)
    assert 'type="radio"' in crispy_fields(form) and "<script>" not in crispy_fields(form)


class Kept:
    """A stored file as a form shows it: a name and an address."""

    name = "minutes <2025>.pdf"
    url = "/media/minutes.pdf"

    def __str__(self):
        return self.name


@pytest.mark.parametrize("required", [False, True])
def test_a_file_kept_is_written_by_crispys_template_with_its_clear_box(required):
    class Upload(forms.Form):
        document = forms.FileField(required=required)

    form = Upload(initial={"document": Kept()})
    assert_written_as_crispy_writes(form)
    written = crispy_fields(form)
    assert 'href="/media/minutes.pdf"' in written and "minutes &lt;2025&gt;.pdf" in written
    assert ("document-clear" in written) is not required
