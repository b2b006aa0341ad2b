"""Checking what staff upload to the archive: single files, and zips of them, before anything is stored.

A zip is judged by its directory before a byte is decompressed: too many
entries, too much once uncompressed, an entry larger than one file may be,
a password, or a file the reader does not take, and the whole zip is refused
with the reason. Each entry is then read with its size bounded, so a zip
whose directory lies cannot make the portal decompress more than it said.
A Word file is a zip too, and gets the same bounds.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .reading.word import NOT_WORD, TOO_BIG, docx_zip_problem
from .services.intake import SUFFIXES

#: Files a zip made on a Mac or in Windows carries beside the documents; left out without a word.
SYSTEM_FILES = {"thumbs.db", "desktop.ini", ".ds_store"}


class Refused(ValueError):
    """The upload cannot be taken; the message says why, naming the file."""


@dataclass
class Incoming:
    """One file to import: its name, and how to get its bytes (read once, when it is stored)."""

    name: str
    read: Callable[[], bytes]


def kinds_taken() -> str:
    return ", ".join(SUFFIXES[:-1]) + " or " + SUFFIXES[-1]


def suffix_of(name: str) -> str:
    return PurePath(name).suffix.lower()


def check_content(name: str, data: bytes) -> None:
    """Refuse a file whose bytes are not what its name says (a renamed file), or that is empty or too large."""
    if not data:
        raise Refused(f"“{name}” is empty.")
    if len(data) > settings.ARCHIVE_MAX_BYTES:
        raise Refused(f"“{name}” is larger than {filesizeformat(settings.ARCHIVE_MAX_BYTES)}.")
    _check_start(name, data[:HEAD])
    if suffix_of(name) == ".docx":
        _check_docx(name, io.BytesIO(data))


#: How much of a file its type is told from.
HEAD = 65536


def _check_start(name: str, head: bytes) -> None:
    suffix = suffix_of(name)
    if suffix == ".pdf" and not head[:1024].lstrip().startswith(b"%PDF-"):
        raise Refused(f"“{name}” is not a PDF file, whatever its name says.")
    if suffix == ".txt" and b"\x00" in head:
        raise Refused(f"“{name}” is not a text file, whatever its name says.")


def check_upload(upload) -> None:
    """`check_content` for an uploaded file, reading only its start (and a Word file's directory), not all of it."""
    if not upload.size:
        raise Refused(f"“{upload.name}” is empty.")
    if upload.size > settings.ARCHIVE_MAX_BYTES:
        raise Refused(f"“{upload.name}” is larger than {filesizeformat(settings.ARCHIVE_MAX_BYTES)}.")
    upload.seek(0)
    _check_start(upload.name, upload.read(HEAD))
    if suffix_of(upload.name) == ".docx":
        upload.seek(0)
        _check_docx(upload.name, upload)
    upload.seek(0)


def _check_docx(name: str, handle) -> None:
    problem = docx_zip_problem(handle)
    if problem == NOT_WORD:
        raise Refused(f"“{name}” is not a Word (.docx) file, whatever its name says.")
    if problem == TOO_BIG:
        raise Refused(f"“{name}” would take too much space once opened; it cannot be imported.")


def incoming_files(uploads) -> list[Incoming]:
    """The files of one upload, each checked, a zip's entries listed; raises `Refused` with the first problem."""
    found: list[Incoming] = []
    for upload in uploads:
        suffix = suffix_of(upload.name)
        if suffix == ".zip":
            found += list(zip_entries(upload))
        elif suffix in SUFFIXES:
            check_upload(upload)
            # Read when stored, one file at a time: an upload of many files is never all in memory at once.
            found.append(Incoming(upload.name, lambda upload=upload: _read_upload(upload)))
        else:
            raise Refused(f"“{upload.name}” is not a {kinds_taken()} file, or a .zip of them.")
    if not found:
        raise Refused("There were no .txt, .docx or .pdf files in what you chose.")
    return found


def _read_upload(upload) -> bytes:
    upload.seek(0)
    return upload.read()


def _is_skipped(path: PurePosixPath) -> bool:
    return (
        "__MACOSX" in path.parts
        or path.name.casefold() in SYSTEM_FILES
        or path.name.startswith(("._", "~$"))  # a Mac's resource forks, Word's lock files
    )


def zip_entries(upload) -> Iterator[Incoming]:
    """A zip's documents, folders and system files left out; the zip is refused whole if any entry is not allowed."""
    if upload.size > settings.ARCHIVE_ZIP_MAX_BYTES:
        raise Refused(f"“{upload.name}” is larger than {filesizeformat(settings.ARCHIVE_ZIP_MAX_BYTES)}.")
    try:
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Refused(f"“{upload.name}” is not a zip file that can be opened.") from exc
    files = sum(1 for entry in entries if not entry.is_dir())
    if files > settings.ARCHIVE_ZIP_MAX_FILES:
        raise Refused(
            f"“{upload.name}” holds {files:,} files; at most {settings.ARCHIVE_ZIP_MAX_FILES:,} "
            "can be imported at once. Split it into smaller zips."
        )
    if sum(entry.file_size for entry in entries) > settings.ARCHIVE_ZIP_MAX_BYTES:
        raise Refused(
            f"“{upload.name}” would take more than {filesizeformat(settings.ARCHIVE_ZIP_MAX_BYTES)} once "
            "uncompressed. Split it into smaller zips."
        )
    documents, others = [], []
    for entry in entries:
        path = PurePosixPath(entry.filename.replace("\\", "/"))
        if entry.is_dir() or _is_skipped(path):
            continue
        if entry.flag_bits & 0x1:
            raise Refused(f"“{upload.name}” is protected by a password; zip the files again without one.")
        if suffix_of(path.name) not in SUFFIXES:
            others.append(path.name)
        elif entry.file_size > settings.ARCHIVE_MAX_BYTES:
            raise Refused(
                f"“{path.name}” in “{upload.name}” is larger than {filesizeformat(settings.ARCHIVE_MAX_BYTES)}."
            )
        else:
            documents.append((path.name, entry))
    if others:
        listed = ", ".join(f"“{name}”" for name in others[:5]) + (" …" if len(others) > 5 else "")
        raise Refused(
            f"“{upload.name}” holds files that are not {kinds_taken()}: {listed}. Take them out and upload it again."
        )
    for name, entry in documents:
        yield Incoming(name, lambda entry=entry: _read_entry(archive, entry))


def _read_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    """An entry's bytes, never more than one file may be, whatever its directory says."""
    try:
        with archive.open(entry) as handle:
            data = handle.read(settings.ARCHIVE_MAX_BYTES + 1)
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, RuntimeError) as exc:
        raise Refused(f"“{PurePosixPath(entry.filename).name}” could not be taken out of the zip ({exc}).") from exc
    check_content(PurePosixPath(entry.filename).name, data)
    return data
