"""Confirming an imported document makes the record: historic meetings, papers and minutes on their own dates."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from archive.models import ImportedDocument
from archive.services.records import ConfirmRefused, confirm, initials_of
from boards.document import build_document
from boards.models import AgendaItem, Decision, Meeting, Membership, Paper, Person
from minutes.document import build_minutes
from minutes.models import Attendance, Minutes
from pcp_portal.roles import Role

from .archive_helpers import minutes_fields, paper_fields, read_document
from .factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_confirmed_paper_is_published_on_its_original_date(board, secretary):
    document = confirm(read_document(paper_fields(), board=board), by=secretary)

    paper = document.paper
    assert document.status == ImportedDocument.Status.CONFIRMED
    assert document.confirmed_by == secretary
    assert paper.status == Paper.Status.PUBLISHED
    assert paper.date == date(2018, 12, 5)
    assert timezone.localtime(paper.published_at).date() == date(2018, 12, 5)
    assert paper.imported_at is not None
    assert paper.pdf_sha256 == ""  # built after commit (tests/test_archive_pdfs.py)
    assert Paper.objects.public().filter(pk=paper.pk).exists()
    assert [(r.verb, r.text) for r in paper.recommendations.all()] == [
        ("note", "the progress made in recommissioning victims services.")
    ]
    assert list(paper.source_documents.values_list("title", flat=True)) == [
        "Victims Strategy 2017-20",
        "Commissioning Plan 2018",
    ]
    assert paper.location == "OPCC, Northshire House"


def test_a_paper_keeps_its_printed_numbers(board, secretary):
    paper = confirm(read_document(paper_fields(), board=board), by=secretary).paper

    sections = build_document(paper).sections
    assert [s.number for s in sections] == ["1", "2", "3", "4", "6"]
    assert [p.number for p in sections[3].paragraphs] == ["4.6", "4.8"]
    assert [p.number for p in sections[2].paragraphs] == ["3.1", "3.2"]
    assert [p.number for p in sections[4].paragraphs] == ["6.1"]
    assert "4.8\tA preferred provider" in sections[3].paragraphs[1].numbered_html


def test_a_paper_of_the_portal_is_still_numbered_by_the_portal(make_paper):
    paper = make_paper()
    paper.printed_numbers = {"sections": [{"number": "9", "paragraphs": ["9.9"]}]}  # ignored: not imported
    assert build_document(paper).sections[0].number == "1"


def test_the_contact_officer_is_frozen_as_printed_and_made_a_person(board, secretary):
    paper = confirm(read_document(paper_fields(), board=board), by=secretary).paper

    officer = Person.objects.get(name="Alys Penhallow")
    assert paper.contact_officer == officer
    assert officer.initials == "AP"
    assert officer.post_title == "Commissioning Manager"
    officer.post_title = "Head of Commissioning"
    officer.save()
    paper.refresh_from_db()
    assert paper.contact_descriptions() == ["Alys Penhallow, Commissioning Manager"]


def test_a_matched_person_is_used_and_not_made_again(board, secretary):
    existing = PersonFactory(name="Alys Penhallow", post_title="Head of Commissioning")
    paper = confirm(read_document(paper_fields(), board=board), by=secretary).paper

    assert paper.contact_officer == existing
    assert Person.objects.filter(name="Alys Penhallow").count() == 1
    assert paper.contact_descriptions() == ["Alys Penhallow, Commissioning Manager"]


def test_a_paper_goes_to_a_historic_meeting_at_its_printed_item(board, secretary):
    paper = confirm(read_document(paper_fields(meeting_date="2018-12-13"), board=board), by=secretary).paper

    meeting = paper.meeting
    assert meeting.date == date(2018, 12, 13)
    assert meeting.status == Meeting.Status.HELD
    assert meeting.imported_at is not None
    assert paper.item_number == "5.0"
    assert not paper.agenda_item.is_late
    # No standard items are invented for a meeting of the past.
    assert list(meeting.agenda_items.values_list("standard", flat=True)) == [""]
    assert not meeting.deadline_passed


def test_a_second_paper_joins_the_same_historic_meeting_at_its_own_item(board, secretary):
    first = confirm(read_document(paper_fields(meeting_date="2018-12-13"), board=board), by=secretary).paper
    fields = paper_fields(meeting_date="2018-12-13", agenda_item="6.0", title="Estates Strategy", file="estates.txt")
    second = confirm(read_document(fields, board=board), by=secretary).paper

    assert second.meeting == first.meeting
    assert second.item_number == "6.0"
    assert not second.agenda_item.is_late
    assert Meeting.objects.count() == 1


def test_a_matched_meeting_is_used(board, secretary, meeting):
    paper = confirm(read_document(paper_fields(date="2018-12-05"), board=board, meeting=meeting), by=secretary).paper
    assert paper.meeting == meeting


def test_an_official_sensitive_paper_is_recorded_but_not_public(board, secretary):
    paper = confirm(read_document(paper_fields(marking="OFFICIAL-SENSITIVE"), board=board), by=secretary).paper
    assert paper.status == Paper.Status.PUBLISHED
    assert not Paper.objects.public().filter(pk=paper.pk).exists()


def test_a_paper_on_an_exempt_item_is_not_public(board, secretary):
    fields = paper_fields(meeting_date="2018-12-13", exemption_category="3")
    paper = confirm(read_document(fields, board=board), by=secretary).paper
    assert paper.agenda_item.part == AgendaItem.Part.EXEMPT
    assert not Paper.objects.public().filter(pk=paper.pk).exists()


@pytest.mark.parametrize(
    "overrides, public_title",
    [
        ({}, "Victims Services Commissioning Update"),
        ({"marking": "OFFICIAL-SENSITIVE"}, "A paper not for publication (OFFICIAL-SENSITIVE)"),
        ({"exemption_category": "3"}, "Exempt item: Information relating to the financial or business affairs"),
    ],
)
def test_the_public_agenda_never_prints_the_title_of_a_paper_it_may_not_read(board, secretary, overrides, public_title):
    fields = paper_fields(meeting_date="2018-12-13", **overrides)
    paper = confirm(read_document(fields, board=board), by=secretary).paper
    assert paper.agenda_item.title.startswith(public_title)
    assert paper.title == "Victims Services Commissioning Update"


def test_an_unmarked_paper_before_2014_is_public(board, secretary):
    paper = confirm(read_document(paper_fields(marking="", date="2013-06-04"), board=board), by=secretary).paper
    assert paper.marking == ""
    assert Paper.objects.public().filter(pk=paper.pk).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": None}, "date"),
        ({"date": "not a date"}, "date"),
        ({"kind": "letter"}, "kind"),
        ({"marking": None}, "marking"),
        ({"marking": "SECRET"}, "marking"),
        ({"marking": ""}, "marking"),  # no marking only before 1 April 2014
        ({"title": " "}, "title"),
        ({"recommendations": [{"number": "2.1", "verb": "", "text": "the report"}]}, "recommendations"),
        ({"exemption_category": "99"}, "exemption_category"),
    ],
)
def test_confirm_refuses_what_would_make_a_wrong_record(board, secretary, change, field):
    document = read_document(paper_fields(**change), board=board)
    with pytest.raises(ConfirmRefused) as refused:
        confirm(document, by=secretary)
    assert field in refused.value.errors
    document.refresh_from_db()
    assert document.status == ImportedDocument.Status.READ
    assert not Paper.objects.exists() and not Person.objects.filter(name="Alys Penhallow").exists()


def test_confirm_refuses_a_document_without_a_board(secretary):
    with pytest.raises(ConfirmRefused) as refused:
        confirm(read_document(paper_fields()), by=secretary)
    assert list(refused.value.errors) == ["board"]


def test_a_document_is_confirmed_once(board, secretary):
    document = read_document(paper_fields(), board=board)
    confirm(document, by=secretary)
    with pytest.raises(ConfirmRefused) as refused:
        confirm(document, by=secretary)
    assert "already confirmed" in str(refused.value)
    assert Paper.objects.count() == 1


def test_an_unread_document_cannot_be_confirmed(board, secretary):
    document = read_document(paper_fields(), board=board)
    ImportedDocument.objects.filter(pk=document.pk).update(status=ImportedDocument.Status.QUEUED)
    with pytest.raises(ConfirmRefused):
        confirm(document, by=secretary)


def test_initials_leave_out_honorifics():
    assert initials_of("Cllr Gwen Tremayne") == "GT"
    assert initials_of("Dr. Daniel  Rosewarne") == "DR"


# Minutes


def _minutes(board, secretary, **overrides):
    return confirm(read_document(minutes_fields(**overrides), board=board), by=secretary).minutes


def test_approved_minutes_are_published_signed_on_their_dates(board, secretary):
    minutes = _minutes(board, secretary)

    assert minutes.status == Minutes.Status.PUBLISHED
    assert minutes.imported_at is not None
    assert minutes.signed_by.name == "Gwen Tremayne"
    assert timezone.localtime(minutes.signed_at).date() == date(2019, 1, 17)
    assert timezone.localtime(minutes.published_at).date() == date(2019, 1, 17)
    assert minutes.pdf_sha256 == ""  # built after commit (tests/test_archive_pdfs.py)
    assert Minutes.objects.public().filter(pk=minutes.pk).exists()
    meeting = minutes.meeting
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == "2018-12-13 14:00"
    assert meeting.location == "Conference Room 2, Northshire House"
    assert meeting.status == Meeting.Status.HELD and meeting.imported_at
    assert meeting.chaired_by == minutes.signed_by
    assert minutes.next_meeting == "17 January 2019"


def test_attendance_keeps_the_posts_as_printed(board, secretary):
    PersonFactory(name="Daniel Rosewarne", post_title="Deputy Chief Constable")
    minutes = _minutes(board, secretary)

    rows = {a.person.name: (a.state, a.post) for a in minutes.attendance.select_related("person")}
    assert rows == {
        "Gwen Tremayne": (Attendance.State.MEMBER, "Police and Crime Commissioner"),
        "Daniel Rosewarne": (Attendance.State.MEMBER, "Chief Constable"),
        "Alys Penhallow": (Attendance.State.IN_ATTENDANCE, "Commissioning Manager"),
        "Morwenna Kitto": (Attendance.State.APOLOGIES, ""),
    }
    document = build_minutes(minutes, confidential=False)
    assert {a.post for a in document.members} == {"Police and Crime Commissioner", "Chief Constable"}


def test_minutes_keep_their_printed_numbers(board, secretary):
    document = build_minutes(_minutes(board, secretary), confidential=False)
    assert [i.number for i in document.items] == ["1", "5"]
    assert [p.number for p in document.items[1].paragraphs] == ["5.1", "5.3"]


def test_draft_minutes_are_recorded_but_not_public(board, secretary):
    minutes = _minutes(board, secretary, status="draft", signed_by="", signed_on=None)
    assert minutes.status == Minutes.Status.DRAFT
    assert minutes.signed_by is None
    assert not Minutes.objects.public().filter(pk=minutes.pk).exists()


def test_official_sensitive_minutes_are_signed_but_never_published(board, secretary):
    minutes = _minutes(board, secretary, marking=Paper.Marking.OFFICIAL_SENSITIVE)
    assert minutes.status == Minutes.Status.SIGNED
    assert minutes.signed_by is not None
    assert minutes.published_at is None
    assert not Minutes.objects.public().filter(pk=minutes.pk).exists()


def test_approved_minutes_need_their_signatory(board, secretary):
    with pytest.raises(ConfirmRefused) as refused:
        _minutes(board, secretary, signed_by="")
    assert "signed_by" in refused.value.errors


def test_a_person_both_present_and_away_is_refused(board, secretary):
    with pytest.raises(ConfirmRefused) as refused:
        _minutes(board, secretary, apologies=["Daniel Rosewarne"])
    assert "people" in refused.value.errors
    assert not Minutes.objects.exists()


def test_a_decision_is_tied_to_the_recommendation_of_a_paper_of_the_meeting(board, secretary):
    paper = confirm(read_document(paper_fields(meeting_date="2018-12-13"), board=board), by=secretary).paper
    minutes = _minutes(board, secretary)

    assert minutes.meeting == paper.meeting
    decision = Decision.objects.get()
    assert decision.recommendation.paper == paper
    assert decision.outcome == Decision.Outcome.NOTED
    assert decision.meeting == minutes.meeting
    assert decision.confirmed_at == minutes.meeting.starts_at
    assert Decision.objects.public().filter(pk=decision.pk).exists()


def test_a_decision_with_no_paper_in_the_portal_stays_minute_text(board, secretary):
    minutes = _minutes(board, secretary)
    assert not Decision.objects.exists()
    texts = [p.text for p in build_minutes(minutes, confidential=False).items[1].paragraphs]
    assert "The Board noted the report." in texts


def test_minutes_for_a_meeting_that_has_them_are_refused(board, secretary):
    _minutes(board, secretary)
    with pytest.raises(ConfirmRefused) as refused:
        _minutes(board, secretary, file="again.txt")
    assert "meeting" in refused.value.errors


# What the public and staff see of imported records


def _public_paper(board, secretary, **overrides):
    fields = paper_fields(meeting_date="2018-12-13", **overrides)
    return confirm(read_document(fields, board=board, content=b"ORIGINAL BYTES \x00 as printed"), by=secretary)


def test_the_public_page_says_the_paper_was_imported_and_offers_the_original(client, board, secretary):
    document = _public_paper(board, secretary)
    page = client.get(document.paper.get_absolute_url()).content.decode()

    assert f"Imported from the office's archive on {timezone.localdate():%-d %B %Y}" in page
    assert "Published 5 December 2018" in page
    assert document.original_name in page and document.sha256 in page
    assert "Text, 27\xa0bytes" in page  # the 27 bytes stored
    url = f"/archive/papers/{document.paper.pk}/original/"
    assert url in page
    # The printed numbers, 4.6 then 4.8.
    assert "4.6\tThe evaluation panel" in page and "4.8\tA preferred provider" in page


def test_the_original_file_is_served_byte_for_byte(client, board, secretary):
    document = _public_paper(board, secretary)
    response = client.get(f"/archive/papers/{document.paper.pk}/original/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"ORIGINAL BYTES \x00 as printed"
    assert response["Content-Disposition"].startswith("attachment")
    assert document.original_name in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "overrides",
    [{"marking": "OFFICIAL-SENSITIVE"}, {"exemption_category": "3"}],
    ids=["sensitive", "exempt"],
)
def test_the_public_gets_no_original_of_a_paper_it_may_not_read(client, board, secretary, overrides):
    document = _public_paper(board, secretary, **overrides)
    assert client.get(f"/archive/papers/{document.paper.pk}/original/").status_code == 404


def test_the_public_gets_no_original_of_a_withdrawn_paper(client, board, secretary):
    from boards.services import withdraw_paper

    document = _public_paper(board, secretary)
    withdraw_paper(paper=document.paper, user=secretary, reason="Superseded by the audited figures.")
    assert client.get(f"/archive/papers/{document.paper.pk}/original/").status_code == 404


def test_the_public_gets_the_original_of_published_minutes_and_not_of_draft_ones(client, board, secretary):
    published = _minutes(board, secretary)
    draft = _minutes(board, secretary, file="draft.txt", date="2018-10-11", status="draft", signed_by="")

    response = client.get(f"/archive/minutes/{published.pk}/original/")
    assert response.status_code == 200
    assert client.get(f"/archive/minutes/{draft.pk}/original/").status_code == 404
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Imported from the office's archive" in page
    assert f"/archive/minutes/{published.pk}/original/" in page


def test_staff_open_originals_they_may_read(client, board, secretary, member, author, no_role_user):
    unconfirmed = read_document(paper_fields(file="unconfirmed.txt"), board=board)
    sensitive = _public_paper(board, secretary, marking="OFFICIAL-SENSITIVE", file="sensitive.txt")
    url = lambda document: f"/workspace/archive/documents/{document.pk}/original/"  # noqa: E731

    assert client.get(url(unconfirmed)).status_code == 302  # to sign in
    client.force_login(secretary)
    assert client.get(url(unconfirmed)).status_code == 200
    client.force_login(member)
    assert client.get(url(unconfirmed)).status_code == 403
    assert client.get(url(sensitive)).status_code == 200  # the member's board's paper
    client.force_login(no_role_user)
    assert client.get(url(sensitive)).status_code == 403


def test_originals_of_records_the_public_may_not_read_are_audited(client, board, secretary, member):
    from accounts.models import DownloadRecord

    def confirmed(name: str, **overrides):
        fields = paper_fields(file=name, meeting_date="2018-12-13", **overrides)
        return confirm(read_document(fields, board=board, content=name.encode()), by=secretary)

    sensitive = confirmed("sensitive.txt", marking="OFFICIAL-SENSITIVE")
    public = confirmed("public.txt", agenda_item="6.0")
    url = lambda document: f"/workspace/archive/documents/{document.pk}/original/"  # noqa: E731
    client.force_login(member)
    assert client.get(url(sensitive)).status_code == 200
    assert client.get(url(public)).status_code == 200
    records = list(DownloadRecord.objects.values_list("kind", "username", "object_id"))
    assert records == [(DownloadRecord.Kind.ARCHIVE_ORIGINAL, member.username, str(sensitive.pk))]


def test_the_faults_show_beside_the_record_for_the_office_only(client, board, secretary, member):
    paper = _public_paper(board, secretary).paper
    client.force_login(secretary)
    page = client.get(paper.get_staff_url()).content.decode()
    assert "Paragraph 4.7 is missing." in page
    client.force_login(member)
    page = client.get(paper.get_staff_url()).content.decode()
    assert "Download the original" in page
    assert "Paragraph 4.7 is missing." not in page


def test_imported_papers_do_not_flood_recently_published(client, board, secretary, make_paper):
    today = make_paper(status=Paper.Status.PUBLISHED, title="Estates Strategy Today")
    _public_paper(board, secretary)

    home = client.get("/").content.decode()
    assert home.index("Estates Strategy Today") < home.index("Victims Services Commissioning Update")
    feed = client.get("/feed/").content.decode()
    assert feed.index(today.title) < feed.index("Victims Services Commissioning Update")
    assert "<published>2018-12-05" in feed or "2018-12-05" in feed


def test_imported_records_are_browsable_by_year_and_board(client, board, secretary):
    paper = _public_paper(board, secretary).paper
    page = client.get("/papers/", {"year": 2018, "board": board.slug}).content.decode()
    assert paper.get_absolute_url() in page
    assert paper.get_absolute_url() not in client.get("/papers/", {"year": 2019}).content.decode()
    meetings = client.get("/meetings/", {"year": 2018, "board": board.slug}).content.decode()
    assert paper.meeting.get_absolute_url() in meetings


def test_imported_records_are_found_by_search(client, board, secretary):
    paper = _public_paper(board, secretary).paper
    minutes = _minutes(board, secretary)
    page = client.get("/search/", {"q": "preferred provider"}).content.decode()
    assert paper.get_absolute_url() in page
    page = client.get("/search/", {"q": "AP introduced the report"}).content.decode()
    assert minutes.get_absolute_url() in page


def test_the_api_says_when_a_record_was_imported(client, board, secretary):
    paper = _public_paper(board, secretary).paper
    minutes = _minutes(board, secretary)

    documents = client.get("/api/documents/").json()["results"]
    (entry,) = [d for d in documents if d["id"] == f"paper/{paper.pk}"]
    assert entry["imported_at"] == paper.imported_at.isoformat()
    assert entry["published_at"].startswith("2018-12-05")
    (entry,) = client.get("/api/minutes/").json()["results"]
    assert entry["imported_at"] == minutes.imported_at.isoformat()
    events = client.get("/api/events/").json()["results"]
    (entry,) = [e for e in events if e["id"] == f"meeting/{paper.meeting.pk}"]
    assert entry["imported_at"] == paper.meeting.imported_at.isoformat()
    assert entry["agenda"][0]["number"] == "5.0"


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_make_one_record_and_one_refusal(board, secretary):
    import threading

    from django.db import connection

    document = read_document(paper_fields(), board=board)
    start = threading.Barrier(2)
    results: list = []

    def click():
        start.wait()
        try:
            confirm(ImportedDocument.objects.get(pk=document.pk), by=secretary)
            results.append("confirmed")
        except ConfirmRefused as refused:
            results.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(results) == 2 and results.count("confirmed") == 1
    refusal = next(result for result in results if result != "confirmed")
    assert "already confirmed" in refusal
    assert Paper.objects.count() == 1
    assert Person.objects.filter(name="Alys Penhallow").count() == 1


def test_imported_draft_minutes_show_the_posts_printed_and_keep_them_when_signed(board, secretary):
    minutes = _minutes(board, secretary, status="draft", signed_by="", signed_on=None)
    person = Person.objects.get(name="Daniel Rosewarne")
    person.post_title = "Retired"
    person.save()

    members = build_minutes(minutes, confidential=True).members
    assert {a.post for a in members} == {"Police and Crime Commissioner", "Chief Constable"}
    from minutes.services import _record_posts

    _record_posts(minutes)
    assert minutes.attendance.get(person=person).post == "Chief Constable"


def test_a_boards_minutes_are_listed_by_year(client, board, secretary):
    older = _minutes(board, secretary)
    newer = _minutes(board, secretary, file="2019.txt", date="2019-01-17", signed_on="2019-02-21")
    url = f"/boards/{board.slug}/minutes/"

    page = client.get(url).content.decode()
    assert older.get_absolute_url() in page and newer.get_absolute_url() in page
    assert '<a href="?year=2018">2018</a>' in page and "(from the archive)" in page
    page = client.get(url, {"year": 2018}).content.decode()
    assert older.get_absolute_url() in page and newer.get_absolute_url() not in page


def test_printed_section_numbers_show_as_printed_and_ids_stay_unique(client, board, secretary):
    sections = paper_fields()["sections"]
    sections[0]["number"] = "4.0"
    sections[1]["number"] = "4.0"  # printed twice: the record keeps it, the page's ids do not repeat
    paper = confirm(read_document(paper_fields(sections=sections), board=board), by=secretary).paper

    page = client.get(paper.get_absolute_url()).content.decode()
    assert ">4.0 Background</h2>" in page and ">4.0 Progress</h2>" in page
    assert ">1. Purpose</h2>" in page
    ids = [part.split('"')[0] for part in page.split('id="section-')[1:]]
    assert len(ids) == len(set(ids)) == 5


def test_a_signatory_who_gave_apologies_is_not_recorded_as_chairing(board, secretary):
    minutes = _minutes(
        board, secretary, members=[{"name": "Daniel Rosewarne", "post": "Chief Constable"}], apologies=["Gwen Tremayne"]
    )
    assert minutes.signed_by.name == "Gwen Tremayne"
    assert minutes.meeting.chaired_by != minutes.signed_by


# What a first try of the import found


def test_a_board_named_new_on_review_is_made_on_confirmation(secretary):
    fields = paper_fields(board="Estates Committee", new_board=True, meeting_date="2018-12-13")
    paper = confirm(read_document(fields, board=None), by=secretary).paper
    assert paper.board.name == "Estates Committee"
    assert paper.board.short_name == "EC" and paper.board.slug == "ec"
    assert paper.meeting.board == paper.board


def test_a_board_name_only_read_from_the_file_is_not_made(secretary):
    with pytest.raises(ConfirmRefused) as refused:
        confirm(read_document(paper_fields(board="Estates Committee"), board=None), by=secretary)
    assert "board" in refused.value.errors


def test_a_new_person_named_in_two_documents_is_made_once(board, secretary):
    officer = [{"name": "Marta Kowalczyk", "post": "Chief Finance Officer"}]
    first = paper_fields(file="one.txt", contact_officers=officer)
    second = paper_fields(file="two.txt", contact_officers=officer, title="Budget Monitoring")
    one = read_document(first, board=board, content=b"one")
    two = read_document(second, board=board, content=b"two")  # read before the first is confirmed
    assert one.people.get().person is None and two.people.get().person is None
    confirm(one, by=secretary)
    confirm(two, by=secretary)
    assert Person.objects.filter(name="Marta Kowalczyk").count() == 1


def test_minutes_confirmed_after_their_papers_give_the_meeting_its_place(board, secretary):
    paper = confirm(read_document(paper_fields(meeting_date="2018-12-13"), board=board), by=secretary).paper
    assert paper.meeting.location == ""
    minutes = _minutes(board, secretary, time="10:00")
    assert minutes.meeting == paper.meeting
    paper.meeting.refresh_from_db()
    assert paper.meeting.location == "Conference Room 2, Northshire House"


@pytest.mark.parametrize(
    "established, dissolved, error",
    [(date(2019, 1, 1), None, "was established on 1 January 2019"), (None, date(2018, 6, 30), "was dissolved")],
)
def test_a_document_dated_outside_its_boards_life_is_refused(board, secretary, established, dissolved, error):
    board.established_on, board.dissolved_on = established, dissolved
    board.dissolution_reason = "Merged." if dissolved else ""
    board.save()
    with pytest.raises(ConfirmRefused) as refused:
        confirm(read_document(paper_fields(), board=board), by=secretary)
    assert error in refused.value.errors["board"][0]


@pytest.mark.parametrize("edge", ["established_on", "dissolved_on"])
def test_a_document_dated_on_the_first_or_last_day_of_its_board_is_confirmed(board, secretary, edge):
    setattr(board, edge, date(2018, 12, 5))  # the paper's own date
    board.dissolution_reason = "Merged." if edge == "dissolved_on" else ""
    board.save()
    assert confirm(read_document(paper_fields(), board=board), by=secretary).paper.date == date(2018, 12, 5)


def test_former_members_and_members_of_another_board_get_no_sensitive_original(client, board, other_board, secretary):
    from .factories import MembershipFactory, UserFactory

    document = confirm(read_document(paper_fields(marking="OFFICIAL-SENSITIVE"), board=board), by=secretary)
    url = f"/workspace/archive/documents/{document.pk}/original/"
    former = UserFactory(username="former", roles=[Role.MEMBER])
    MembershipFactory(
        person=PersonFactory(user=former), board=board, starts_on=date(2020, 1, 1), ends_on=timezone.localdate()
    )
    other = UserFactory(username="other", roles=[Role.MEMBER])
    MembershipFactory(person=PersonFactory(user=other), board=other_board)
    client.force_login(former)
    assert client.get(url).status_code == 200  # still a member today, the last day
    Membership.objects.filter(person__user=former).update(ends_on=timezone.localdate() - timedelta(days=1))
    assert client.get(url).status_code == 403
    client.force_login(other)
    assert client.get(url).status_code == 403


def test_a_document_with_no_items_cannot_be_confirmed_as_minutes(board, secretary):
    with pytest.raises(ConfirmRefused) as refused:
        _minutes(board, secretary, items=[])
    assert "kind" in refused.value.errors


def test_members_record_no_position_on_an_imported_paper(board, secretary, member):
    from boards.permissions import can_record_position

    paper = confirm(read_document(paper_fields(meeting_date="2018-12-13"), board=board), by=secretary).paper
    assert not can_record_position(member, paper.recommendations.get())


def test_the_feed_says_the_day_minutes_were_signed_in_local_time(client, board, secretary):
    _minutes(board, secretary, signed_on="2019-07-17", date="2019-07-09", next_meeting="2019-07-17")
    feed = client.get("/feed/").content.decode()
    assert "Signed 17 July 2019" in feed


def test_a_paper_keeps_the_agenda_item_number_it_printed(board, secretary):
    first_fields = paper_fields(meeting_date="2018-12-13", agenda_item="6.2")
    first = confirm(read_document(first_fields, board=board), by=secretary)
    assert first.paper.item_number == "6.2"
    second_fields = paper_fields(file="b.txt", title="Estates", meeting_date="2018-12-13", agenda_item="6.2")
    second = confirm(read_document(second_fields, board=board, content=b"b"), by=secretary).paper
    assert second.item_number == "6.2"  # as printed, though the meeting's item 6 carries the first paper
    assert second.agenda_item != first.paper.agenda_item


def test_a_closing_section_that_differed_from_section_2_is_kept_as_printed(board, secretary):
    fields = paper_fields(
        recommendations=[
            {"number": "2.1", "verb": "note", "text": "the progress made."},
            {"number": "2.2", "verb": "approve", "text": "the revised action V4."},
        ],
        closing_recommendations=[{"number": "6.1", "verb": "note", "text": "the progress made."}],
    )
    paper = confirm(read_document(fields, board=board), by=secretary).paper
    closing = build_document(paper).sections[-1]
    assert [p.text for p in closing.paragraphs] == ["The Board is recommended to note the progress made."]
    assert [p.number for p in closing.paragraphs] == ["6.1"]
    assert closing.heading == "Recommendation"
    assert len(build_document(paper).sections[1].paragraphs) == 2


def test_a_closing_section_like_section_2_is_printed_from_the_records(board, secretary):
    paper = confirm(read_document(paper_fields(), board=board), by=secretary).paper
    assert paper.printed_numbers["closing"] == []
    closing = build_document(paper).sections[-1]
    assert [p.number for p in closing.paragraphs] == ["6.1"]


def test_a_name_two_people_share_is_matched_to_neither_and_case_does_not_matter(board):
    from archive.services.intake import proposed_people

    PersonFactory(name="Sam Okafor")
    PersonFactory(name="Sam Okafor")
    officer = PersonFactory(name="Priya Lindqvist")
    fields = paper_fields(contact_officers=[{"name": "sam okafor"}, {"name": "PRIYA  LINDQVIST"}])
    document = read_document(fields, board=board)
    rows = proposed_people(document, fields)
    assert [row.person for row in rows] == [None, officer]
