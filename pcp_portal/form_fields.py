"""A form's fields in the markup crispy-forms' Bootstrap 5 pack gives them, written in Python.

crispy-forms renders each field through `bootstrap5/field.html`, a template of some forty conditions and four
nested includes: an editor of 90 fields spent half its time there. `crispy_fields(form)` writes the same markup
(the same elements, attributes and text; `tests/test_form_fields.py` holds it to crispy's, whitespace aside) for
the kinds of field the portal's forms use: text and number inputs, text areas, selects, check boxes, file inputs
and hidden fields. Any other kind (a group of radio buttons or check boxes) is still written by crispy's template,
so a form may mix them freely.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from django import forms
from django.template.loader import get_template
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

from .form_renderer import attributes

CRISPY_CONTEXT = {"form_show_errors": True, "form_show_labels": True, "label_class": "", "field_class": ""}


def crispy_fields(form: forms.BaseForm, *, inline_errors: bool = False) -> SafeString:
    """What `{{ form|crispy }}` writes: the form's non-field errors, then every field. With `inline_errors`,
    what `{% crispy form %}` writes (a helper's default): each error in a <span>, not a <p>."""
    parts = [_non_field_errors(form)]
    parts.extend(field_group(form[name], inline_errors=inline_errors) for name in form.fields)
    return mark_safe("".join(parts))  # noqa: S308 - each part escapes what it writes


def field_group(field: forms.BoundField, *, inline_errors: bool = False) -> str:
    """One field as crispy's `bootstrap5/field.html` writes it: wrapper, label, widget, errors and help."""
    widget = field.field.widget
    errors = _errors(field, "span" if inline_errors else "p")
    if field.is_hidden:
        return str(field)
    if isinstance(widget, forms.MultiWidget):
        return _by_crispy(field, inline_errors)
    if isinstance(widget, forms.RadioSelect):  # a CheckboxSelectMultiple is one too
        return f'<div id="div_{escape(field.auto_id)}" class="mb-3{_css(field)}">{_choices(field)}</div>'
    if isinstance(widget, forms.CheckboxInput):
        control = _widget(field, "form-check-input")
        return (
            f'<div class="mb-3"><div id="div_{escape(field.auto_id)}" class="form-check{_css(field)}">{control}'
            f'<label for="{escape(field.id_for_label)}" class="form-check-label{_required(field)}">'
            f"{conditional_escape(field.label)}{_asterisk(field)}</label>{errors}{_help(field)}</div></div>"
        )
    if isinstance(widget, forms.FileInput):
        if isinstance(widget, forms.ClearableFileInput) and widget.is_initial(field.value()):
            return _by_crispy(field, inline_errors)  # the file kept, with its "clear" box: crispy's template
        control = _file(field, errors)
    elif isinstance(widget, forms.Select):
        control = _widget(field, "form-select") + errors + _help(field)
    else:
        control = _widget(field, "form-control") + errors + _help(field)
    return f'<div id="div_{escape(field.auto_id)}" class="mb-3{_css(field)}">{_label(field)}{control}</div>'


def _by_crispy(field: forms.BoundField, inline_errors: bool) -> str:
    context = {**CRISPY_CONTEXT, "field": field, "error_text_inline": inline_errors}
    return remove_spaces(get_template("bootstrap5/field.html").render(context).strip())


def _css(field: forms.BoundField) -> str:
    classes = field.css_classes()
    return f" {escape(classes)}" if classes else ""


def _required(field: forms.BoundField) -> str:
    return " requiredField" if field.field.required else ""


def _asterisk(field: forms.BoundField) -> str:
    return '<span class="asteriskField">*</span>' if field.field.required else ""


def _label(field: forms.BoundField) -> str:
    if not field.label:
        return ""
    target = f'for="{escape(field.id_for_label)}" ' if field.id_for_label else ""
    return (
        f'<label {target}class="form-label{_required(field)}">{conditional_escape(field.label)}{_asterisk(field)}'
        "</label>"
    )


def _widget(field: forms.BoundField, bootstrap: str) -> str:
    """The widget with the classes crispy gives it: its own, its kind's name, Bootstrap's, and the error's."""
    widget = field.field.widget
    kind = widget.__class__.__name__.lower()
    own = widget.attrs.get("class", "")
    classes = (own + (f" {kind}" if own.find(kind) == -1 else "")) if own else kind
    for added in (bootstrap + (" is-invalid" if field.errors else "")).split():
        if added not in classes.split():
            classes += " " + added
    written = field.as_widget(attrs={"class": classes})
    if field.field.show_hidden_initial:  # as `str(field)` writes it, for a field with a callable default
        written += field.as_hidden(only_initial=True)
    return written


def _choices(field: forms.BoundField) -> str:
    """crispy's `radio_checkbox_select.html` inside a <fieldset> whose legend is the field's label."""
    widget = field.field.widget
    widget_id = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": widget_id} if widget_id else {})
    groups = widget.optgroups(field.html_name, widget.format_value(field.value()), attrs)
    invalid = " is-invalid" if field.errors else ""
    written = ["<div>"]
    for group_number, (group, options, _index) in enumerate(groups, start=1):
        if group:
            written.append(f"<strong>{conditional_escape(group)}</strong>")
        for number, option in enumerate(options, start=1):
            value = conditional_escape(str(localize(option["value"], use_l10n=False)))
            label = conditional_escape(str(localize(option["label"], use_l10n=False)))
            written.append(
                f'<div class="form-check"><input type="{escape(option["type"])}" class="form-check-input{invalid}" '
                f'name="{escape(field.html_name)}" value="{value}"{attributes(option["attrs"])}>'
                f'<label for="{escape(option["attrs"].get("id", ""))}" class="form-check-label">{label}</label>'
            )
            if field.errors and number == len(options) and group_number == len(groups):
                written.append(_errors(field, "p"))  # crispy's template writes them so, inline or not
            written.append("</div>")
    written.append("</div>" + _help(field))
    if not field.label:
        return "".join(written)
    described = f' aria-describedby="{escape(field.aria_describedby)}"' if field.aria_describedby else ""
    legend = f'<legend class="form-label{_required(field)} fs-6">{conditional_escape(field.label)}{_asterisk(field)}'
    return f"<fieldset{described}>{legend}</legend>{''.join(written)}</fieldset>"


def _file(field: forms.BoundField, errors: str) -> str:
    """crispy's `field_file.html`: the input written by hand, inside a <div>, with its errors and help."""
    widget = field.field.widget
    data = widget.get_context(field.html_name, field.value(), field.build_widget_attrs({"id": field.auto_id}))
    data = data["widget"]
    classes = "form-control" + (f" {data['attrs']['class']}" if data["attrs"].get("class") else "")
    classes += " is-invalid" if field.errors else ""
    attrs = {name: value for name, value in data["attrs"].items() if name != "class"}
    disabled = " disabled" if field.field.disabled else ""
    invalid = ' class="is-invalid"' if field.errors else ""
    return (
        f'<div{invalid}><input type="{escape(data["type"])}" name="{escape(data["name"])}" '
        f'class="{escape(classes)}"{disabled}{attributes(attrs)}>{errors}{_help(field)}</div>'
    )


def _errors(field: forms.BoundField, tag: str) -> str:
    if not field.errors:
        return ""
    lines = "".join(
        f'<{tag} id="error_{number}_{escape(field.auto_id)}"><strong>{conditional_escape(error)}</strong></{tag}>'
        for number, error in enumerate(field.errors, start=1)
    )
    return f'<div id="{escape(field.errors.field_id)}_error" class="invalid-feedback">{lines}</div>'


def _help(field: forms.BoundField) -> str:
    if not field.help_text:
        return ""
    target = f'id="{escape(field.auto_id)}_helptext" ' if field.auto_id else ""
    return f'<div {target}class="form-text">{field.help_text}</div>'  # help text is the portal's, as crispy's |safe


def _non_field_errors(form: forms.BaseForm) -> str:
    errors = form.non_field_errors()
    if not errors:
        return ""
    items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
    return f'<div class="alert alert-block alert-danger"><ul class="m-0">{items}</ul></div>'
