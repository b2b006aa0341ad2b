"""What the portal's e-mails put in a header."""

from __future__ import annotations

import re

# What Python's e-mail package reads as the end of a header line (`str.splitlines` breaks there) or cannot
# send in one: control characters, NEL and the Unicode line and paragraph separators.
_BREAKS = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]+")


def subject_line(text: str) -> str:
    """`text` as one line for a subject: a title pasted from Word carries vertical tabs (its line breaks), which
    split the header (what followed became a header line of its own) or made the e-mail fail to send. Each run
    of such characters becomes a space."""
    return _BREAKS.sub(" ", text).strip()
