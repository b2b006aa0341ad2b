"""Uploaded figures: PNG, JPEG or SVG, known by parsing the bytes, never by a name or a declared type.

A raster image is decoded with Pillow (`verify()` reads every chunk, then
the image is decoded for real), after its declared size has been checked, so
a small file that would decode to gigabytes (a decompression bomb) is
refused before any pixel is made. An SVG is parsed with defusedxml (no DTD,
no entities, nothing fetched) and refused, not cleaned, if it holds anything
that runs or reaches outside itself: scripts, foreign objects, event
handlers, links and references to other files, style sheets imported from
elsewhere. The figure served and printed is then exactly the file the
author chose.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

import weasyprint.images  # noqa: F401 - it relaxes Pillow's truncation check on import: let it do so first
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageFile, UnidentifiedImageError

PNG, JPEG, SVG = "image/png", "image/jpeg", "image/svg+xml"
FORMATS = {"PNG": PNG, "JPEG": JPEG, "MPO": JPEG}  # MPO: a JPEG with a second picture (phones)
OPENED = ["PNG", "JPEG"]
SVG_NS = "http://www.w3.org/2000/svg"
XHTML_NS = "http://www.w3.org/1999/xhtml"
# Elements that run code, or show another document inside the figure.
ACTIVE_ELEMENTS = {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
ANIMATIONS = {"set", "animate", "animatecolor", "animatemotion", "animatetransform"}
URL_REFERENCE = re.compile(r"url\(\s*(['\"]?)\s*(?P<target>[^'\")]*)", re.IGNORECASE)
# Every element is a node to lay out; <use> repeats what it points at, so it counts that again.
MAX_SVG_NODES = 20_000


class ImageRefused(ValueError):
    """The file is not a figure the portal accepts; the message says why and what to do."""


@dataclass(frozen=True)
class ImageFacts:
    content_type: str
    width: int | None
    height: int | None
    size: int
    sha256: str

    @property
    def extension(self) -> str:
        return {PNG: "png", JPEG: "jpg", SVG: "svg"}[self.content_type]


def check_image(content: bytes, *, max_bytes: int, max_pixels: int) -> ImageFacts:
    """The facts of an acceptable figure, or `ImageRefused` saying what is wrong with it."""
    if len(content) > max_bytes:
        raise ImageRefused(too_large(len(content), max_bytes))
    if not content:
        raise ImageRefused("The file is empty.")
    if _looks_like_xml(content):
        content_type = SVG
        width, height = _check_svg(content)
    else:
        content_type, width, height = _check_raster(content, max_pixels)
    return ImageFacts(
        content_type=content_type,
        width=width,
        height=height,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def too_large(size: int, max_bytes: int) -> str:
    return (
        f"The file is {filesizeformat(size)}; a figure can be at most {filesizeformat(max_bytes)}. "
        "Save it at a smaller size (a chart rarely needs more than 2000 pixels across)."
    )


def _looks_like_xml(content: bytes) -> bool:
    start = content[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith(b"<")


# PNG and JPEG

_strict = threading.Lock()


@contextmanager
def _truncated_images_refused():
    """Pillow decodes a cut-short file without complaint while `LOAD_TRUNCATED_IMAGES` is on, which
    WeasyPrint turns on for the whole process; it is turned off here only while a figure is checked."""
    with _strict:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _check_raster(content: bytes, max_pixels: int) -> tuple[str, int, int]:
    with warnings.catch_warnings(), _truncated_images_refused():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(content), formats=OPENED) as image:
                width, height = image.size
                _check_pixels(width, height, max_pixels)
                image.verify()
            with Image.open(io.BytesIO(content), formats=OPENED) as image:
                image.load()
                content_type = FORMATS[image.format]
        except ImageRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(max_pixels) from exc
        except UnidentifiedImageError as exc:
            raise ImageRefused(
                "The file is not a PNG, JPEG or SVG image. Export the figure as PNG or SVG "
                "(a chart) or JPEG (a photograph)."
            ) from exc
        except (OSError, SyntaxError, ValueError, KeyError, EOFError) as exc:
            # Pillow reports a damaged or cut-short file with any of these.
            raise ImageRefused(
                "The image cannot be read: the file is damaged or incomplete. Export the figure again and upload that."
            ) from exc
    return content_type, width, height


def _check_pixels(width: int, height: int, max_pixels: int) -> None:
    if width < 1 or height < 1 or width * height > max_pixels:
        raise _too_many_pixels(max_pixels, width, height)


def _too_many_pixels(max_pixels: int, width: int | None = None, height: int | None = None) -> ImageRefused:
    size = f"{width:,} × {height:,} pixels" if width and height else "more pixels than the portal can open"
    return ImageRefused(
        f"The image is {size}; a figure can have at most {max_pixels:,} pixels "
        "(for example 5000 × 5000). Save it at a smaller size."
    )


# SVG


def _local(name: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag or attribute name."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _check_svg(content: bytes) -> tuple[int | None, int | None]:
    root = None
    elements = []
    try:
        events = iterparse(
            io.BytesIO(content), events=("start", "pi"), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        for event, element in events:
            if event == "pi":
                if (element.text or "").lower().startswith("xml-stylesheet"):
                    raise ImageRefused(
                        "The SVG links a style sheet from another file. Save it again with its styles inside it."
                    )
                continue
            if root is None:
                root = element
            elements.append(element)
    except ImageRefused:
        raise
    except DefusedXmlException as exc:
        raise ImageRefused(
            "The SVG declares a document type or entities, which the portal does not accept. "
            "Save it again as plain SVG (“Plain SVG” or “Optimised SVG” in most drawing programs)."
        ) from exc
    except SyntaxError as exc:  # ElementTree's ParseError
        raise ImageRefused(
            "The file is not a PNG, JPEG or SVG image, or it is damaged. Export the figure again as PNG or SVG."
        ) from exc
    if root is None or _local(root.tag) != (SVG_NS, "svg"):
        raise ImageRefused("The file is XML but not an SVG image. Export the figure as SVG, PNG or JPEG.")
    for element in elements:
        _check_svg_element(element)
    _check_svg_size(root)
    return _svg_dimensions(root)


def _check_svg_element(element) -> None:
    if not isinstance(element.tag, str):
        return
    namespace, name = _local(element.tag)
    if name.lower() in ACTIVE_ELEMENTS or namespace == XHTML_NS:
        what = "a script" if name.lower() == "script" else f"a <{name}> element"
        raise ImageRefused(
            f"The SVG contains {what}, which could run code or show other content. "
            "Export the figure again without it, or as PNG."
        )
    for attribute, value in element.attrib.items():
        _, attribute_name = _local(attribute)
        lowered = attribute_name.lower()
        if lowered.startswith("on"):
            raise ImageRefused(
                f"The SVG contains an event handler ({attribute_name}), which would run code. "
                "Export the figure again without it, or as PNG."
            )
        if lowered == "href" and not value.strip().startswith("#"):
            raise ImageRefused(
                "The SVG refers to another file or address "
                f"({value.strip()[:60]}); a figure must be drawn entirely in the SVG itself, "
                "with no linked or embedded images. Export the figure as PNG instead."
            )
        _check_references(value)
        if lowered == "style":
            _check_css(value)
    if name.lower() in ANIMATIONS:
        target = element.attrib.get("attributeName", "").split(":")[-1].lower()
        if target == "href" or target.startswith("on"):
            raise ImageRefused(
                f"The SVG animates its {target} attribute, which can make a link or run code. "
                "Export the figure again without animation."
            )
    if name == "style":
        _check_css(element.text or "")


def _check_css(text: str) -> None:
    if "@import" in text.lower():
        raise ImageRefused("The SVG imports a style sheet from elsewhere. Save it again with its styles inside it.")
    if "\\" in text:
        raise ImageRefused("The SVG's styles use escape sequences, which the portal cannot check. Save it again.")
    _check_references(text)


def _check_references(text: str) -> None:
    """`url(...)` in a presentation attribute or a style may point only inside the drawing (`url(#gradient)`)."""
    for match in URL_REFERENCE.finditer(text):
        if not match.group("target").strip().startswith("#"):
            raise ImageRefused(
                f"The SVG refers to another file or address (url({match.group('target').strip()[:60]})); "
                "a figure must hold everything it shows. Export the figure again, or as PNG."
            )


def _check_svg_size(root) -> None:
    """Refuse a drawing too large to lay out, counting what each <use> repeats (a "billion laughs" of <use>)."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(element) -> int:
        key = id(element)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise ImageRefused("The SVG refers to itself in a loop (a <use> element that contains itself).")
        in_progress.add(key)
        total = 1 + sum(size(child) for child in element)
        if _local(element.tag)[1] == "use":
            reference = next((v for k, v in element.attrib.items() if _local(k)[1] == "href"), "")
            target = by_id.get(reference.strip().lstrip("#"))
            if target is not None:
                total += size(target)
        in_progress.discard(key)
        sizes[key] = min(total, MAX_SVG_NODES + 1)
        return sizes[key]

    try:
        too_large = size(root) > MAX_SVG_NODES
    except RecursionError as exc:
        raise ImageRefused("The SVG is nested too deeply to lay out. Simplify it, or export it as PNG.") from exc
    if too_large:
        raise ImageRefused(
            f"The SVG has more than {MAX_SVG_NODES:,} shapes (counting repeated ones); "
            "it would take too long to lay out. Simplify it, or export it as PNG."
        )


LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$")


def _svg_dimensions(root) -> tuple[int | None, int | None]:
    """The drawing's size in user units, from width and height, else from the viewBox; None if not stated."""
    width, height = (LENGTH.match(root.get(name, "")) for name in ("width", "height"))
    if width and height:
        return round(float(width.group(1))) or None, round(float(height.group(1))) or None
    box = re.split(r"[\s,]+", root.get("viewBox", "").strip())
    if len(box) == 4:
        try:
            return round(float(box[2])) or None, round(float(box[3])) or None
        except ValueError:
            pass
    return None, None
