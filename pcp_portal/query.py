"""Values from a query string, as the database may be asked for them."""

from __future__ import annotations

from django.http import QueryDict


def query_value(query: QueryDict, name: str, length: int = 200) -> str:
    """`query[name]` ("" if absent), without NUL characters, which PostgreSQL refuses in any string (a 500
    otherwise: nobody means to look for one), and at most `length` characters long."""
    return query.get(name, "").replace("\x00", "")[:length]
