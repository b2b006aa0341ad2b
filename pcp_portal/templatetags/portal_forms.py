from django import template

from pcp_portal.form_fields import crispy_fields

register = template.Library()


@register.filter
def as_fields(form, errors: str = ""):
    """`{{ form|as_fields }}`: what `{{ form|crispy }}` writes, without the template engine (see `form_fields`);
    `{{ form|as_fields:"inline" }}`: what `{% crispy form %}` writes for a form whose helper only drops the tag."""
    return crispy_fields(form, inline_errors=errors == "inline")
