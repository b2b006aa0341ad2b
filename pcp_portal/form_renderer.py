"""Form widgets written in Python: the same markup as Django's widget templates, without the template engine.

Django renders every widget through a template, and every option of a select through a template of its own: a
select of 60 people is 61 template renders, and an editor with 90 widgets spent most of its time there. The
renderer below writes the common widgets (the `<input>` kinds, `<textarea>` and `<select>`) in Python, byte for
byte what Django's templates write (`tests/test_form_renderer.py` holds it to them), and leaves every other
widget to the templates.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import escape
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"
# The widget templates that are only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = {
    f"{_WIDGETS}{kind}.html"
    for kind in (
        "input", "text", "hidden", "number", "email", "url", "password", "search", "tel",
        "date", "datetime", "time", "color", "file", "checkbox",
    )
}  # fmt: skip
TEXTAREA_TEMPLATE = f"{_WIDGETS}textarea.html"
SELECT_TEMPLATE = f"{_WIDGETS}select.html"
OPTION_TEMPLATE = f"{_WIDGETS}select_option.html"

# `{{ value }}` in a template: localised, zone converted, escaped unless already safe.
_DISPLAY_CONTEXT = Context(autoescape=True)


def _shown(value) -> str:
    return render_value_in_context(value, _DISPLAY_CONTEXT)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: the plain string, escaped unless the value was already safe."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def attributes(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: `True` writes the bare name and `False` nothing."""
    written = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            written.append(f" {_shown(name)}")
        else:
            written.append(f' {_shown(name)}="{_formatted(value)}"')
    return "".join(written)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    kind, name = _shown(widget["type"]), _shown(widget["name"])
    return f'<input type="{kind}" name="{name}"{value}{attributes(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    text = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{attributes(widget["attrs"])}>\n{text}</textarea>'


def _select(widget: dict) -> str | None:
    written = [f'<select name="{_shown(widget["name"])}"{attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            written.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None  # an option of another kind: the templates write the whole select
            written.append(
                f'\n  <option value="{_formatted(option["value"])}"{attributes(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"
            )
        if group_name:
            written.append("\n  </optgroup>")
    written.append("\n</select>")
    return "".join(written)


class FormRenderer(DjangoTemplates):
    """Django's default renderer, with the common widgets written in Python (see the module's docstring)."""

    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return _input(context["widget"])
        if template_name == TEXTAREA_TEMPLATE:
            return _textarea(context["widget"])
        if template_name == SELECT_TEMPLATE:
            written = _select(context["widget"])
            if written is not None:
                return written
        return super().render(template_name, context, request)
