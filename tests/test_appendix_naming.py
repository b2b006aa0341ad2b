"""Appendices are named in the office's house style: Appendix A, B ... or Appendix 1, 2 ..."""

import io
from itertools import pairwise

import pytest
from django.urls import reverse
from pypdf import PdfReader

from boards import services
from boards.models import PackBuild, Paper, appendix_labels
from boards.models.papers import appendix_label
from boards.rendering import render_paper_pdf
from pcp_portal.pdf import pdf_text

from .test_packs import add_appendix, text_pdf

STYLES = [("letters", ["A", "B"]), ("numbers", ["1", "2"])]


@pytest.fixture
def paper_with_appendices(make_paper):
    paper = make_paper(Paper.Status.CLEARED, title="Provisional Outturn Report")
    for position, title in enumerate(["Budget tables", "Capital programme"]):
        appendix = add_appendix(paper, title, text_pdf(title.upper()))
        appendix.position = position
        appendix.save()
    return paper


@pytest.mark.parametrize(("naming", "labels"), STYLES)
def test_the_page_and_pdf_name_appendices_in_the_house_style(
    client, settings, paper_with_appendices, secretary, naming, labels
):
    settings.APPENDIX_NAMING = naming
    paper = services.publish_paper(paper=paper_with_appendices, user=secretary)
    first, second = labels
    assert [a.name for a in paper.appendices.all()] == [f"Appendix {first}", f"Appendix {second}"]
    assert set(appendix_labels(paper)) == {first, second}

    page = " ".join(client.get(paper.get_absolute_url()).content.decode().split())
    assert f"Appendix {first}: Budget tables (1 page); Appendix {second}: Capital programme (1 page)" in page
    assert f"Appendix {second}: Capital programme (PDF" in page
    text = " ".join(pdf_text(paper.pdf.open("rb").read()).split())
    assert f"Appendices Appendix {first}: Budget tables (1 page); Appendix {second}: Capital programme" in text
    response = client.get(reverse("boards:appendix", args=[paper.pk, paper.appendices.last().pk]))
    assert f"appendix-{second.lower()}-" in response["Content-Disposition"]


@pytest.mark.parametrize(("naming", "labels"), STYLES)
def test_the_pack_bookmarks_name_appendices_in_the_house_style(
    settings, meeting, paper_with_appendices, secretary, django_capture_on_commit_callbacks, naming, labels
):
    settings.APPENDIX_NAMING = naming
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper_with_appendices)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(meeting=meeting, user=secretary)
    build = meeting.pack_builds.filter(kind=PackBuild.Kind.PACK).get()
    reader = PdfReader(io.BytesIO(build.file.open("rb").read()))
    # The bookmarks nested under the paper's own (the pack's own has its "Agenda" nested under it).
    children = next(
        item
        for before, item in pairwise(reader.outline)
        if isinstance(item, list) and before.title.endswith(paper_with_appendices.title)
    )
    assert [child.title for child in children] == [
        f"Appendix {labels[0]}: Budget tables",
        f"Appendix {labels[1]}: Capital programme",
    ]


@pytest.mark.parametrize(("naming", "labels"), STYLES)
def test_the_editor_names_appendix_rows_in_the_house_style(client, settings, author, make_paper, naming, labels):
    settings.APPENDIX_NAMING = naming
    paper = make_paper()
    for position, title in enumerate(["Budget tables", "Capital programme"]):
        appendix = add_appendix(paper, title, text_pdf(title))
        appendix.position = position
        appendix.save()
    client.force_login(author)
    html = client.get(reverse("boards:staff_paper_edit", args=[paper.pk])).content.decode()
    for label in labels:
        assert f"Appendix <span data-row-number>{label}</span>" in html
    assert f'data-row-labels="{naming}"' in html


def test_letters_run_on_as_numbers_after_z(settings):
    settings.APPENDIX_NAMING = "letters"
    assert [appendix_label(n) for n in (0, 1, 25, 26)] == ["A", "B", "Z", "27"]
    settings.APPENDIX_NAMING = "numbers"
    assert [appendix_label(n) for n in (0, 25, 26)] == ["1", "26", "27"]


def test_a_draft_pdf_names_appendices_too(settings, paper_with_appendices):
    settings.APPENDIX_NAMING = "numbers"
    text = " ".join(pdf_text(render_paper_pdf(paper_with_appendices, draft=True).content).split())
    assert "Appendix 1: Budget tables" in text and "Appendix A" not in text
