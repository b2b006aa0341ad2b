"""Image files for the tests: real ones, and ones crafted to be refused."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def png_bytes(width: int = 120, height: int = 80, colour=(20, 90, 160)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def noisy_png(width: int = 200, height: int = 200) -> bytes:
    """A PNG whose data does not compress to nothing, so cutting it short cuts pixels."""
    out = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(width: int = 160, height: int = 100) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(out, "JPEG")
    return out.getvalue()


def gif_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG header declaring `width` × `height` pixels, with a few bytes of (one row of) data."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = zlib.compress(b"\x00" + b"\x00" * ((width + 7) // 8))
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", row) + _chunk(b"IEND", b"")


def bomb_png(width: int, height: int) -> bytes:
    """A real, complete PNG of `width` × `height` blank pixels: tiny on disk, large once decoded."""
    raw = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    data = b"".join(raw.compress(row) for _ in range(height)) + raw.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def svg_bytes(inside: str = "", *, attributes: str = 'width="200" height="100"', text: str = "") -> bytes:
    """An SVG drawing: a bar chart's bars, `inside` added to them, and `text` written on it."""
    label = f'<text x="10" y="90" font-size="12">{text}</text>' if text else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {attributes}>'
        '<rect x="10" y="20" width="30" height="60" fill="#1f5a96"/>'
        '<rect x="50" y="40" width="30" height="40" fill="#8a1c1c"/>'
        f"{inside}{label}</svg>"
    ).encode()
