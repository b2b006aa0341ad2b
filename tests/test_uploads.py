"""Appendices must be readable PDFs of at most 20 MB, checked by parsing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ValidationError
from pypdf import PdfWriter

from boards.forms import validate_pdf_upload


def pdf_bytes(pages: int = 1, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(content: bytes, name: str = "appendix.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_real_pdf_is_accepted_with_its_facts():
    facts = validate_pdf_upload(upload(pdf_bytes(pages=3)))
    assert facts["page_count"] == 3
    assert len(facts["sha256"]) == 64


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused():
    with pytest.raises(ValidationError, match="not a PDF"):
        validate_pdf_upload(upload(b"MZ\x90\x00 this is a program", "appendix.pdf"))


def test_a_damaged_pdf_is_refused():
    damaged = pdf_bytes()[:60]
    with pytest.raises(ValidationError, match="cannot be read"):
        validate_pdf_upload(upload(damaged))


def test_a_password_protected_pdf_is_refused():
    with pytest.raises(ValidationError, match="password"):
        validate_pdf_upload(upload(pdf_bytes(password="secret")))


def test_a_pdf_over_the_limit_is_refused(settings):
    settings.APPENDIX_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="at most"):
        validate_pdf_upload(upload(pdf_bytes() + b"\n%" + b"x" * 2000))
