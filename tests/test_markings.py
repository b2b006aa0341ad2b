"""Security markings: OFFICIAL, OFFICIAL-SENSITIVE, and no marking for papers from before 1 April 2014."""

import io
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from boards import services
from boards.models import PackBuild, Paper
from boards.rendering import render_paper_pdf
from boards.services import TransitionError
from pcp_portal.pdf import pdf_text

from .factories import PaperFactory, PersonFactory
from .test_editor import paper_post

NONE = Paper.Marking.NONE
UNMARKED = "No marking (dated before 1 April 2014)"


@pytest.mark.parametrize("day", ["2013-06-04", "2014-03-31"])
def test_an_unmarked_paper_dated_before_april_2014_is_saved(client, author, board, day):
    client.force_login(author)
    response = client.post(
        reverse("boards:staff_paper_create"), paper_post(board, PersonFactory(), date=day, marking="")
    )
    assert response.status_code == 302
    assert Paper.objects.get().marking == ""


@pytest.mark.parametrize("day", ["2014-04-01", "2025-03-11"])
def test_no_marking_on_or_after_april_2014_is_refused_beside_the_field(client, author, board, day):
    client.force_login(author)
    data = paper_post(board, PersonFactory(), date=day, marking="", title="Estates Review Typed Title")
    response = client.post(reverse("boards:staff_paper_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["marking"]
    assert len(errors) == 1 and "Only papers dated before 1 April 2014" in errors[0]
    html = response.content.decode()
    assert "Estates Review Typed Title" in html
    assert re.search(r'<option value="" selected>' + re.escape(UNMARKED), html)
    assert not Paper.objects.exists()


def test_the_model_and_the_database_refuse_an_unmarked_paper_dated_after_april_2014(board):
    paper = PaperFactory.build(board=board, marking=NONE, date=date(2014, 4, 1))
    with pytest.raises(ValidationError) as refused:
        paper.full_clean()
    assert "marking" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperFactory(board=board, marking=NONE, date=date(2014, 4, 1), source=None)


def test_publishing_checks_the_marking_against_the_date(make_paper, secretary, monkeypatch):
    paper = make_paper(Paper.Status.CLEARED, marking=NONE, date=date(2013, 6, 4))
    # Were the cut-off earlier than this paper, publishing would refuse it, whatever the database allowed.
    monkeypatch.setattr("boards.models.papers.CLASSIFICATIONS_BEGAN", date(2013, 1, 1))
    with pytest.raises(TransitionError, match="Only papers dated before 1 April 2014"):
        services.publish_paper(paper=paper, user=secretary)
    assert Paper.objects.get(pk=paper.pk).status == Paper.Status.CLEARED


def test_a_published_unmarked_paper_is_public_like_an_official_one(client, make_paper):
    unmarked = make_paper(Paper.Status.PUBLISHED, title="Estates Review 2013", marking=NONE, date=date(2013, 6, 4))
    official = make_paper(Paper.Status.PUBLISHED, title="Outturn 2025")
    sensitive = make_paper(Paper.Status.PUBLISHED, title="Covert Review", marking=Paper.Marking.OFFICIAL_SENSITIVE)
    draft = make_paper(title="Unmarked Draft", marking=NONE, date=date(2013, 6, 4))

    assert set(Paper.objects.public()) == {unmarked, official}
    assert client.get(unmarked.get_absolute_url()).status_code == 200
    assert client.get(reverse("boards:paper_pdf", args=[unmarked.pk])).status_code == 200
    assert client.get(sensitive.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    titles = [r.document.title for r in client.get(reverse("search"), {"q": "Estates"}).context["page"].results]
    assert titles == ["Estates Review 2013"]
    api = client.get(reverse("api_documents")).content.decode()
    assert "Estates Review 2013" in api and "Covert Review" not in api and "Unmarked Draft" not in api


def test_an_unmarked_paper_prints_no_marking_on_its_page_or_pdf(client, make_paper, agenda_item):
    paper = make_paper(Paper.Status.PUBLISHED, marking=NONE, date=date(2013, 6, 4), agenda_item=agenda_item)
    page = client.get(paper.get_absolute_url()).content.decode()
    document = page[page.index('<article class="paper-document"') :]
    assert '<p class="marking"><span class="item-number">Agenda Item: 6.0</span></p>' in document
    assert "OFFICIAL" not in document

    stored = paper.pdf.open("rb").read()
    assert "OFFICIAL" not in pdf_text(stored)
    first_page = PdfReader(io.BytesIO(stored)).pages[0].extract_text()
    assert "Agenda Item: 6.0" in first_page


def test_the_marking_heads_an_official_paper_and_its_pdf_as_before(client, make_paper):
    paper = make_paper(Paper.Status.PUBLISHED)
    page = client.get(paper.get_absolute_url()).content.decode()
    assert '<p class="marking">OFFICIAL</p>' in page
    assert re.search(r"^OFFICIAL$", pdf_text(render_paper_pdf(paper).content), re.MULTILINE)


def test_a_revision_of_an_unmarked_paper_is_official_as_it_is_dated_today(make_paper, author):
    paper = make_paper(Paper.Status.PUBLISHED, marking=NONE, date=date(2013, 6, 4))
    revision = services.start_revision(paper=paper, user=author)
    assert revision.marking == Paper.Marking.OFFICIAL


def test_an_unmarked_paper_goes_into_the_public_pack_without_a_marking(
    meeting, make_paper, secretary, django_capture_on_commit_callbacks
):
    paper = make_paper(Paper.Status.CLEARED, title="Estates Review 2013", marking=NONE, date=date(2013, 6, 4))
    services.add_agenda_item(meeting=meeting, user=secretary, title="Estates", paper=paper)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(meeting=meeting, user=secretary)
    build = meeting.pack_builds.filter(kind=PackBuild.Kind.PACK).get()
    pages = [page.extract_text() for page in PdfReader(build.file.open("rb")).pages]
    paper_pages = [text for text in pages if "ESTATES REVIEW 2013" in text or "BIBLIOGRAPHY" in text]
    assert paper_pages
    assert not any("OFFICIAL" in text for text in paper_pages)
    assert "OFFICIAL" in pages[0]  # the agenda itself is marked
