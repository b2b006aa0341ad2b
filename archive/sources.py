"""The files an import is given: single files, folders walked recursively, and zips, checked before reading.

Each file comes out as a `Source` with its name (for the report, "2018.zip/papers/item-5.txt") and a way to
get its bytes, or with the reason it cannot be read. A zip is checked by its directory before anything is
unpacked: too many entries, too many bytes in all, or an entry that claims more than it holds (a zip bomb)
stop it, and each entry is read with its declared size as a hard limit.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from .services.intake import SUFFIXES


@dataclass
class Source:
    name: str  # as reported: the path given, or the zip's path and the entry's
    load: Callable[[], bytes] | None = None
    problem: str = ""  # why it is not read; `load` is None then


def sources(paths: list[str]) -> Iterator[Source]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                yield from _file(child, walked=True)
        elif path.is_file():
            yield from _file(path, walked=False)
        else:
            yield Source(given, problem="There is no such file or folder.")


def _too_big(size: int) -> str:
    limit = settings.ARCHIVE_MAX_BYTES
    return f"The file is {size:,} bytes; the largest read is {limit:,} bytes." if size > limit else ""


def _file(path: Path, *, walked: bool) -> Iterator[Source]:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        yield from _zip(path)
        return
    if suffix not in SUFFIXES:
        if not walked or not path.name.startswith("."):
            yield Source(str(path), problem="Only .txt, .docx and .pdf files (and zips of them) are imported.")
        return
    size = path.stat().st_size
    if problem := _too_big(size):
        yield Source(str(path), problem=problem)
        return
    yield Source(str(path), load=path.read_bytes)


def _zip(path: Path) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Source(str(path), problem=f"The zip cannot be opened: {exc}.")
        return
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir()]
        total = sum(info.file_size for info in entries)
        if len(entries) > settings.ARCHIVE_ZIP_MAX_FILES:
            yield Source(
                str(path),
                problem=f"The zip holds {len(entries):,} files; at most "
                f"{settings.ARCHIVE_ZIP_MAX_FILES:,} are read from one zip.",
            )
            return
        if total > settings.ARCHIVE_ZIP_MAX_BYTES:
            yield Source(
                str(path),
                problem=f"The zip unpacks to {total:,} bytes; at most "
                f"{settings.ARCHIVE_ZIP_MAX_BYTES:,} are read from one zip.",
            )
            return
        for info in entries:
            inner = PurePosixPath(info.filename)
            name = f"{path}/{info.filename}"
            if inner.name.startswith(".") or "__MACOSX" in inner.parts:
                continue
            if inner.suffix.lower() not in SUFFIXES:
                yield Source(name, problem="Only .txt, .docx and .pdf files are read from a zip.")
            elif info.flag_bits & 0x1:
                yield Source(name, problem="The file is encrypted in the zip.")
            elif problem := _too_big(info.file_size):
                yield Source(name, problem=problem)
            else:
                data = _read_entry(archive, info)
                yield (
                    Source(name, load=lambda data=data: data) if isinstance(data, bytes) else Source(name, problem=data)
                )


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | str:
    """The entry's bytes, reading at most one byte more than it declares: one that holds more is refused."""
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        return f"The file cannot be unpacked: {exc}."
    if len(data) > info.file_size:
        return "The file unpacks to more than the zip says it holds; it is not read."
    return data
