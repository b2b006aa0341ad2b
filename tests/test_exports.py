"""The bulk downloads kept in the database (`pcp_portal.exports`): written again after each public change, never
by a private one, never kept older than they claim, and the same text however they go out."""

import csv
import gzip
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from boards import services
from boards.models import AgendaItem, Paper
from pcp_portal import exports
from pcp_portal.models import StoredExport

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture(autouse=True)
def kept(settings):
    settings.STORED_EXPORT_SECONDS = 3600


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`committed(action)`: run `action` as a transaction that commits (its on-commit callbacks run)."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


@pytest.fixture
def decided(begun_paper, secretary, chair, committed):
    """A public paper with a confirmed decision: one row of the decisions CSV."""
    rec = begun_paper.recommendations.order_by("position").first()

    def decide():
        decision = services.record_decision(recommendation=rec, user=secretary, outcome="noted")
        return services.confirm_decision(decision=decision, user=chair)

    return committed(decide)


def votes(client, **headers) -> list[list[str]]:
    response = client.get(reverse("api_votes_csv"), **headers)
    assert response.status_code == 200
    body = gzip.decompress(response.content) if response.get("Content-Encoding") == "gzip" else response.content
    return list(csv.reader(io.StringIO(body.decode())))


def test_the_download_is_written_once_then_read_from_its_row(client, decided, django_assert_num_queries):
    first = votes(client)
    assert len(first) == 2 and decided.recommendation.paper.title in first[1]
    with django_assert_num_queries(1):  # the stored row, not the decisions
        assert votes(client) == first


def _make_exempt(paper):
    item = AgendaItem.objects.get(papers=paper)
    item.part = AgendaItem.Part.EXEMPT
    item.exemption_category = "3"
    item.save()


def _mark_sensitive(paper):
    paper.marking = Paper.Marking.OFFICIAL_SENSITIVE
    paper.save()


@pytest.mark.parametrize("hide", [_make_exempt, _mark_sensitive], ids=["item made exempt", "paper marked sensitive"])
def test_a_decision_that_leaves_the_public_record_leaves_the_stored_download(
    client, decided, committed, django_assert_num_queries, hide
):
    paper = decided.recommendation.paper
    assert any(paper.title in row for row in votes(client))
    committed(lambda: hide(Paper.objects.get(pk=paper.pk)))
    assert not any(paper.title in row for row in votes(client))
    with django_assert_num_queries(1):  # kept again once written
        votes(client)


def test_a_change_of_public_reference_data_is_in_the_next_download(client, decided, committed, board):
    votes(client)

    def rename():
        board.name = "Strategic Policing Board"
        board.save()

    committed(rename)
    assert votes(client)[1][1] == "Strategic Policing Board"


def test_a_private_change_leaves_it_stored(client, decided, member, committed, django_assert_num_queries):
    votes(client)
    other = decided.recommendation.paper.recommendations.order_by("position").last()
    committed(lambda: services.record_position(recommendation=other, user=member, stance="object"))
    with django_assert_num_queries(1):
        votes(client)


def test_a_change_committed_while_it_was_written_has_it_written_again(client, decided, monkeypatch):
    """The request read the version, then the rows; a change committed between the two raised the version, so
    what it wrote is kept under the older version and the next request writes it again."""
    write = exports.stored_csv

    def change_meanwhile(request, name, filename, text):
        def written():
            result = text()
            exports.raise_versions()
            return result

        return write(request, name, filename, written)

    monkeypatch.setattr("boards.api.stored_csv", change_meanwhile)
    votes(client)
    row = StoredExport.objects.get(name="decisions")
    assert row.built_version == 0 and row.version == 1
    monkeypatch.undo()
    votes(client)
    row.refresh_from_db()
    assert row.built_version == row.version == 1


def test_an_older_writer_never_replaces_a_newer_download(decided, rf):
    exports.stored_csv(rf.get("/"), "decisions", "decisions.csv", lambda: "newer\n")
    exports.raise_versions()
    exports.stored_csv(rf.get("/"), "decisions", "decisions.csv", lambda: "newest\n")
    exports._keep("decisions", 0, gzip.compress(b"older\n"), "0" * 64)  # a slow request that read version 0
    row = StoredExport.objects.get(name="decisions")
    assert row.built_version == 1 and gzip.decompress(row.content) == b"newest\n"


def test_it_is_written_again_once_it_is_older_than_the_setting(client, decided, settings, django_assert_num_queries):
    votes(client)
    StoredExport.objects.filter(name="decisions").update(built_at=timezone.now() - timedelta(seconds=3601))
    with django_assert_num_queries(3):  # the row, the decisions, the row kept
        votes(client)


def test_compressed_and_plain_copies_say_the_same_and_answer_304(client, decided):
    plain = client.get(reverse("api_votes_csv"))
    packed = client.get(reverse("api_votes_csv"), **GZIP)
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    for response in (plain, packed):
        assert "Accept-Encoding" in response["Vary"]
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="decisions.csv"'
    again = client.get(reverse("api_votes_csv"), HTTP_IF_NONE_MATCH=plain["ETag"])
    assert again.status_code == 304
    again = client.get(reverse("api_votes_csv"), HTTP_IF_NONE_MATCH=packed["ETag"], **GZIP)
    assert again.status_code == 304


def test_the_rag_history_is_kept_for_the_plan_in_force(client, db, django_assert_num_queries):
    from .plan_factories import make_plan

    plan = make_plan(periods=1)
    first = client.get(reverse("api_rag_history_csv")).content
    assert first.startswith(b"code,theme,action,period,status,direction,commentary")
    assert StoredExport.objects.filter(name=f"rag-history:{plan.pk}").exists()
    with django_assert_num_queries(2):  # the plan in force, its stored row
        assert client.get(reverse("api_rag_history_csv")).content == first


def api_count(client, name) -> int:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.json()["count"]


@pytest.mark.parametrize("hide", [_make_exempt, _mark_sensitive], ids=["item made exempt", "paper marked sensitive"])
def test_the_apis_whole_archive_counts_are_kept_and_follow_public_changes(
    client, decided, committed, django_assert_num_queries, hide
):
    """The counts of /api/votes/ and /api/documents/ are kept between public changes: the second request does
    not count, and a decision or paper that leaves the public record leaves the next count."""
    assert (api_count(client, "api_votes"), api_count(client, "api_documents")) == (1, 1)
    kept = StoredExport.objects.filter(name__startswith="count:")
    assert {name: bytes(content) for name, content in kept.values_list("name", "content")} == {
        "count:decisions": b"1",
        "count:papers": b"1",
    }
    with django_assert_num_queries(2):  # the stored count, then the page
        assert api_count(client, "api_votes") == 1
    committed(lambda: hide(Paper.objects.get(pk=decided.recommendation.paper.pk)))
    assert (api_count(client, "api_votes"), api_count(client, "api_documents")) == (0, 0)


def test_a_private_change_leaves_the_counts_kept(client, decided, member, committed):
    api_count(client, "api_votes")
    other = decided.recommendation.paper.recommendations.order_by("position").last()
    committed(lambda: services.record_position(recommendation=other, user=member, stance="object"))
    assert StoredExport.objects.get(name="count:decisions").built_version == (
        StoredExport.objects.get(name="count:decisions").version
    )


def test_a_page_past_the_kept_count_is_a_404(client, decided):
    assert api_count(client, "api_votes") == 1
    assert client.get(reverse("api_votes"), {"page": 2}).status_code == 404
