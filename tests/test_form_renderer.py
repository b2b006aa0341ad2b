"""The portal's form renderer writes the common widgets in Python: the same bytes as Django's templates."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from boards.models import Person
from pcp_portal.form_renderer import FormRenderer

TYPED = "<b>\"Tom\" & 'Jerry'</b>"


class Everything(forms.Form):
    text = forms.CharField(max_length=20, help_text="help")
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": TYPED, "data-x": 3}))
    number = forms.IntegerField(min_value=0)
    decimal = forms.DecimalField(max_digits=6, decimal_places=2, required=False)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), required=False)
    moment = forms.DateTimeField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    tick = forms.BooleanField(required=False)
    tick_disabled = forms.BooleanField(required=False, disabled=True)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    upload = forms.FileField(required=False)
    choice = forms.ChoiceField(choices=[("", "---------"), ("a", TYPED), ("b", gettext_lazy("Bee")), (3, 1234)])
    grouped = forms.ChoiceField(
        choices=[("", "None"), (TYPED, [("x", "Ex"), ("y", "Why")]), ("Plain", [("z", mark_safe("<i>Zed</i>"))])],
        required=False,
    )
    several = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")], required=False)
    yes_no = forms.NullBooleanField(required=False)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, required=False)
    boxes = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, required=False
    )
    safe_attr = forms.CharField(required=False, widget=forms.TextInput(attrs={"title": mark_safe("<ok>"), "x": True}))
    false_attr = forms.CharField(required=False, widget=forms.TextInput(attrs={"hidden": False, "disabled": True}))


BOUND = {
    "text": TYPED,
    "optional": "  spaced  ",
    "number": "-3",
    "decimal": "12.5",
    "email": "a@example.org",
    "url": "javascript:alert(1)",
    "day": "2026-02-29",
    "moment": "2026-03-29 01:30",
    "secret": TYPED,
    "hidden": TYPED,
    "tick": "on",
    "body": f"\n{TYPED}\nsecond line\n",
    "choice": "3",
    "grouped": "y",
    "several": ["a", "c"],
    "yes_no": "true",
    "radio": "b",
    "boxes": ["b"],
    "safe_attr": "",
    "false_attr": "value",
}
INITIAL = {
    "text": TYPED,
    "number": 0,
    "decimal": 0,
    "day": datetime.date(2024, 2, 29),
    "moment": datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC),
    "tick": True,
    "body": TYPED,
    "choice": 3,
    "several": ["b"],
    "yes_no": False,
}


def _written(bound, renderer) -> str:
    """The field's widget as the editor's template writes it (crispy adds a class), by `renderer`."""
    attrs = bound.build_widget_attrs({"class": "form-control is-invalid", "id": bound.auto_id})
    return bound.field.widget.render(bound.html_name, bound.value(), attrs, renderer)


@pytest.mark.parametrize(
    "form",
    [Everything(), Everything(data=BOUND), Everything(initial=INITIAL), Everything(data={})],
    ids=["blank", "bound", "initial", "invalid"],
)
def test_every_widget_is_written_as_djangos_templates_write_it(form):
    if form.is_bound:
        form.is_valid()
    for name in form.fields:
        assert _written(form[name], FormRenderer()) == _written(form[name], DjangoTemplates()), name


def test_typed_text_is_escaped_in_every_widget():
    html = str(Everything(data=BOUND))
    assert TYPED not in html
    assert "&lt;b&gt;&quot;Tom&quot; &amp; &#x27;Jerry&#x27;&lt;/b&gt;" in html


def test_the_portal_renders_forms_with_it():
    assert isinstance(get_default_renderer(), FormRenderer)


@pytest.mark.django_db
def test_a_model_select_is_written_as_djangos_templates_write_it():
    Person.objects.create(name=TYPED, initials="TJ")
    Person.objects.create(name="Alex Example", initials="AE")

    class Chooser(forms.Form):
        person = forms.ModelChoiceField(Person.objects.order_by("name"))
        people = forms.ModelMultipleChoiceField(Person.objects.order_by("name"), required=False)

    form = Chooser(data={"person": str(Person.objects.get(initials="TJ").pk)})
    for name in form.fields:
        assert _written(form[name], FormRenderer()) == _written(form[name], DjangoTemplates()), name
