"""Text out of a .txt, .docx or .pdf file. (First cut: plain text only; Word and PDF follow.)"""

from __future__ import annotations

from pathlib import PurePath


class Unreadable(ValueError):
    """The file cannot be read; the message says why, for staff."""


def text_of(name: str, data: bytes) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix == ".txt":
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    raise Unreadable(f"{name}: only .txt, .docx and .pdf files can be imported.")
