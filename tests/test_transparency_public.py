"""The Commissioner's decisions in public, and the transparency page.

Notices are made directly in each state (`leak_notices.notice_in_state`), as
the workspace leaves them; what the public reads of them is decided by
`DecisionNotice.objects.public()` alone, on every surface.
"""

from __future__ import annotations

import csv
import hashlib
import io
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boards.models import Decision, Paper
from pcp_portal.models import SearchDocument
from transparency.models import DecisionNotice, Marking, TransparencyLink
from transparency.notice_document import notice_context
from transparency.publicity import public_notices

from .factories import MeetingFactory, PersonFactory, PlanFactory, PriorityActionFactory, ThemeFactory
from .leak_notices import add_document, notice_in_state, pdf_with

S = DecisionNotice.Status
ATOM = "{http://www.w3.org/2005/Atom}"
NOT_PUBLIC = [
    pytest.param({"status": S.DRAFT}, id="draft"),
    pytest.param({"status": S.ADVISED}, id="advised"),
    pytest.param({"status": S.SIGNED}, id="signed"),
    pytest.param({"status": S.HELD, "hold_until": "future"}, id="held-until-a-future-date"),
    pytest.param({"status": S.HELD, "hold_until": "past"}, id="held-past-its-date-task-not-run"),
    pytest.param({"status": S.PUBLISHED, "marking": Marking.OFFICIAL_SENSITIVE}, id="published-sensitive"),
    pytest.param({"status": S.PUBLISHED, "published_at": "future"}, id="published-at-a-time-still-to-come"),
]


@pytest.fixture(scope="module")
def small_pdf():
    return pdf_with("Decision notice")


@pytest.fixture
def commissioner(db):
    return PersonFactory(name="Gwen Tremayne", post_title="Police and Crime Commissioner")


@pytest.fixture
def make_notice(commissioner, small_pdf, django_capture_on_commit_callbacks):
    """A notice in a state, its search entry made as after its transaction commits."""

    def make(status=S.PUBLISHED, **fields):
        hold = fields.pop("hold_until", None)
        if hold in ("future", "past"):
            fields["hold_until"] = timezone.now() + timedelta(days=10 if hold == "future" else -1)
        if fields.get("published_at") == "future":
            fields["published_at"] = timezone.now() + timedelta(days=2)
        fields.setdefault("decision_maker", commissioner)
        with django_capture_on_commit_callbacks(execute=True):
            return notice_in_state(status, pdf=small_pdf, **fields)

    return make


@pytest.fixture
def plan(db):
    return PlanFactory()


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# The register and the notice page


@pytest.mark.parametrize("state", NOT_PUBLIC)
def test_a_notice_the_public_may_not_read_is_on_no_public_surface(client, make_notice, state):
    hidden = make_notice(title="Quixotic Custody Contract", **state)
    add_document(hidden, "Options appraisal", "Costs")
    make_notice(title="Published Estates Decision")
    for url in [
        reverse("transparency:notice_list"),
        reverse("transparency:notice_feed"),
        reverse("feed"),
        reverse("api_decision_notices"),
        reverse("api_decision_notices_csv"),
        reverse("home"),
    ]:
        body = _page(client, url)
        assert "Published Estates Decision" in body, url
        assert "Quixotic" not in body and hidden.reference not in body, url
    assert _search(client, "quixotic") == []
    for url in [
        hidden.get_absolute_url(),
        reverse("transparency:notice_pdf", args=[hidden.slug]),
        reverse("transparency:notice_document", args=[hidden.slug, hidden.documents.get().pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_the_register_lists_public_notices_latest_reference_first(client, make_notice):
    first = make_notice(title="First Decision")
    second = make_notice(title="Second Decision")
    page = client.get(reverse("transparency:notice_list"))
    notices = list(page.context["page"].object_list)
    assert notices == [second, first]
    html = page.content.decode()
    assert html.index(second.reference) < html.index(first.reference)
    assert f'href="{second.get_absolute_url()}"' in html


def test_the_register_filters_by_year_of_the_reference_and_by_theme(client, make_notice, plan):
    victims, offenders = ThemeFactory(plan=plan, name="Victims"), ThemeFactory(plan=plan, name="Offenders")
    old = make_notice(title="Old Victims Decision", reference_year=2024)
    old.themes.add(victims)
    new = make_notice(title="New Offenders Decision", reference_year=2025)
    new.themes.add(offenders)
    url = reverse("transparency:notice_list")
    assert list(client.get(url, {"year": 2024}).context["page"].object_list) == [old]
    assert list(client.get(url, {"theme": offenders.pk}).context["page"].object_list) == [new]
    assert list(client.get(url, {"theme": offenders.pk, "year": 2024}).context["page"].object_list) == []
    html = _page(client, url)
    assert '<option value="2024">2024</option>' in html and f'<option value="{victims.pk}">Victims' in html


def test_a_theme_no_public_notice_concerns_is_neither_offered_nor_listed(client, make_notice):
    theme = ThemeFactory(name="Transformation")
    make_notice(S.DRAFT, title="Draft Decision").themes.add(theme)
    make_notice(title="Published Decision")
    response = client.get(reverse("transparency:notice_list"), {"theme": theme.pk})
    assert list(response.context["page"].object_list) == []
    assert "Transformation" not in response.content.decode().split("</form>")[0].split("<form")[1]
    assert "No published decision matches" in response.content.decode()


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "99999"}, {"theme": "x"}, {"page": "-3"}])
def test_bad_filters_are_ignored(client, make_notice, params):
    notice = make_notice(title="Published Decision")
    assert list(client.get(reverse("transparency:notice_list"), params).context["page"].object_list) == [notice]


def test_the_register_search_reads_public_text_and_references_only(client, make_notice):
    contract = make_notice(
        title="Custody Contract",
        background="The zanzibarine supplier",
        confidential_text="The quixotic tender price",
        confidential_reason="Commercially sensitive until the award",
    )
    other = make_notice(title="Estates Strategy")
    url = reverse("transparency:notice_list")

    def listed(q):
        return list(client.get(url, {"q": q}).context["page"].object_list)

    assert listed("zanzibarine custody") == [contract]
    assert listed("zanzibarine estates") == []
    assert listed("quixotic") == []  # the confidential part's text is never searched
    assert listed("commercially") == [contract]  # why it is withheld is public
    assert listed(other.reference) == [other]
    assert listed(other.slug) == [other]
    assert listed("%") == [] and listed("_") == []  # taken as the characters themselves


def test_the_reason_for_withholding_is_not_public_without_a_confidential_part(client, make_notice):
    make_notice(title="Estates", confidential_reason="Quixotic leftover reason")
    assert list(client.get(reverse("transparency:notice_list"), {"q": "quixotic"}).context["page"].object_list) == []
    with_part = make_notice(title="Custody", confidential_text="Prices", confidential_reason="Quixotic real reason")
    html = _page(client, with_part.get_absolute_url())
    assert "Quixotic real reason" in html


def test_the_register_pages_twenty_at_a_time(client, make_notice):
    for n in range(23):
        make_notice(title=f"Decision {n}")
    url = reverse("transparency:notice_list")
    first = client.get(url)
    assert len(first.context["page"].object_list) == 20
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get(url, {"page": 2}).context["page"].object_list) == 3


def test_the_notice_page_shows_every_public_field_and_the_people_named(client, make_notice):
    cfo = PersonFactory(name="Ravi Chandra", post_title="Chief Finance Officer")
    mo = PersonFactory(name="Helen Ashdown", post_title="Monitoring Officer")
    action = PriorityActionFactory(code="V8", text="Support victims")
    notice = make_notice(
        title="Victims Hub Contract",
        decision="To award the contract.",
        background="Background words",
        options="Options words",
        consultation="Consultation words",
        financial_implications="Financial words",
        financial_adviser=cfo,
        legal_implications="Legal words",
        legal_adviser=mo,
        equality_implications="Equality words",
        conflict_of_interest="Conflict words",
        dispensation="Dispensation words",
        capacity="deputy",
        hold_until=timezone.now() - timedelta(days=1),
        hold_reason="Until the award was announced",
    )
    notice.themes.add(action.theme)
    notice.priority_actions.add(action)
    html = _page(client, notice.get_absolute_url())
    for text in [
        "Victims Hub Contract",
        notice.reference,
        "To award the contract.",
        "Background words",
        "Options words",
        "Consultation words",
        "Financial words",
        "Advice given by Ravi Chandra, Chief Finance Officer",
        "Legal words",
        "Advice given by Helen Ashdown, Monitoring Officer",
        "Equality words",
        "Conflict words",
        "Dispensation words",
        "Gwen Tremayne, Deputy Police and Crime Commissioner, under delegation",
        "Until the award was announced",
        f'href="{action.get_absolute_url()}"',
        reverse("plans:theme", args=[action.theme.pk]),
        reverse("transparency:notice_pdf", args=[notice.slug]),
        notice.pdf_sha256,
        timezone.localtime(notice.signed_at).strftime("%-d %B %Y"),
    ]:
        assert text in html, text
    assert "declared no conflict" not in html


def test_the_notice_page_prints_the_text_as_the_pdf_does(client, make_notice):
    notice = make_notice(title="Estates", background="The sites are:\n\n- Harbour Road depot\n- Old custody suite")
    html = _page(client, notice.get_absolute_url())
    assert "- Harbour Road depot" not in html and "<li>•\tHarbour Road depot</li>" in html
    public = public_notices().get(pk=notice.pk)
    for section in notice_context(public)["sections"]:  # what the PDF prints, paragraph by paragraph
        assert f"{section.number}. {section.heading}" in html
        for paragraph in section.paragraphs:
            assert str(paragraph.numbered_html) in html


def test_a_notice_released_early_says_so_and_one_published_on_its_date_says_until_when(client, make_notice):
    early = make_notice(title="Early", hold_until="future", hold_reason="Until the bidders are told.")
    published_on = timezone.localtime(early.published_at)
    held_back = _page(client, early.get_absolute_url()).split('id="held-back">')[1].split("</dd>")[0]
    assert held_back == (
        f"Held back, then released early, on {published_on:%-d %B %Y}. "
        "The reason it was held back: Until the bidders are told."
    )
    on_time = make_notice(title="On time", hold_until="past", hold_reason="Until the bidders were told.")
    until = timezone.localtime(on_time.hold_until)
    held_back = _page(client, on_time.get_absolute_url()).split('id="held-back">')[1].split("</dd>")[0]
    assert held_back == f"Held back until {until:%-d %B %Y}: Until the bidders were told."


def test_the_confidential_part_is_announced_with_its_reason_never_shown(client, make_notice):
    notice = make_notice(
        title="Custody Contract", confidential_text="Quixotic tender prices", confidential_reason="Commercial deadline"
    )
    public = add_document(notice, "Options appraisal", "Costs", position=0)
    secret = add_document(notice, "Quixotic bids", "Bid values", confidential=True, position=1)
    html = _page(client, notice.get_absolute_url())
    assert "A confidential part of this decision is not published" in html
    assert "Commercial deadline" in html
    assert "Quixotic" not in html
    assert reverse("transparency:notice_document", args=[notice.slug, public.pk]) in html
    assert reverse("transparency:notice_document", args=[notice.slug, secret.pk]) not in html
    assert client.get(reverse("transparency:notice_document", args=[notice.slug, secret.pk])).status_code == 404
    served = client.get(reverse("transparency:notice_document", args=[notice.slug, public.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(served.streaming_content)).hexdigest() == public.sha256
    assert "public" in served["Cache-Control"]


def test_a_confidential_document_alone_is_a_confidential_part_the_public_is_told_of(client, make_notice):
    notice = make_notice(title="Estates", confidential_reason="Valuations before the sale")
    add_document(notice, "Quixotic valuation", "Values", confidential=True)
    html = _page(client, notice.get_absolute_url())
    assert "A confidential part of this decision is not published" in html and "Valuations before the sale" in html
    assert "Quixotic" not in html
    row = client.get(reverse("api_decision_notices")).json()["results"][0]
    assert row["confidential_part"] == {"exists": True, "reason": "Valuations before the sale"}


def test_a_notice_without_a_confidential_part_says_nothing_of_one(client, make_notice):
    notice = make_notice(title="Estates")
    assert "confidential part" not in _page(client, notice.get_absolute_url())


def test_a_document_of_another_notice_is_not_served_under_this_one(client, make_notice):
    one, other = make_notice(title="One"), make_notice(title="Other")
    document = add_document(other, "Appraisal", "Costs")
    assert client.get(reverse("transparency:notice_document", args=[one.slug, document.pk])).status_code == 404


def test_the_board_paper_and_decision_are_linked_only_while_public(client, make_notice, make_paper, secretary):
    readable = make_paper(Paper.Status.PUBLISHED, title="Estates Outturn")
    draft = make_paper(Paper.Status.DRAFT, title="Quixotic Draft Paper")
    meeting = MeetingFactory(board=readable.board, starts_at=timezone.now() - timedelta(days=3))
    confirmed = Decision.objects.create(
        recommendation=readable.recommendations.first(),
        outcome="noted",
        meeting=meeting,
        recorded_by=secretary,
        confirmed_at=timezone.now(),
    )
    unconfirmed = Decision.objects.create(
        recommendation=readable.recommendations.last(), outcome="approved", meeting=meeting, recorded_by=secretary
    )
    linked = make_notice(title="Linked", paper=readable, board_decision=confirmed)
    html = _page(client, linked.get_absolute_url())
    assert f'href="{readable.get_absolute_url()}"' in html and confirmed.wording in html
    unlinked = make_notice(title="Unlinked", paper=draft, board_decision=unconfirmed)
    html = _page(client, unlinked.get_absolute_url())
    assert "Quixotic" not in html and unconfirmed.wording not in html and "What this decision follows" not in html
    api = client.get(reverse("api_decision_notices")).json()["results"]
    by_ref = {row["reference"]: row for row in api}
    assert by_ref[linked.reference]["document"] == f"paper/{readable.pk}"
    assert by_ref[linked.reference]["vote"] == f"decision/{confirmed.pk}"
    assert by_ref[unlinked.reference]["document"] is None and by_ref[unlinked.reference]["vote"] is None


def test_what_authors_typed_is_escaped(client, make_notice):
    notice = make_notice(
        title="<script>alert(1)</script>",
        decision="<b>bold</b>",
        confidential_text="x",
        confidential_reason="<i>why</i>",
    )
    for url in [notice.get_absolute_url(), reverse("transparency:notice_list")]:
        html = _page(client, url)
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = _page(client, notice.get_absolute_url())
    assert "<b>bold</b>" not in html and "<i>why</i>" not in html


def test_a_reference_in_another_form_leads_to_the_notice_and_nonsense_is_not_found(client, make_notice):
    notice = make_notice(title="Estates")
    unpadded = f"{notice.reference_year}-{notice.reference_number}"
    response = client.get(reverse("transparency:notice", args=[unpadded]))
    assert response.status_code == 301 and response["Location"] == notice.get_absolute_url()
    for bad in ["feeds", "2026", "2026-", "-015", "２０２６-015", "2026-0000001"]:
        assert client.get(f"/decisions/commissioner/{bad}/").status_code == 404, bad


def test_the_pdf_is_served_from_storage_with_its_sha256(client, make_notice, small_pdf):
    notice = make_notice(title="Estates")
    response = client.get(reverse("transparency:notice_pdf", args=[notice.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == small_pdf
    again = client.get(reverse("transparency:notice_pdf", args=[notice.slug]), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


# Decisions: board and Commissioner's told apart; the nav and footer


def test_decisions_shows_board_decisions_and_leads_to_the_commissioners(client, db):
    html = _page(client, reverse("boards:decision_list"))
    assert "<h1>Board decisions</h1>" in html
    assert f'href="{reverse("transparency:notice_list")}">The Commissioner\'s decisions</a>' in html
    register = _page(client, reverse("transparency:notice_list"))
    assert 'aria-current="page" href="/decisions/commissioner/">The Commissioner\'s decisions' in register
    assert f'href="{reverse("boards:decision_list")}">Board decisions</a>' in register
    assert html.count(f'href="{reverse("transparency:transparency")}"') == 2  # the nav and the footer


# Atom, the site feed, the API and the CSV


def test_the_register_feed_has_unique_ids_an_author_and_only_public_notices(client, make_notice):
    theme = ThemeFactory(name="Victims")
    one = make_notice(title="One Decision", capacity="deputy")
    one.themes.add(theme)
    make_notice(title="Two Decision")
    make_notice(S.HELD, title="Quixotic Held", hold_until="future")
    feed = ET.fromstring(client.get(reverse("transparency:notice_feed")).content)
    entries = feed.findall(f"{ATOM}entry")
    expected = DecisionNotice.objects.public().order_by("-published_at", "-pk")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [f"{n.reference} {n.title}" for n in expected]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 2 and all(i.startswith("tag:") and "decision-notice/" in i for i in ids)
    authors = {e.findtext(f"{ATOM}author/{ATOM}name") for e in entries}
    assert "Gwen Tremayne, Deputy Police and Crime Commissioner, under delegation" in authors
    assert feed.findtext(f"{ATOM}author/{ATOM}name")
    assert any(c.get("term") == "Victims" for c in feed.iter(f"{ATOM}category"))


def test_the_site_feed_and_the_home_page_include_published_notices(client, make_notice):
    notice = make_notice(title="Estates Decision")
    site = client.get(reverse("feed")).content.decode()
    assert f"Commissioner's decision: {notice.reference} Estates Decision" in site
    assert notice.get_absolute_url() in site
    assert notice.get_absolute_url() in _page(client, reverse("home"))


def test_the_api_gives_public_fields_and_never_the_confidential_text(client, make_notice):
    adviser = PersonFactory(name="Ravi Chandra")
    notice = make_notice(
        title="Custody Contract",
        financial_implications="Within budget",
        financial_adviser=adviser,
        confidential_text="Quixotic prices",
        confidential_reason="Commercial",
        hold_until=timezone.now() - timedelta(days=1),
        hold_reason="Until the award",
    )
    document = add_document(notice, "Appraisal", "Costs")
    add_document(notice, "Quixotic bids", "Bids", confidential=True, position=1)
    response = client.get(reverse("api_decision_notices"))
    data = response.json()
    assert data["count"] == 1 and data["next"] is None
    row = data["results"][0]
    assert "Quixotic" not in response.content.decode()
    assert row["id"] == f"decision-notice/{notice.slug}" and row["reference"] == notice.reference
    assert row["implications"]["financial"] == {"text": "Within budget", "adviser": "Ravi Chandra"}
    assert row["confidential_part"] == {"exists": True, "reason": "Commercial"}
    assert row["held_back_reason"] == "Until the award"
    assert [link["sha256"] for link in row["links"]] == [notice.pdf_sha256, document.sha256]
    assert row["sources"][0]["url"].endswith(notice.get_absolute_url())


def test_the_api_pages_and_filters_like_the_others(client, make_notice):
    for n in range(3):
        make_notice(title=f"Decision {n}", reference_year=2025)
    make_notice(title="Older", reference_year=2024)
    url = reverse("api_decision_notices")
    page = client.get(url, {"per_page": 2}).json()
    assert page["count"] == 4 and len(page["results"]) == 2 and "page=2" in page["next"]
    assert client.get(url, {"year": 2024}).json()["count"] == 1
    assert client.get(url, {"page": 0}).status_code == 400
    assert client.get(url, {"page": 9}).status_code == 404


def test_the_csv_is_the_register_and_safe_in_a_spreadsheet(client, make_notice):
    make_notice(
        title='=HYPERLINK("http://example.com")',
        decision="+1 more",
        confidential_text="Quixotic",
        confidential_reason="=Commercially sensitive",
    )
    make_notice(title="Open", confidential_reason="Stale reason of a notice with no confidential part")
    make_notice(S.SIGNED, title="Quixotic signed")
    response = client.get(reverse("api_decision_notices_csv"))
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "Quixotic" not in body
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 2
    rows = {row["title"]: row for row in rows}
    withheld, open_ = rows['\'=HYPERLINK("http://example.com")'], rows["Open"]
    assert withheld["decision"] == "'+1 more"
    assert (withheld["confidential_part_withheld"], withheld["confidential_part_reason"]) == (
        "yes",
        "'=Commercially sensitive",
    )
    assert (open_["confidential_part_withheld"], open_["confidential_part_reason"]) == ("no", "")
    assert "Stale reason" not in body


def test_the_registers_csv_link_keeps_its_filters(client, make_notice):
    make_notice(title="Estates", reference_year=2024)
    make_notice(title="Custody", reference_year=2025)
    html = _page(client, reverse("transparency:notice_list"), year=2024)
    assert f'href="{reverse("api_decision_notices_csv")}?year=2024"' in html
    rows = list(
        csv.DictReader(io.StringIO(client.get(reverse("api_decision_notices_csv"), {"year": 2024}).content.decode()))
    )
    assert [row["title"] for row in rows] == ["Estates"]


# Search follows the notice on commit


def _search(client, q, **filters):
    return [r.document.title for r in client.get(reverse("search"), {"q": q, **filters}).context["page"].results]


def test_a_notice_is_indexed_once_public_and_removed_when_it_is_not(
    client, make_notice, django_capture_on_commit_callbacks
):
    notice = make_notice(S.HELD, title="Zanzibarine Custody", hold_until="past", confidential_text="quixotic")
    assert _search(client, "zanzibarine") == []
    # The scheduled task publishes it: the search entry follows on commit.
    with django_capture_on_commit_callbacks(execute=True):
        notice.status, notice.published_at = S.PUBLISHED, timezone.now()
        notice.save()
    assert _search(client, "zanzibarine") == [f"{notice.reference} Zanzibarine Custody"]
    assert _search(client, "quixotic") == []
    assert _search(client, "zanzibarine", kind="Commissioner's decision") == [f"{notice.reference} Zanzibarine Custody"]
    assert _search(client, "zanzibarine", kind="Decision") == []
    with django_capture_on_commit_callbacks(execute=True):
        notice.marking = Marking.OFFICIAL_SENSITIVE
        notice.save()
    assert _search(client, "zanzibarine") == []
    assert not SearchDocument.objects.filter(key=f"notice:{notice.pk}").exists()


def test_a_public_documents_text_is_found_and_a_confidential_ones_is_not(
    client, make_notice, django_capture_on_commit_callbacks
):
    notice = make_notice(title="Estates")
    with django_capture_on_commit_callbacks(execute=True):
        add_document(notice, "Survey", "Zanzibarine drainage")
        add_document(notice, "Bids", "Quixotic prices", confidential=True, position=1)
    assert _search(client, "zanzibarine") == [f"{notice.reference} Estates"]
    assert _search(client, "quixotic") == []


def test_a_theme_added_later_reaches_the_search_filter(client, make_notice, django_capture_on_commit_callbacks):
    notice = make_notice(title="Zanzibarine Hub")
    with django_capture_on_commit_callbacks(execute=True):
        notice.themes.add(ThemeFactory(name="Victims"))
    assert _search(client, "zanzibarine", theme="Victims") == [f"{notice.reference} Zanzibarine Hub"]


def test_rebuilding_the_index_includes_public_notices_only(make_notice):
    make_notice(title="Zanzibarine Published")
    make_notice(S.SIGNED, title="Zanzibarine Signed")
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert list(SearchDocument.objects.filter(kind="Commissioner's decision").values_list("title", flat=True)) == [
        f"{DecisionNotice.objects.public().get().reference} Zanzibarine Published"
    ]


# Query counts


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_public_surfaces_run_the_same_queries_for_one_notice_or_many(client, make_notice, make_paper, plan):
    paper = make_paper(Paper.Status.PUBLISHED)

    def notice(n):
        made = make_notice(title="Decision", paper=paper, financial_adviser=PersonFactory(), confidential_text="x")
        theme = ThemeFactory(plan=plan, name=f"Theme {n}")
        made.themes.add(theme)
        made.priority_actions.add(PriorityActionFactory(theme=theme))
        add_document(made, "Appraisal", "Costs")
        return made

    first = notice(0)
    urls = [
        reverse("transparency:notice_list"),
        first.get_absolute_url(),
        reverse("transparency:notice_feed"),
        reverse("api_decision_notices"),
        reverse("api_decision_notices_csv"),
        reverse("transparency:transparency"),
    ]
    few = [_queries(client, url) for url in urls]
    for n in range(1, 5):
        notice(n)
    assert [_queries(client, url) for url in urls] == few


# The transparency page


def test_the_transparency_page_dates_each_paragraph_by_its_public_records(client, make_notice, make_paper):
    published = make_paper(Paper.Status.PUBLISHED)
    notice = make_notice(title="Estates", published_at=timezone.now() - timedelta(days=40))
    make_notice(S.SIGNED, title="Signed later")  # not public: does not date the register
    draft = make_paper(Paper.Status.DRAFT)
    Paper.objects.filter(pk=draft.pk).update(published_at=timezone.now() + timedelta(days=5))  # not public either
    response = client.get(reverse("transparency:transparency"))
    assert response.context["notices_updated"] == notice.published_at
    assert response.context["agendas_updated"] == published.published_at
    html = response.content.decode()
    for paragraph in ["5(a)", "5(b)", "5(c)", "5(d)", ">1<", ">2<"]:
        assert paragraph in html, paragraph
    assert f'href="{reverse("transparency:notice_list")}"' in html
    assert timezone.localtime(notice.published_at).strftime("%-d %B %Y") in html


def test_the_transparency_page_dates_the_minutes_through_the_minutes_app(client, db, monkeypatch):
    """The minutes sit above this app: `pcp_portal/urls.py` answers for them through a panel slot."""
    from minutes import feeds as minutes_feeds

    assert client.get(reverse("transparency:transparency")).context["minutes_updated"] is None
    at = timezone.now() - timedelta(days=3)
    monkeypatch.setattr(minutes_feeds, "recent_minutes", lambda limit: [{"published_at": at}])
    assert client.get(reverse("transparency:transparency")).context["minutes_updated"] == at


def test_the_transparency_page_lists_what_the_office_publishes_elsewhere(client, db):
    TransparencyLink.objects.create(
        paragraph="3", title="Salaries <b>over</b> £58,200", url="https://example.org/pay", position=1
    )
    html = _page(client, reverse("transparency:transparency"))
    assert 'href="https://example.org/pay"' in html and "Salaries &lt;b&gt;over&lt;/b&gt; £58,200" in html
    assert "has not listed anything" not in html


# The admin


def test_the_admin_sets_transparency_links_and_only_reads_the_workflow_records(client, make_notice):
    from .factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/transparency/transparencylink/add/",
        {"paragraph": "4(a)", "title": "Contracts over £10,000", "url": "https://example.org/contracts", "position": 0},
    )
    assert response.status_code == 302
    assert TransparencyLink.objects.get().title == "Contracts over £10,000"
    notice = make_notice(title="Estates")
    assert client.get("/admin/transparency/decisionnotice/").status_code == 200
    assert client.get(f"/admin/transparency/decisionnotice/{notice.pk}/change/").status_code == 200
    assert client.get("/admin/transparency/decisionnotice/add/").status_code == 403
    response = client.post(f"/admin/transparency/decisionnotice/{notice.pk}/change/", {"title": "Changed"})
    assert response.status_code == 403
    assert DecisionNotice.objects.get().title == "Estates"
    for model in ["forwardplanentry", "interestregister", "interest", "gift"]:
        assert client.get(f"/admin/transparency/{model}/").status_code == 200, model


def test_a_notice_has_one_id_and_one_author_in_the_register_feed_and_the_site_feed(client, make_notice):
    make_notice(title="Estates Decision", capacity="deputy")

    def entry(url):
        feed = ET.fromstring(client.get(url).content)
        found = [e for e in feed.findall(f"{ATOM}entry") if "Estates Decision" in e.findtext(f"{ATOM}title")]
        assert len(found) == 1
        return found[0].findtext(f"{ATOM}id"), found[0].findtext(f"{ATOM}author/{ATOM}name")

    assert entry(reverse("transparency:notice_feed")) == entry(reverse("feed"))
    assert "Deputy Police and Crime Commissioner" in entry(reverse("feed"))[1]


def test_an_empty_register_feed_is_not_updated_each_time_it_is_fetched(client, db):
    first = client.get(reverse("transparency:notice_feed")).content
    assert ET.fromstring(first).findtext(f"{ATOM}updated").startswith("1970-01-01")
    assert client.get(reverse("transparency:notice_feed")).content == first
