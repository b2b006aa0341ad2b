"""Full-text search of the public record: found when published, never otherwise, on either database."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boards import services as board_services
from boards.models import Appendix, Paper
from pcp_portal.pdf import html_to_pdf
from pcp_portal.search import fts5_query
from plans import services as plan_services

from .conftest import meeting_has_begun
from .plan_factories import make_plan


def found(client, q, **params):
    response = client.get(reverse("search"), {"q": q, **params})
    assert response.status_code == 200
    return [r.document.title for r in response.context["page"].results], response.content.decode()


def test_a_published_paper_is_found_with_a_highlighted_snippet(client, make_paper):
    make_paper(Paper.Status.PUBLISHED, title="Custody Health Contract")
    titles, html = found(client, "custody")
    assert titles == ["Custody Health Contract"]
    assert "<mark>" in html


def test_the_text_of_a_papers_pdf_appendix_is_searchable(client, make_paper, secretary, reviewer, author):
    paper = make_paper(Paper.Status.CLEARED, title="Estates Review")
    content = html_to_pdf(
        "<html lang='en'><head><title>a</title></head><body><p>Zanzibarine drainage survey</p></body></html>"
    )
    appendix = Appendix(paper=paper, title="Survey", sha256="0" * 64, size=len(content), page_count=1)
    appendix.file.save("survey.pdf", ContentFile(content), save=True)
    board_services.publish_paper(paper=paper, user=secretary)
    assert found(client, "zanzibarine")[0] == ["Estates Review"]


@pytest.mark.parametrize(
    "status", [Paper.Status.DRAFT, Paper.Status.SUBMITTED, Paper.Status.CLEARED, "withdrawn_unpublished"]
)
def test_unpublished_papers_are_never_found(client, make_paper, status):
    make_paper(status, title="Quixotic Secret Plans")
    assert found(client, "quixotic")[0] == []


def test_sensitive_exempt_withdrawn_and_superseded_texts_are_never_found(client, make_paper, meeting, secretary):
    make_paper(Paper.Status.PUBLISHED, title="Quixotic Sensitive", marking="OFFICIAL-SENSITIVE")
    exempt = make_paper(Paper.Status.PUBLISHED, title="Quixotic Exempt")
    board_services.add_agenda_item(
        meeting=meeting, user=secretary, title="Estates", paper=exempt, part="exempt", exemption_category="3"
    )
    # Placing a published paper under an exempt item takes it out of the public record, and out of search.
    from boards.search import update_paper

    update_paper(Paper.objects.get(pk=exempt.pk))
    withdrawn = make_paper(Paper.Status.PUBLISHED, title="Quixotic Withdrawn")
    board_services.withdraw_paper(paper=withdrawn, user=secretary, reason="Wrong figures.")
    old = make_paper(Paper.Status.SUPERSEDED, title="Quixotic Revised")
    # Only the current revision of the revised paper is found, once.
    assert found(client, "quixotic")[0] == ["Quixotic Revised"]
    assert Paper.objects.get(supersedes=old).title == "Quixotic Revised"


def test_unconfirmed_decisions_unpublished_minutes_and_open_periods_are_never_found(
    client, make_paper, meeting, secretary, chair, author
):
    paper = make_paper(Paper.Status.PUBLISHED, title="Outturn")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    meeting_has_begun(meeting)
    rec = paper.recommendations.first()
    decision = board_services.record_decision(recommendation=rec, user=secretary, outcome="noted")
    assert "Outturn: Noted" not in found(client, "progress")[0]
    board_services.confirm_decision(decision=decision, user=chair)
    assert "Outturn: Noted" in found(client, "progress")[0]

    plan = make_plan(periods=2)
    first, second = plan.periods.order_by("starts_on")
    action = plan.priority_actions.get(code="V1")
    plan_services.save_assessments(
        period=second, user=author, entries=[{"action": action, "status": "R", "commentary": "Xylophonic backlog"}]
    )
    assert found(client, "xylophonic")[0] == []
    plan_services.publish_report(period=second, user=secretary)
    assert found(client, "xylophonic")[0] == [f"Delivery report {second.label}: {plan.title}"]


def test_filters_by_board_year_kind_and_theme(client, make_paper, other_board):
    make_paper(Paper.Status.PUBLISHED, title="Budget One")
    make_paper(Paper.Status.PUBLISHED, title="Budget Two", board=other_board)
    assert found(client, "budget")[0] and len(found(client, "budget")[0]) == 2
    assert found(client, "budget", board=other_board.slug)[0] == ["Budget Two"]
    assert found(client, "budget", year=2025)[0] != [] and found(client, "budget", year=1999)[0] == []
    assert found(client, "budget", kind="Minutes")[0] == []


def test_what_authors_typed_is_escaped_in_snippets(client, make_paper):
    paper = make_paper(Paper.Status.CLEARED, title="Scripted")
    paper.sections.update(body="Zebraic <script>alert(1)</script> text")
    from boards.models import Paper as P

    board_services.publish_paper(
        paper=P.objects.get(pk=paper.pk), user=paper.events.first().actor.__class__.objects.get(username="secretary")
    )
    titles, html = found(client, "zebraic")
    assert titles == ["Scripted"]
    # Shown as text (SQLite) or with the tags dropped (PostgreSQL's ts_headline), never as markup.
    assert "<script>alert(1)</script>" not in html and "alert(1)" in html


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("victims court", '"victims" AND "court"'),
        ('"victim service" -witness', '"victim service" NOT "witness"'),
        ("custody OR estates", '("custody" OR "estates")'),
        ('a"b NEAR( ^* :', '"a b" AND "NEAR"'),
        ("-only -negative", ""),
        ("", ""),
    ],
)
def test_the_sqlite_query_is_built_safely(text, query):
    assert fts5_query(text) == query


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    q=st.text(max_size=300),
    page=st.one_of(st.text(max_size=12), st.integers(-(10**12), 10**12).map(str)),
    year=st.one_of(st.text(max_size=8), st.integers(-(10**9), 10**9).map(str)),
    board=st.text(max_size=80),
    kind=st.text(max_size=40),
)
def test_no_search_input_gives_a_server_error(client, q, page, year, board, kind):
    response = client.get(reverse("search"), {"q": q, "page": page, "year": year, "board": board, "kind": kind})
    assert response.status_code in (200, 400)


def test_a_published_papers_entry_is_the_text_of_its_document_and_is_written_once(make_paper, secretary, monkeypatch):
    """Publishing indexes the document it rendered, in the same transaction, without building it again."""
    from boards import search as board_search
    from boards.models import Paper as PaperModel
    from pcp_portal.search import SearchDocument

    paper = make_paper(Paper.Status.CLEARED, title="Drones for Rural Crime")
    built = []
    real_build = board_search.build_document
    monkeypatch.setattr(board_search, "build_document", lambda *a, **k: built.append(1) or real_build(*a, **k))
    board_services.publish_paper(paper=paper, user=secretary)
    assert built == []  # the entry took the text the PDF was rendered from
    stored = SearchDocument.objects.get(key=f"paper:{paper.pk}").body
    monkeypatch.undo()
    assert stored == board_search.paper_document(PaperModel.objects.get(pk=paper.pk)).body
    assert "Second paragraph." in stored
    # Nothing is left behind: a later reindexing of the paper builds its document afresh.
    assert board_search._built.__dict__.get("texts") == {}


def test_the_filters_offered_are_read_in_one_query_and_name_a_renamed_board_as_it_is_now(
    client, make_paper, board, other_board
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pcp_portal import search

    make_paper(Paper.Status.PUBLISHED, title="Budget One")
    make_paper(Paper.Status.PUBLISHED, title="Budget Two", board=other_board)
    board.name = "Renamed Board"
    board.save()
    with CaptureQueriesContext(connection) as queries:
        offered = search.facets()
    assert len(queries) == 1
    assert dict(offered["boards"])[board.slug] == "Renamed Board"
    assert dict(offered["boards"])[other_board.slug] == other_board.name
    assert offered["kinds"] == ["Paper"] and offered["years"]
    page = found(client, "budget")[1]
    assert "Renamed Board" in page


def test_a_board_given_another_address_is_found_under_it_and_its_results_link_there(client, make_paper, board):
    from django.utils import timezone

    from pcp_portal import search
    from pcp_portal.models import SearchDocument

    make_paper(Paper.Status.PUBLISHED, title="Budget One")
    old = board.slug
    search.index(
        search.Document(
            key="minutes:999",
            kind="Minutes",
            title="Minutes on the budget",
            body="The budget was approved.",
            url=f"/boards/{old}/2026-01-01/minutes/",
            published_at=timezone.now(),
            board=old,
            board_name=board.name,
        )
    )
    board.slug = "renamed"
    board.save()
    assert sorted(found(client, "budget", board="renamed")[0]) == ["Budget One", "Minutes on the budget"]
    assert found(client, "budget", board=old)[0] == []
    assert SearchDocument.objects.get(key="minutes:999").url == "/boards/renamed/2026-01-01/minutes/"


def test_a_filter_value_nothing_has_finds_nothing_and_the_page_says_why(client, make_paper):
    make_paper(Paper.Status.PUBLISHED, title="Budget One")
    titles, html = found(client, "budget", board="<b>gone</b>", year="1999", kind="Paper")
    assert titles == []
    for name, value in (("board", "&lt;b&gt;gone&lt;/b&gt;"), ("year", "1999")):
        assert f"No published record has the {name} “{value}”, so nothing can be found with that filter" in html
        # Its select shows the value asked for, not "Any", so the form says what was searched.
        select = html.split(f'id="search-{name}"')[1].split("</select>")[0]
        assert f'<option value="{value}" selected>{value}</option>' in select
    # The kind is offered, so it is selected as usual and not reported.
    assert "the kind" not in html and '<option value="Paper" selected>' in html
    titles, html = found(client, "budget", kind="Paper")
    assert titles == ["Budget One"] and "No published record" not in html
    # A theme is matched within an entry's list of themes: part of a theme's name is a value nothing has.
    from boards import search as board_search

    paper = Paper.objects.get(title="Budget One")
    paper.themes.add(make_plan(periods=1).themes.get(name="Victims"))
    board_search.update_paper(paper)
    assert found(client, "budget", theme="Victims")[0] == ["Budget One"]
    titles, html = found(client, "budget", theme="Vic")
    assert titles == [] and "0 results" in html and "No published record has the theme “Vic”" in html
