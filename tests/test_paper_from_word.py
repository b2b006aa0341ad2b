"""An author starts a paper from a Word file: the draft the reader fills, what it could not place, who may."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from archive.models import WordDraft
from archive.reading.result import ParagraphRead, PersonRead, Reading, RecommendationRead, SectionRead
from archive.services.drafts import draft_from_reading, read_as_paper
from boards.models import Paper, PaperEvent
from boards.prepublication import TYPED_NUMBER, paper_problems
from pcp_portal.body import parse

from .factories import AgendaItemFactory, BoardFactory, PaperFactory, PersonFactory
from .word_files import CONTACT, PURPOSE, TITLE, docx_bytes, zip_bytes

pytestmark = pytest.mark.django_db

URL = "/workspace/papers/new/from-word/"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def word(data: bytes, name: str = "victims-update.docx", content_type: str = DOCX):
    return SimpleUploadedFile(name, data, content_type=content_type)


def upload(client, user, board, data=None, *, name="victims-update.docx", item=None):
    client.force_login(user)
    payload = {"board": board.pk, "agenda_item": item.pk if item else "", "file": word(data or docx_bytes(), name)}
    return client.post(URL, payload)


def blocks(body: str) -> list[str]:
    """The paragraphs the portal numbers, as plain text: what the paper will print."""
    return [block.text for block in parse(body).blocks]


@pytest.fixture
def contact(db):
    return PersonFactory(name=CONTACT[0], post_title="Head of Policy")


# The draft, field by field


def test_the_word_file_becomes_a_draft_owned_by_the_author_field_by_field(client, author, board, contact):
    response = upload(client, author, board)

    paper = Paper.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("boards:staff_paper_edit", args=[paper.pk])
    assert (paper.status, paper.created_by, paper.board, paper.version) == (Paper.Status.DRAFT, author, board, 1)
    assert paper.title == TITLE
    assert paper.from_post == "Chief Executive"
    assert paper.date == timezone.localdate()
    assert paper.marking == Paper.Marking.OFFICIAL
    assert paper.purpose == PURPOSE
    assert [(r.verb, r.text) for r in paper.recommendations.all()] == [
        ("note", "the progress made against the Victims theme."),
        ("approve", "the revised wording of priority action V4."),
    ]
    sections = list(paper.sections.all())
    # The closing "Recommendations" and the bibliography are the portal's own: not copied as sections.
    assert [s.heading for s in sections] == ["Background", "Update"]
    assert blocks(sections[0].body) == [
        "The Plan became effective on 1 April 2024 and is structured around four themes.",
        "Two changes since the last report:\n- the current contract ends on 31 March 2026;\n"
        "- the Victims' Hub and the Witness Care Team have merged.",
    ]
    assert blocks(sections[1].body)[1] == "Action V8 remains red while court backlogs persist."
    assert "<ul" in parse(sections[0].body).blocks[1].html
    assert [s.title for s in paper.source_documents.all()] == [
        "Police and Crime Plan 2024-28",
        "Victims Needs Assessment 2024",
    ]
    assert paper.contact_officer == contact
    assert not paper.further_contacts.exists()
    assert WordDraft.objects.get(paper=paper).unplaced == []


def test_a_table_in_the_word_file_is_a_table_of_its_paragraph_in_the_draft(client, author, board, contact):
    upload(client, author, board)

    body = Paper.objects.get().sections.get(heading="Update").body
    assert blocks(body) == [
        "The nine Victims priority actions are rated as follows.\nRating | Actions\nGreen | 6\nAmber | 2\nRed | 1",
        "Action V8 remains red while court backlogs persist.",
    ]
    assert "<table" in parse(body).blocks[0].html


def test_typed_numbers_are_gone_so_the_checks_find_none(client, author, board, contact):
    upload(client, author, board)

    paper = Paper.objects.get()
    assert [p for p in paper_problems(paper) if p.kind == TYPED_NUMBER] == []
    texts = [paper.purpose, *paper.sections.values_list("body", flat=True)]
    assert not any(text.lstrip().startswith(("1.1", "3.1", "4.1")) for text in texts)


def test_the_draft_is_created_as_a_typed_one_with_its_event_and_history(client, author, board, contact):
    upload(client, author, board)

    paper = Paper.objects.get()
    event = paper.events.get()
    assert (event.action, event.actor, event.to_status) == (PaperEvent.Action.CREATED, author, Paper.Status.DRAFT)
    assert "victims-update.docx" in event.comment
    record = paper.history.get()
    assert (record.history_user, record.version) == (author, 1)
    assert paper.sections.first().history.get().history_user == author


def test_the_marking_read_is_kept(client, author, board, contact):
    upload(client, author, board, docx_bytes(marking="OFFICIAL-SENSITIVE"))

    assert Paper.objects.get().marking == Paper.Marking.OFFICIAL_SENSITIVE


def test_the_agenda_item_chosen_is_the_papers(client, author, board, agenda_item, contact):
    upload(client, author, board, item=agenda_item)

    assert Paper.objects.get().agenda_item == agenda_item


# What could not be placed


def test_an_unknown_verb_and_an_unknown_contact_officer_are_listed_not_lost(client, author, board):
    data = docx_bytes(
        extra_recommendation=("2.3", "ratify", "the new victims' contract."),
        contact=("Tamsin Oakhurst", "Victims Commissioning Manager"),
    )
    upload(client, author, board, data)

    paper = Paper.objects.get()
    assert [r.verb for r in paper.recommendations.all()] == ["note", "approve"]
    assert paper.contact_officer is None
    unplaced = WordDraft.objects.get(paper=paper).unplaced
    assert {"what": "Recommendation 2.3 (the verb “ratify” is not one the portal offers)",
            "text": "The Board is recommended to ratify the new victims' contract."} in unplaced  # fmt: skip
    assert {
        "what": "Contact officer (nobody of this name in the portal)",
        "text": "Tamsin Oakhurst, Victims Commissioning Manager",
    } in unplaced


def test_the_editor_lists_what_was_not_placed_until_the_author_dismisses_it(client, author, board):
    response = upload(client, author, board, docx_bytes(contact=("Tamsin <b>Oakhurst</b>", "Manager")))
    paper = Paper.objects.get()

    page = client.get(response["Location"])
    assert "Not placed from “victims-update.docx”" in page.content.decode()
    assert "Tamsin &lt;b&gt;Oakhurst&lt;/b&gt;, Manager" in page.content.decode()
    # A reload, or another day, still shows it.
    assert "Not placed from" in client.get(response["Location"]).content.decode()

    dismissed = client.post(reverse("archive:dismiss_unplaced", args=[paper.pk]))
    assert dismissed.status_code == 302
    assert "Not placed from" not in client.get(response["Location"]).content.decode()
    notes = WordDraft.objects.get(paper=paper)
    assert (notes.dismissed_by, notes.dismissed_at is not None) == (author, True)


def test_only_those_who_may_edit_the_draft_dismiss_the_list(client, author, other_author, reviewer, board):
    upload(client, author, board, docx_bytes(contact=("Tamsin Oakhurst", "Manager")))
    paper = Paper.objects.get()
    url = reverse("archive:dismiss_unplaced", args=[paper.pk])
    client.logout()

    assert client.post(url).status_code == 302  # anonymous: to the sign-in page
    for user in (other_author, reviewer):
        client.force_login(user)
        assert client.post(url).status_code == 403
    assert WordDraft.objects.get(paper=paper).dismissed_at is None


# Refused files


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("victims-update.doc", b"\xd0\xcf\x11\xe0 old Word", "is in the old Word format (.doc)"),
        ("victims-update.pdf", b"%PDF-1.7 not a paper", "is not a Word document. Upload a .docx file."),
        ("victims-update.txt", b"1. Purpose", "is not a Word document. Upload a .docx file."),
        ("victims-update.docx", b"PK\x03\x04 but broken", "is not a Word document (.docx) that can be opened"),
        ("victims-update.docx", zip_bytes({"hello.txt": b"hi"}), "is not a Word document (.docx) that can be opened"),
    ],
)
def test_other_types_and_damaged_files_are_refused_beside_the_field(client, author, board, name, data, message):
    response = upload(client, author, board, data, name=name)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["file"]
    assert message in errors["file"][0]
    # The board chosen is kept.
    assert response.context["form"]["board"].value() == str(board.pk)
    assert f'<option value="{board.pk}" selected>' in response.content.decode()
    assert not Paper.objects.exists()


def test_a_damaged_document_inside_a_good_zip_is_refused(client, author, board):
    data = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>not closed"})

    response = upload(client, author, board, data)

    assert "is not a Word document (.docx) that can be opened" in response.context["form"].errors["file"][0]
    assert not Paper.objects.exists()


def test_an_oversized_file_is_refused(client, author, board, settings):
    settings.ARCHIVE_MAX_BYTES = 20_000
    data = docx_bytes()
    assert len(data) > 20_000

    response = upload(client, author, board, data)

    assert "a Word file can be at most 19.5\xa0KB" in response.context["form"].errors["file"][0]
    assert not Paper.objects.exists()


def test_a_file_that_unpacks_to_too_much_is_refused_before_it_is_unpacked(client, author, board, settings):
    settings.ARCHIVE_MAX_BYTES, settings.ARCHIVE_UNPACK_FACTOR = 200_000, 5
    data = zip_bytes({"word/document.xml": b"<w:document/>", "word/media/big.bin": b"\0" * (3 * 1024 * 1024)})
    assert len(data) < 10_000

    response = upload(client, author, board, data)

    assert "unpacks to far more than its size" in response.context["form"].errors["file"][0]
    assert not Paper.objects.exists()


# Who may


@pytest.mark.parametrize(("role", "status"), [("author", 200), ("secretary", 200), ("reviewer", 403), ("member", 403)])
def test_the_upload_page_is_for_authors_and_the_secretary(client, users, role, status):
    client.force_login(users[role])

    assert client.get(URL).status_code == status


def test_the_secretary_may_start_a_paper_from_word_too_and_owns_it(client, secretary, board, contact):
    response = upload(client, secretary, board)

    paper = Paper.objects.get()
    assert response["Location"] == reverse("boards:staff_paper_edit", args=[paper.pk])
    assert (paper.created_by, paper.events.get().actor) == (secretary, secretary)


def test_the_anonymous_visitor_signs_in_first(client, board):
    response = client.post(URL, {"board": board.pk, "file": word(docx_bytes())})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Paper.objects.exists()


@pytest.mark.parametrize("role", ["reviewer", "member"])
def test_a_refused_role_cannot_post_a_file(client, users, board, role):
    response = upload(client, users[role], board)

    assert response.status_code == 403
    assert not Paper.objects.exists()


def test_the_new_paper_page_offers_the_word_file_to_those_who_may(client, author, secretary):
    for user in (author, secretary):
        client.force_login(user)
        assert (
            'href="/workspace/papers/new/from-word/">Start from a Word file'
            in client.get(reverse("boards:staff_paper_create")).content.decode()
        )


# What the normal create refuses


def test_an_item_of_another_board_is_refused(client, author, board, other_board, contact):
    item = AgendaItemFactory(meeting__board=other_board)

    response = upload(client, author, board, item=item)

    assert "That item is on the agenda of another board" in response.context["form"].errors["agenda_item"][0]
    assert not Paper.objects.exists()


def test_an_item_that_already_has_a_paper_is_refused(client, author, board, agenda_item, contact):
    PaperFactory(board=board, agenda_item=agenda_item, title="Provisional Outturn 2024/25")

    response = upload(client, author, board, item=agenda_item)

    assert "already has a paper" in response.context["form"].errors["agenda_item"][0]
    assert Paper.objects.count() == 1


def test_a_dissolved_board_is_refused(client, author, board, contact):
    board.dissolved_on = date(2025, 1, 31)
    board.dissolution_reason = "Merged into the Strategic Board."
    board.save()

    response = upload(client, author, board)

    assert "board" in response.context["form"].errors
    assert not Paper.objects.exists()


# What goes where: the reading as the draft takes it


def reading(**fields) -> Reading:
    return Reading(file="paper.docx", kind="paper", confidence=0.9, **fields)


def test_a_closing_recommendation_unlike_section_2_is_listed(db):
    draft = draft_from_reading(
        reading(
            title="Budget Update",
            recommendations=[RecommendationRead("2.1", "note", "the report.")],
            closing_recommendations=[
                RecommendationRead("5.1", "note", "the report."),
                RecommendationRead("5.2", "endorse", "the new approach."),
            ],
        ),
        on=date(2026, 3, 1),
    )

    assert draft.recommendations == [("note", "the report.")]
    assert [item.as_dict() for item in draft.unplaced] == [
        {
            "what": "Closing recommendation 5.2 (not in section 2)",
            "text": "The Board is recommended to endorse the new approach.",
        }
    ]


def test_numbers_typed_inside_the_text_and_headings_are_removed(db):
    draft = draft_from_reading(
        reading(
            purpose=[ParagraphRead("", "1.1 The purpose of this report is to inform the Board.")],
            sections=[
                SectionRead(
                    "3", "3. Background", [ParagraphRead("3.1", "3.1 The Board met."), ParagraphRead("", "- 3.2 Item")]
                ),
                SectionRead("5", "5 Recommendation", [ParagraphRead("5.1", "The Board is recommended to note.")]),
                SectionRead("", "BIBLIOGRAPHY", [ParagraphRead("", "Source Document(s)")]),
            ],
        ),
        on=date(2026, 3, 1),
    )

    assert draft.purpose == "The purpose of this report is to inform the Board."
    assert draft.sections == [("Background", "The Board met.\n\n- Item")]


@pytest.mark.parametrize(
    ("read", "expected"),
    [("OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"), ("", "OFFICIAL"), (None, "OFFICIAL"), ("Secret", "OFFICIAL")],
)
def test_the_marking_is_official_unless_another_was_read(db, read, expected):
    assert draft_from_reading(reading(marking=read, title="A"), on=date(2026, 3, 1)).marking == expected


def test_a_name_two_people_share_is_listed_for_the_author_to_choose(db):
    PersonFactory(name="Alex Penhallow")
    PersonFactory(name="Alex Penhallow")
    only = PersonFactory(name="Jory Trevenna")

    draft = draft_from_reading(
        reading(
            title="A",
            contact_officers=[PersonRead("Alex Penhallow", "Treasurer"), PersonRead("Jory Trevenna", "Analyst")],
        ),
        on=date(2026, 3, 1),
    )

    assert draft.contacts == [only]
    assert [item.as_dict() for item in draft.unplaced] == [
        {
            "what": "Contact officer (more than one person in the portal has this name)",
            "text": "Alex Penhallow, Treasurer",
        }
    ]


def test_without_a_title_the_files_name_stands_in_and_says_so(db):
    draft = draft_from_reading(reading(unplaced=["A stray line"]), on=date(2026, 3, 1), file_name="budget-update.docx")

    assert draft.title == "budget-update"
    assert [item.what for item in draft.unplaced] == [
        "Title (none found in the file; the file's name was used)",
        "Text the reader could not place",
    ]


# Queries


def queries_to_open(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_upload_page_and_the_editors_list_take_the_same_queries_however_much_there_is(client, author, board):
    client.force_login(author)
    upload(client, author, board, docx_bytes(contact=("Tamsin Oakhurst", "Manager")))
    editor = reverse("boards:staff_paper_edit", args=[Paper.objects.get().pk])
    before = queries_to_open(client, URL), queries_to_open(client, editor)

    for _ in range(5):
        AgendaItemFactory(meeting__board=BoardFactory())
    WordDraft.objects.update(unplaced=[{"what": f"Line {n}", "text": "A stray line."} for n in range(40)])

    assert (queries_to_open(client, URL), queries_to_open(client, editor)) == before


def test_a_paper_the_classifier_took_for_minutes_is_still_read_as_a_paper(db):
    text = "To: The Board\nFrom: Chief Executive\n\nMinutes Retention Policy\n\n1. Purpose\n\n1.1 Agree."
    taken = Reading(file="policy.docx", kind="minutes", confidence=0.4, board="To: Business", text=text)

    paper = read_as_paper(taken)

    assert (paper.kind, paper.title, paper.from_) == ("paper", "Minutes Retention Policy", "Chief Executive")
