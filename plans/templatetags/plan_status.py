"""Statuses in words and symbols, never colour alone."""

from functools import cache

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from plans.models import RAG, Direction

register = template.Library()


@register.filter
@cache
def rag(value):
    """A status as a badge: its symbol (hidden from screen readers) and its word. Worked out once a status (a
    timeline writes forty): the badge depends on the status alone."""
    if not value:
        return mark_safe('<span class="rag rag-none">Not assessed</span>')  # noqa: S308 - a constant
    return format_html(
        '<span class="rag rag-{}"><span aria-hidden="true">{} </span>{}</span>',
        value.lower(),
        RAG.symbol(value),
        RAG(value).label,
    )


@register.filter
def rag_text(value):
    return f"{RAG.symbol(value)} {RAG(value).label}" if value else "Not assessed"


@register.filter
@cache
def travel(value):
    """A direction of travel: its symbol (hidden from screen readers) and its word; once a direction, as `rag`."""
    if not value:
        return "–"
    return format_html('<span aria-hidden="true">{} </span>{}', Direction.symbol(value), Direction(value).label)


@register.filter
def travel_text(value):
    return f"{Direction.symbol(value)} {Direction(value).label}" if value else "–"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
