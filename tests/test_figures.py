"""Figures in papers: uploaded and checked by parsing, shown in the page and the PDF, served by the paper's rules."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ValidationError
from django.urls import reverse

from boards import search as board_search
from boards import services
from boards.forms import validate_figure_upload
from boards.models import Figure, Paper
from boards.prepublication import paper_problems
from boards.rendering import render_paper_pdf
from pcp_portal.access import IMAGE_POLICY
from pcp_portal.pdf import Resource, StoredFiles, pdf_text, render_html
from pcp_portal.roles import Role

from .factories import AgendaItemFactory, MeetingFactory, MembershipFactory, PersonFactory, UserFactory
from .images import bomb_png, gif_bytes, jpeg_bytes, noisy_png, png_bytes, png_claiming, svg_bytes
from .test_editor import edit_post, management
from .test_pdf_body import structure

S = Paper.Status
BODY = "Spending fell in every quarter.\n\n![Figure 1]\n\nThe chart below shows the trend.\n\n![Figure 2]"


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def add_figure(paper: Paper, content: bytes, name: str, *, alt="Bar chart of spend", caption="", position=0):
    """A figure checked and stored as the editor does it."""
    facts = validate_figure_upload(upload(content, name))
    figure = Figure(paper=paper, position=position, alt_text=alt, caption=caption, **facts)
    figure.file.save(name.rsplit(".", 1)[0] + "." + figure.extension, ContentFile(content), save=True)
    return figure


@pytest.fixture
def illustrated(make_paper, author, reviewer, secretary):
    """A paper whose section shows a PNG and an SVG figure, driven to `status` through the services."""

    def make(status=S.DRAFT, **fields):
        paper = make_paper(S.DRAFT, **fields)
        paper.sections.update(body=BODY)
        add_figure(paper, png_bytes(), "spend.png", alt="Bar chart of spend by quarter", caption="Spend by quarter")
        add_figure(paper, svg_bytes(text="SVGLABEL"), "trend.svg", alt="Line of cases rising", position=1)
        if status == S.DRAFT:
            return paper
        services.submit_paper(paper=paper, user=author)
        if status == S.SUBMITTED:
            return paper
        services.clear_paper(paper=paper, user=reviewer)
        if status == S.CLEARED:
            return paper
        if status == "withdrawn_unpublished":
            return services.withdraw_paper(paper=paper, user=secretary, reason="Not needed.")
        services.publish_paper(paper=paper, user=secretary)
        if status == S.WITHDRAWN:
            return services.withdraw_paper(paper=paper, user=secretary, reason="Wrong figures.")
        return Paper.objects.get(pk=paper.pk)

    return make


# The upload check


def test_a_png_a_jpeg_and_an_svg_are_accepted_with_their_facts():
    png = validate_figure_upload(upload(png_bytes(120, 80), "chart.png"))
    assert (png["content_type"], png["width"], png["height"]) == ("image/png", 120, 80)
    assert png["sha256"] == hashlib.sha256(png_bytes(120, 80)).hexdigest()
    jpeg = validate_figure_upload(upload(jpeg_bytes(160, 100), "photo.JPEG"))
    assert (jpeg["content_type"], jpeg["width"], jpeg["height"]) == ("image/jpeg", 160, 100)
    svg = validate_figure_upload(upload(svg_bytes(attributes='viewBox="0 0 300 150"'), "chart.svg"))
    assert (svg["content_type"], svg["width"], svg["height"]) == ("image/svg+xml", 300, 150)


def test_the_type_is_what_the_bytes_are_whatever_the_browser_or_a_missing_extension_says():
    file = SimpleUploadedFile("chart", png_bytes(), content_type="image/svg+xml")
    assert validate_figure_upload(file)["content_type"] == "image/png"
    assert file.name == "chart.png"


def test_an_svg_that_uses_its_own_gradients_and_defs_is_accepted():
    inside = (
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
        '<rect id="bar" width="5" height="5"/></defs>'
        '<rect width="10" height="10" fill="url(#g)" style="stroke: url(#g)"/><use href="#bar" x="20"/>'
        '<use xlink:href="#bar" x="40"/><style>rect { fill: url( "#g" ) }</style>'
    )
    assert validate_figure_upload(upload(svg_bytes(inside), "chart.svg"))["content_type"] == "image/svg+xml"


REFUSED = [
    pytest.param(png_bytes(), "chart.svg", "named “chart.svg” but it is a PNG image", id="png-named-svg"),
    pytest.param(svg_bytes(), "chart.png", "named “chart.png” but it is a SVG image", id="svg-named-png"),
    pytest.param(svg_bytes("<script>alert(1)</script>"), "c.svg", "contains a script", id="script"),
    pytest.param(
        svg_bytes('<script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script>'),
        "c.svg",
        "contains a script",
        id="xhtml-script",
    ),
    pytest.param(svg_bytes(attributes='onload="alert(1)"'), "c.svg", "event handler (onload)", id="onload"),
    pytest.param(svg_bytes('<rect onClick="alert(1)"/>'), "c.svg", "event handler (onClick)", id="onclick"),
    pytest.param(
        svg_bytes('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>'),
        "c.svg",
        "<foreignObject>",
        id="foreign-object",
    ),
    pytest.param(
        svg_bytes('<image href="https://tracker.example/pixel.png" width="10" height="10"/>'),
        "c.svg",
        "refers to another file or address (https://tracker.example/pixel.png)",
        id="external-image",
    ),
    pytest.param(
        svg_bytes('<image xlink:href="file:///etc/passwd" width="10" height="10"/>'),
        "c.svg",
        "refers to another file or address (file:///etc/passwd)",
        id="external-xlink",
    ),
    pytest.param(svg_bytes('<a href="javascript:alert(1)"><rect/></a>'), "c.svg", "javascript:", id="js-link"),
    pytest.param(
        svg_bytes('<rect style="fill: url(https://example.org/p.svg#x)"/>'),
        "c.svg",
        "url(https://example.org/p.svg#x)",
        id="style-url",
    ),
    pytest.param(svg_bytes('<rect fill="url(other.svg#g)"/>'), "c.svg", "url(other.svg#g)", id="attribute-url"),
    pytest.param(
        svg_bytes('<style>@import url("https://example.org/s.css");</style>'), "c.svg", "imports", id="import"
    ),
    pytest.param(svg_bytes("<style>rect { fill: u\\72l(x) }</style>"), "c.svg", "escape sequences", id="escape"),
    pytest.param(
        svg_bytes('<a><set attributeName="href" to="javascript:alert(1)"/><rect/></a>'),
        "c.svg",
        "animates its href",
        id="animated-href",
    ),
    pytest.param(
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "boom">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
        "c.svg",
        "document type or entities",
        id="entity",
    ),
    pytest.param(
        b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>',
        "c.svg",
        "document type or entities",
        id="dtd",
    ),
    pytest.param(
        b'<?xml-stylesheet href="https://example.org/s.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        "c.svg",
        "links a style sheet",
        id="stylesheet-pi",
    ),
    pytest.param(
        svg_bytes(
            '<defs><g id="a0"><rect/><rect/><rect/><rect/><rect/><rect/><rect/><rect/><rect/><rect/></g>'
            + "".join(f'<g id="a{n}">' + f'<use href="#a{n - 1}"/>' * 10 + "</g>" for n in range(1, 9))
            + '</defs><use href="#a8"/>'
        ),
        "c.svg",
        "more than 20,000 shapes",
        id="use-bomb",
    ),
    pytest.param(svg_bytes('<g id="loop"><use href="#loop"/></g>'), "c.svg", "in a loop", id="use-loop"),
    pytest.param(b"<html><body>not a drawing</body></html>", "c.svg", "not an SVG image", id="xml-not-svg"),
    pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>", "c.svg", "damaged", id="broken-xml"),
    pytest.param(noisy_png()[:-30], "c.png", "damaged or incomplete", id="truncated-png"),
    pytest.param(jpeg_bytes()[:-300], "c.jpg", "damaged or incomplete", id="truncated-jpeg"),
    pytest.param(gif_bytes(), "c.gif", "not a PNG, JPEG or SVG image", id="gif"),
    pytest.param(b"MZ\x90\x00 a program", "c.png", "not a PNG, JPEG or SVG image", id="program"),
    pytest.param(b"", "c.png", "empty", id="empty"),
    pytest.param(png_claiming(100_000, 100_000), "c.png", "more pixels than the portal can open", id="pillow-bomb"),
    pytest.param(png_claiming(6000, 5000), "c.png", "6,000 × 5,000 pixels", id="header-bomb"),
]


@pytest.mark.parametrize(("content", "name", "message"), REFUSED)
def test_a_bad_upload_is_refused_with_a_message_saying_why(content, name, message):
    with pytest.raises(ValidationError) as refusal:
        validate_figure_upload(upload(content, name))
    assert message in refusal.value.messages[0]


def test_a_real_decompression_bomb_is_refused_before_it_is_decoded(settings):
    """A complete, valid PNG of 4 million blank pixels is a few kilobytes; decoding is what costs."""
    settings.FIGURE_MAX_PIXELS = 1_000_000
    bomb = bomb_png(2000, 2000)
    assert len(bomb) < 20_000
    with pytest.raises(ValidationError, match="2,000 × 2,000 pixels; a figure can have at most 1,000,000"):
        validate_figure_upload(upload(bomb, "bomb.png"))


def test_an_oversized_file_is_refused_before_it_is_read(settings):
    settings.FIGURE_MAX_BYTES = 1000

    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("an oversized upload was read")

    with pytest.raises(ValidationError, match="a figure can be at most 1000"):
        validate_figure_upload(Unreadable("big.png", png_bytes(400, 400) + b"\0" * 2000))


# The editor


def figure_rows(paper, *rows, initial=0):
    """The figures part of the editor's post: `rows` are dicts of a row's fields."""
    data = management("figures", len(rows), initial)
    for index, row in enumerate(rows):
        data.update({f"figures-{index}-{key}": value for key, value in row.items()})
        data.setdefault(f"figures-{index}-ORDER", str(index + 1))
    return data


def test_an_author_uploads_a_figure_and_the_page_shows_it(client, make_paper, author):
    paper = make_paper()
    data = edit_post(paper)
    data["sections-0-body"] = "The chart shows the trend.\n\n![Figure 1]"
    data.update(
        figure_rows(
            paper,
            {"file": upload(png_bytes(), "chart.png"), "alt_text": "Cases rose each month", "caption": "Cases"},
        )
    )
    client.force_login(author)
    assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data).status_code == 302
    figure = paper.figures.get()
    assert (figure.label, figure.content_type, figure.width, figure.height) == ("1", "image/png", 120, 80)
    assert figure.sha256 == hashlib.sha256(png_bytes()).hexdigest() and figure.size == len(png_bytes())
    assert figure.history.count() == 1
    html = client.get(reverse("boards:staff_paper", args=[paper.pk])).content.decode()
    staff_url = reverse("boards:staff_figure", args=[paper.pk, figure.pk])
    assert f'<img src="{staff_url}" alt="Cases rose each month">' in html
    assert "<figcaption>Figure 1: Cases</figcaption>" in html
    editor = client.get(reverse("boards:staff_paper_edit", args=[paper.pk])).content.decode()
    assert f'class="figure-preview mb-2" src="{staff_url}"' in editor
    assert "/media/" not in editor


def test_a_refused_upload_shows_its_reason_beside_the_field_and_keeps_what_was_typed(client, make_paper, author):
    paper = make_paper()
    data = edit_post(paper, title="A title typed now")
    data.update(
        figure_rows(
            paper,
            {
                "file": upload(svg_bytes("<script>alert(1)</script>"), "chart.svg"),
                "alt_text": "Alt typed now",
                "caption": "Caption typed now",
            },
        )
    )
    client.force_login(author)
    response = client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error_1_id_figures-0-file"' in html and "contains a script" in html
    assert "A title typed now" in html and "Alt typed now" in html and "Caption typed now" in html
    assert "need to be chosen again: “chart.svg”" in html
    paper.refresh_from_db()
    assert paper.figures.count() == 0 and paper.version == 1 and paper.title != "A title typed now"


def test_alternative_text_is_required_in_the_editor(client, make_paper, author):
    paper = make_paper()
    data = edit_post(paper)
    data.update(figure_rows(paper, {"file": upload(png_bytes(), "chart.png"), "alt_text": " ", "caption": "Kept"}))
    client.force_login(author)
    response = client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data)
    assert response.status_code == 200
    assert 'id="error_1_id_figures-0-alt_text"' in response.content.decode()
    assert paper.figures.count() == 0


def test_a_figure_is_replaced_and_removed_while_the_paper_is_a_draft(client, make_paper, author):
    paper = make_paper()
    first = add_figure(paper, png_bytes(), "one.png", alt="First")
    second = add_figure(paper, png_bytes(colour=(0, 0, 0)), "two.png", alt="Second", position=1)
    client.force_login(author)
    data = edit_post(paper)
    data.update(
        figure_rows(
            paper,
            {"id": str(first.pk), "alt_text": "First, redrawn", "file": upload(svg_bytes(), "redrawn.svg")},
            {"id": str(second.pk), "alt_text": "Second", "DELETE": "on"},
            initial=2,
        )
    )
    assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data).status_code == 302
    first.refresh_from_db()
    assert list(paper.figures.all()) == [first]
    assert (first.content_type, first.alt_text, first.width) == ("image/svg+xml", "First, redrawn", 200)
    assert first.sha256 == hashlib.sha256(svg_bytes()).hexdigest() and first.file.name.endswith(".svg")
    paper.refresh_from_db()
    assert paper.version == 2

    # Saved again without choosing a file: the figure keeps its image.
    data = edit_post(paper)
    data.update(figure_rows(paper, {"id": str(first.pk), "alt_text": "First, once more"}, initial=1))
    assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data).status_code == 302
    first.refresh_from_db()
    assert first.alt_text == "First, once more" and first.content_type == "image/svg+xml"


def test_a_figure_saved_over_a_newer_version_is_refused(client, make_paper, author, secretary):
    paper = make_paper()
    stale = edit_post(paper)
    client.force_login(secretary)
    assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), edit_post(paper)).status_code == 302
    stale.update(figure_rows(paper, {"file": upload(png_bytes(), "chart.png"), "alt_text": "Typed"}))
    client.force_login(author)
    response = client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), stale)
    assert response.status_code == 200 and "Not saved" in response.content.decode()
    assert paper.figures.count() == 0


def test_figures_are_frozen_once_the_paper_leaves_the_draft(client, illustrated, author, secretary):
    paper = illustrated(S.PUBLISHED)
    figure = paper.figures.get(position=0)
    data = edit_post(paper)
    data.update(figure_rows(paper, {"id": str(figure.pk), "alt_text": "Changed", "DELETE": "on"}, initial=2))
    for user in (author, secretary):
        client.force_login(user)
        assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data).status_code == 403
    assert paper.figures.count() == 2 and paper.figures.get(pk=figure.pk).alt_text != "Changed"


def test_a_new_revision_copies_the_figures_and_changing_them_leaves_the_published_one_alone(
    client, illustrated, author
):
    paper = illustrated(S.PUBLISHED)
    revision = services.start_revision(paper=paper, user=author)
    originals = list(paper.figures.all())
    copies = list(revision.figures.all())
    assert [(f.position, f.alt_text, f.caption, f.sha256, f.file.name) for f in copies] == [
        (f.position, f.alt_text, f.caption, f.sha256, f.file.name) for f in originals
    ]
    assert {f.pk for f in copies}.isdisjoint(f.pk for f in originals)

    data = edit_post(revision)
    data["sections-0-body"] = BODY
    data.update(
        figure_rows(
            revision,
            {"id": str(copies[0].pk), "alt_text": "Redrawn", "file": upload(jpeg_bytes(), "photo.jpg")},
            {"id": str(copies[1].pk), "alt_text": copies[1].alt_text},
            initial=2,
        )
    )
    client.force_login(author)
    assert client.post(reverse("boards:staff_paper_edit", args=[revision.pk]), data).status_code == 302
    original = paper.figures.get(position=0)
    assert (original.alt_text, original.content_type) == ("Bar chart of spend by quarter", "image/png")
    response = client.get(reverse("boards:figure", args=[paper.pk, original.pk]))
    assert b"".join(response.streaming_content) == png_bytes()


# Serving


def read(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_public_gets_a_published_papers_figures_with_headers_that_let_nothing_run(client, illustrated):
    paper = illustrated(S.PUBLISHED)
    png, svg = paper.figures.all()
    response = client.get(reverse("boards:figure", args=[paper.pk, png.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert read(response) == png_bytes()
    assert response["ETag"] == f'"{png.sha256}"' and "public" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("inline")
    response = client.get(reverse("boards:figure", args=[paper.pk, svg.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    assert response["Content-Security-Policy"] == IMAGE_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    again = client.get(reverse("boards:figure", args=[paper.pk, svg.pk]), HTTP_IF_NONE_MATCH=f'"{svg.sha256}"')
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("status", "fields"),
    [
        (S.DRAFT, {}),
        (S.SUBMITTED, {}),
        (S.CLEARED, {}),
        ("withdrawn_unpublished", {}),
        (S.WITHDRAWN, {}),
        (S.PUBLISHED, {"marking": Paper.Marking.OFFICIAL_SENSITIVE}),
    ],
)
def test_the_public_never_gets_a_figure_of_a_paper_whose_text_it_may_not_read(client, illustrated, status, fields):
    paper = illustrated(status, **fields)
    for figure in paper.figures.all():
        assert client.get(reverse("boards:figure", args=[paper.pk, figure.pk])).status_code == 404


def test_the_public_never_gets_a_figure_of_an_exempt_item(client, illustrated, board):
    item = AgendaItemFactory(meeting=MeetingFactory(board=board), part="exempt", exemption_category="3")
    paper = illustrated(S.PUBLISHED, agenda_item=item)
    figure = paper.figures.first()
    assert client.get(reverse("boards:figure", args=[paper.pk, figure.pk])).status_code == 404


def test_a_figure_is_served_only_under_its_own_paper(client, illustrated):
    public = illustrated(S.PUBLISHED)
    draft = illustrated(S.DRAFT)
    hidden = draft.figures.first()
    assert client.get(reverse("boards:figure", args=[public.pk, hidden.pk])).status_code == 404


def test_the_public_page_shows_figures_from_the_public_urls_and_the_pdf_embeds_them(client, illustrated):
    paper = illustrated(S.PUBLISHED)
    png, svg = paper.figures.all()
    html = client.get(paper.get_absolute_url()).content.decode()
    public_url = reverse("boards:figure", args=[paper.pk, png.pk])
    assert f'<img src="{public_url}" alt="Bar chart of spend by quarter">' in html
    assert "/workspace/" not in html
    stored = read(client.get(reverse("boards:paper_pdf", args=[paper.pk])))
    assert (120, 80) in images_in(stored) and "SVGLABEL" in pdf_text(stored)
    assert "<figcaption>Figure 1: Spend by quarter</figcaption>" in html
    assert "<figcaption>Figure 2</figcaption>" in html


def test_a_former_member_loses_the_figures_with_the_paper(client, illustrated, board, member):
    former = UserFactory(username="former", roles=[Role.MEMBER])
    MembershipFactory(
        person=PersonFactory(user=former), board=board, starts_on=date(2020, 1, 1), ends_on=date(2021, 1, 1)
    )
    paper = illustrated(S.CLEARED, marking=Paper.Marking.OFFICIAL_SENSITIVE)
    url = reverse("boards:staff_figure", args=[paper.pk, paper.figures.first().pk])
    client.force_login(member)
    assert client.get(url).status_code == 200
    client.force_login(former)
    assert client.get(url).status_code == 404


# The PDF


def images_in(content: bytes) -> list[tuple[int, int]]:
    pdf = pikepdf.open(io.BytesIO(content))
    found = []
    for page in pdf.pages:
        for image in page.get_images().values():
            found.append((int(image.Width), int(image.Height)))
    return found


def test_the_pdf_embeds_the_figures_and_tags_them_with_their_alternative_text(illustrated):
    paper = illustrated(S.DRAFT)
    content = render_paper_pdf(paper).content
    alts = [extra.get("/Alt") for kind, extra, _ in structure(content) if kind == "/Figure"]
    assert alts == ["Bar chart of spend by quarter", "Line of cases rising"]
    assert (120, 80) in images_in(content)  # the PNG, as an image
    text = pdf_text(content)
    assert "SVGLABEL" in text  # the SVG, drawn
    assert "Figure 1: Spend by quarter" in text


def test_the_pdf_renderer_fetches_nothing_but_the_documents_own_files(illustrated, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the renderer opened a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    paper = illustrated(S.DRAFT)
    other = illustrated(S.DRAFT).figures.first()
    html = (
        '<html lang="en"><head><title>t</title></head><body>'
        f'<img src="{reverse("boards:staff_figure", args=[other.paper_id, other.pk])}" alt="OTHERPAPER">'
        '<img src="https://example.org/x.png" alt="OUTSIDE"><img src="file:///etc/hostname" alt="LOCALFILE">'
        f'<img src="{paper.figures.first().get_staff_url()}" alt="OWN"></body></html>'
    )
    own = {f.get_staff_url(): Resource(f.file, f.content_type) for f in paper.figures.all()}
    content = render_html(html, files=own).content
    assert images_in(content) == [(120, 80)]
    text = pdf_text(content)
    assert "OTHERPAPER" in text and "OUTSIDE" in text and "LOCALFILE" in text  # their alt text, not an image
    fetcher = StoredFiles(own)
    for url in ("https://example.org/x.png", "file:///etc/hostname", "http://127.0.0.1:8000/papers/1/pdf/"):
        with pytest.raises(ValueError, match="not a file of this document"):
            fetcher.fetch(url)


def test_publishing_with_a_figure_missing_from_storage_fails_with_a_message_and_changes_nothing(illustrated, secretary):
    paper = illustrated(S.CLEARED)
    figure = paper.figures.first()
    figure.file.storage.delete(figure.file.name)
    with pytest.raises(services.TransitionError, match="Figure 1 could not be read from storage"):
        services.publish_paper(paper=paper, user=secretary)
    paper.refresh_from_db()
    assert paper.status == S.CLEARED and not paper.pdf_sha256


# Text: search, comparison of versions, checks before submission


def test_alternative_text_and_captions_are_searchable_once_published(illustrated):
    body = board_search.paper_document(illustrated(S.PUBLISHED)).body
    assert "Figure 1: Spend by quarter" in body
    assert "Alternative text: Bar chart of spend by quarter" in body
    assert "Alternative text: Line of cases rising" in body


def test_adding_and_replacing_a_figure_shows_in_the_comparison_of_versions(client, make_paper, author):
    paper = make_paper()
    client.force_login(author)
    data = edit_post(paper)
    data.update(figure_rows(paper, {"file": upload(png_bytes(), "c.png"), "alt_text": "Cases", "caption": "Trend"}))
    assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data).status_code == 302
    diff = client.get(reverse("boards:staff_paper_history", args=[paper.pk])).context["diff"]
    added = [line["text"] for line in diff["lines"] if line["kind"] == "added"]
    assert "Figure 1: Trend" in added and "    Alternative text: Cases" in added

    figure = paper.figures.get()
    paper.refresh_from_db()
    data = edit_post(paper)
    data.update(
        figure_rows(paper, {"id": str(figure.pk), "alt_text": "Cases", "file": upload(svg_bytes(), "c.svg")}, initial=1)
    )
    assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data).status_code == 302
    diff = client.get(reverse("boards:staff_paper_history", args=[paper.pk])).context["diff"]
    assert (diff["old"], diff["new"]) == (2, 3)
    changed = {line["kind"]: line["text"] for line in diff["lines"] if line["text"].startswith("    Image:")}
    assert changed["removed"].startswith("    Image: PNG, 120 × 80")
    assert changed["added"].startswith("    Image: SVG, 200 × 100")


def test_the_checks_before_submission_find_missing_unshown_and_undescribed_figures(make_paper):
    paper = make_paper()
    paper.sections.update(body="See the chart.\n\n![Figure 2]")
    add_figure(paper, png_bytes(), "a.png", alt="")
    problems = [str(problem) for problem in paper_problems(paper)]
    shows = 'Section 3 "Background", paragraph 3.1: Shows Figure 2, but the paper has 1 figure'
    assert any(p.startswith(shows) for p in problems)
    assert any(p.startswith("Figure 1: The text never shows it") for p in problems)
    assert "Figure 1: The figure has no alternative text: say what it shows." in problems
    paper.sections.update(body="See the chart.\n\n![Figure 1]")
    Figure.objects.filter(paper=paper).update(alt_text="A chart")
    assert not [p for p in paper_problems(paper) if "Figure" in str(p)]


def test_a_preview_with_a_figure_missing_from_storage_says_so_instead_of_failing(client, illustrated, author):
    paper = illustrated(S.DRAFT)
    figure = paper.figures.get(position=1)
    figure.file.storage.delete(figure.file.name)
    client.force_login(author)
    response = client.get(reverse("boards:staff_paper_pdf", args=[paper.pk]), follow=True)
    assert response.redirect_chain[-1][0] == paper.get_staff_url()
    assert "Figure 2 could not be read from storage" in response.content.decode()
