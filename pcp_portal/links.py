"""`reverse()` for the links every list page writes by the hundred.

Django's `reverse()` tries each pattern of the URL's name and checks its result
against the pattern's regular expression, every time: some 30 microseconds a
link, which a page of 50 meetings with their 300 papers pays 350 times. A
link whose arguments are whole numbers and slugs needs none of that once the
URL is known: `link()` reverses each URL name once with stand-in arguments and
fills them in after. Any other argument goes through `reverse()` as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# A path as `link()` and `reverse()` write them: nothing in it that `build_absolute_uri` would quote or resolve.
_PLAIN_PATH = re.compile(r"/(?!/)[-a-zA-Z0-9_./~%]*")

# Text that both the `int` and the `slug` converter accept, and that no URL of the portal holds.
_STAND_IN = 9_100_000_000
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+")


def link(name: str, *args) -> str:
    """`reverse(name, args=args)`, for arguments that are whole numbers or slugs."""
    template, numbers = _template(name, len(args), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    for arg, number in zip(args, numbers, strict=True):
        plain = str(arg) if type(arg) is int and arg >= 0 else arg if type(arg) is str else ""
        if not _PLAIN.fullmatch(plain) or (number and not plain.isdigit()):
            return reverse(name, args=args)
    return template.format(*args)


@lru_cache(maxsize=256)
def _template(name: str, arity: int, prefix: str, urlconf: str) -> tuple[str, tuple[bool, ...]]:
    """The URL with a place for each argument, and for each whether it must be a whole number."""
    stand_ins = [str(_STAND_IN + position) for position in range(arity)]
    url = reverse(name, args=stand_ins, urlconf=urlconf).replace("{", "{{").replace("}", "}}")
    for position, stand_in in enumerate(stand_ins):
        url = url.replace(stand_in, f"{{{position}}}")
    numbers = []
    for position in range(arity):
        try:
            reverse(name, args=[*stand_ins[:position], "x", *stand_ins[position + 1 :]], urlconf=urlconf)
            numbers.append(False)
        except NoReverseMatch:
            numbers.append(True)
    return url, tuple(numbers)


def absolute(request, path: str) -> str:
    """`request.build_absolute_uri(path)`, for the hundreds of links an open-data page writes: the scheme and
    host are worked out once a request (Django checks the host against `ALLOWED_HOSTS` and splits and quotes
    the whole address each time). A path that is not a plain absolute path goes to Django as before."""
    if not _PLAIN_PATH.fullmatch(path) or "/./" in path or "/../" in path:
        return request.build_absolute_uri(path)
    origin = request.__dict__.get("_absolute_origin")
    if origin is None:
        origin = request.__dict__["_absolute_origin"] = request.build_absolute_uri("/")[:-1]
    return origin + path
