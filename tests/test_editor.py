"""Drafting in the browser's forms: formsets, errors beside fields, conflicts, escaping."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boards.models import Paper
from pcp_portal.pdf import pdf_text

from .factories import PersonFactory
from .test_uploads import pdf_bytes


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def paper_post(board, contact, **overrides):
    data = {
        "title": "Victims Theme: Delivery Update",
        "board": str(board.pk),
        "agenda_item": "",
        "from_post": "Chief Executive",
        "date": "2025-03-11",
        "marking": "OFFICIAL",
        "purpose": "The purpose of this report is to update the Board.",
        "contact_officer": str(contact.pk),
        "location": "Northshire Police Headquarters",
        **management("recommendations", 2),
        "recommendations-0-verb": "note",
        "recommendations-0-text": "the progress made",
        "recommendations-0-ORDER": "2",
        "recommendations-1-verb": "approve",
        "recommendations-1-text": "the revised wording",
        "recommendations-1-ORDER": "1",
        **management("sections", 1),
        "sections-0-heading": "Update",
        "sections-0-body": "Six actions are green.\n- one\n- two\n\nV8 remains red.",
        "sections-0-ORDER": "1",
        **management("sources", 1),
        "sources-0-title": "Police and Crime Plan 2024-28",
        "sources-0-linked_paper": "",
        "sources-0-ORDER": "1",
        **management("contacts", 0),
        **management("figures", 0),
        **management("appendices", 0),
    }
    data.update(overrides)
    return data


def edit_post(paper, **overrides):
    """The editor's form as the browser would send it back for `paper`."""
    data = paper_post(paper.board, paper.contact_officer)
    recs = list(paper.recommendations.all())
    sections = list(paper.sections.all())
    sources = list(paper.source_documents.all())
    data.update(management("recommendations", len(recs), len(recs)))
    data.update(management("sections", len(sections), len(sections)))
    data.update(management("sources", len(sources), len(sources)))
    for prefix in ("recommendations", "sections", "sources"):
        for key in [k for k in data if k.startswith(f"{prefix}-") and k.split("-")[1].isdigit()]:
            del data[key]
    for i, rec in enumerate(recs):
        data.update(
            {
                f"recommendations-{i}-id": str(rec.pk),
                f"recommendations-{i}-verb": rec.verb,
                f"recommendations-{i}-text": rec.text,
                f"recommendations-{i}-ORDER": str(i + 1),
            }
        )
    for i, section in enumerate(sections):
        data.update(
            {
                f"sections-{i}-id": str(section.pk),
                f"sections-{i}-heading": section.heading,
                f"sections-{i}-body": section.body,
                f"sections-{i}-ORDER": str(i + 1),
            }
        )
    for i, source in enumerate(sources):
        data.update(
            {
                f"sources-{i}-id": str(source.pk),
                f"sources-{i}-title": source.title,
                f"sources-{i}-linked_paper": str(source.linked_paper_id or ""),
                f"sources-{i}-ORDER": str(i + 1),
            }
        )
    data.update(title=paper.title, purpose=paper.purpose, expected_version=str(paper.version))
    data.update(overrides)
    return data


@pytest.fixture
def contact(db):
    return PersonFactory(name="Priya Lindqvist")


def test_an_author_drafts_a_paper_with_ordered_recommendations_and_sections(client, author, board, contact):
    client.force_login(author)
    response = client.post(reverse("boards:staff_paper_create"), paper_post(board, contact))
    assert response.status_code == 302
    paper = Paper.objects.get()
    assert (paper.status, paper.created_by, paper.version) == (Paper.Status.DRAFT, author, 1)
    # The order the author gave, not the order of the rows.
    assert [r.text for r in paper.recommendations.all()] == ["the revised wording", "the progress made"]
    assert paper.sections.get().heading == "Update"
    assert paper.events.get().action == "created"


def test_errors_appear_beside_the_field_and_keep_what_was_typed(client, author, board, contact):
    client.force_login(author)
    data = paper_post(board, contact, title="", purpose="My carefully written purpose.")
    data["recommendations-0-text"] = ""
    response = client.post(reverse("boards:staff_paper_create"), data)
    assert response.status_code == 200
    assert Paper.objects.count() == 0
    assert response.context["form"].errors["title"] == ["This field is required."]
    html = response.content.decode()
    assert "My carefully written purpose." in html
    assert "Six actions are green." in html
    assert 'id="error_1_id_title"' in html  # crispy's message beside the title field
    assert 'id="error_1_id_recommendations-0-text"' in html


def test_an_agenda_item_of_another_board_is_refused(client, author, board, contact, other_board):
    from .factories import AgendaItemFactory, MeetingFactory

    item = AgendaItemFactory(meeting=MeetingFactory(board=other_board))
    client.force_login(author)
    response = client.post(reverse("boards:staff_paper_create"), paper_post(board, contact, agenda_item=str(item.pk)))
    assert response.status_code == 200
    assert "another board" in response.context["form"].errors["agenda_item"][0]


def test_a_save_over_a_newer_version_is_refused_and_the_text_stays(client, make_paper, author, secretary):
    paper = make_paper()
    opened_by_author = edit_post(paper, purpose="The author's new purpose.")
    opened_by_secretary = edit_post(paper, purpose="The secretary's new purpose.")

    client.force_login(secretary)
    assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), opened_by_secretary).status_code == 302

    client.force_login(author)
    response = client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), opened_by_author)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not saved" in html and f"{secretary.get_full_name()} saved a newer version" in html
    assert html.count("saved a newer version of this paper") == 1
    assert "The author&#x27;s new purpose." in html
    paper.refresh_from_db()
    assert paper.purpose == "The secretary's new purpose."
    assert paper.version == 2


def test_editing_raises_the_version_and_deletes_and_reorders_rows(client, make_paper, author):
    paper = make_paper()
    first, second = paper.recommendations.all()
    data = edit_post(paper)
    data["recommendations-0-DELETE"] = "on"
    client.force_login(author)
    assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data).status_code == 302
    paper.refresh_from_db()
    assert paper.version == 2
    assert list(paper.recommendations.all()) == [second]


def test_an_appendix_that_is_not_a_pdf_is_refused_and_nothing_is_saved(client, make_paper, author):
    paper = make_paper()
    data = edit_post(paper, title="Changed title")
    data.update(management("appendices", 1))
    data.update(
        {
            "appendices-0-title": "Map",
            "appendices-0-file": SimpleUploadedFile("map.pdf", b"GIF89a not a pdf"),
            "appendices-0-ORDER": "1",
        }
    )
    client.force_login(author)
    response = client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data)
    assert response.status_code == 200
    assert "not a PDF" in response.content.decode()
    paper.refresh_from_db()
    assert paper.title != "Changed title"
    assert paper.appendices.count() == 0 and paper.version == 1


def test_a_valid_appendix_is_stored_with_its_page_count(client, make_paper, author):
    paper = make_paper()
    data = edit_post(paper)
    data.update(management("appendices", 1))
    data.update(
        {
            "appendices-0-title": "Map",
            "appendices-0-file": SimpleUploadedFile("map.pdf", pdf_bytes(pages=2)),
            "appendices-0-ORDER": "1",
        }
    )
    client.force_login(author)
    assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data).status_code == 302
    appendix = paper.appendices.get()
    assert (appendix.title, appendix.page_count, appendix.name) == ("Map", 2, "Appendix A")


def test_the_add_button_without_javascript_saves_and_returns_with_a_blank_row(client, make_paper, author):
    paper = make_paper()
    data = edit_post(paper, add_sections="1")
    client.force_login(author)
    response = client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data)
    assert response.status_code == 302 and "?add=sections" in response.url
    page = client.get(response.url)
    sections = [fs for fs in page.context["formsets"] if fs.prefix == "sections"][0]
    assert len(sections.forms) == paper.sections.count() + 1


def test_html_typed_into_fields_is_shown_as_text_in_the_page_and_the_pdf(client, make_paper, author, secretary):
    paper = make_paper()
    script = "<script>alert('x')</script>"
    Paper.objects.filter(pk=paper.pk).update(title=f"Budget {script}", purpose=f"Purpose <b>bold</b> {script}")
    paper.sections.update(body=f"- <img src=x onerror=alert(1)>\n\n{script}")
    paper.refresh_from_db()
    client.force_login(author)
    html = client.get(reverse("boards:staff_paper", args=[paper.pk])).content.decode()
    assert script not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<img src=x" not in html

    pdf = client.get(reverse("boards:staff_paper_pdf", args=[paper.pk]))
    text = pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    assert "<script>alert('x')</script>" in text.replace("\n", "")
    assert "<b>bold</b>" in text


def editor_queries(client, paper) -> int:
    """The number of queries of one request for `paper`'s editor."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("boards:staff_paper_edit", args=[paper.pk])).status_code == 200
    return len(queries)


def test_the_editor_reads_as_much_whatever_the_number_of_rows(client, make_paper, author):
    """Each row's choices (the verbs of recommendations, the people of contact officers) are read once a page."""
    from boards.models import FurtherContact

    paper = make_paper(title="Estates Update")
    client.force_login(author)
    few = editor_queries(client, paper)
    for position in range(10, 15):
        paper.recommendations.create(position=position, verb="note", text=f"item {position}")
        FurtherContact.objects.create(paper=paper, position=position, person=PersonFactory())
    assert editor_queries(client, paper) == few


def test_the_editor_reads_each_kind_of_row_once(client, make_paper, author):
    """The checks beside the editor use the rows its formsets read, and both selects of people share one
    reading: a second reading of the same rows would only repeat the first."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from boards.models import FurtherContact

    paper = make_paper(title="Estates Update")
    paper.sections.create(position=1, heading="Background", body="Some text.")
    FurtherContact.objects.create(paper=paper, position=1, person=PersonFactory())
    client.force_login(author)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("boards:staff_paper_edit", args=[paper.pk])).status_code == 200
    read = [re.search(r'\bFROM "(\w+)"', query["sql"]).group(1) for query in queries if "FROM" in query["sql"]]
    for table in ("section", "recommendation", "sourcedocument", "figure", "appendix", "person"):
        assert read.count(f"boards_{table}") == 1, table


def test_after_a_refused_save_the_checks_are_of_the_paper_as_saved(client, make_paper, author):
    """What was typed is kept in the form, but the checks above it do not mix it with the saved paper."""
    paper = make_paper(title="Estates Update")
    client.force_login(author)
    data = edit_post(paper, title="", purpose="The purpose is XXXX.", contact_officer="")
    response = client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data)
    assert response.status_code == 200
    assert "The purpose is XXXX." in response.content.decode()  # kept in the form
    checks = [str(problem) for problem in response.context["problems"]]
    assert not any("XXXX" in check or "contact officer" in check for check in checks), checks
    paper.refresh_from_db()
    assert paper.title == "Estates Update"


def test_a_contact_officer_named_twice_is_refused_beside_the_row(client, make_paper, author):
    from boards.models import FurtherContact

    paper = make_paper(title="Estates Update")
    other = PersonFactory(name="Sam Okafor")
    client.force_login(author)
    url = reverse("boards:staff_paper_edit", args=[paper.pk])
    for people in ([paper.contact_officer], [other, other]):
        data = edit_post(paper, **management("contacts", len(people)))
        for index, person in enumerate(people):
            data.update({f"contacts-{index}-person": str(person.pk), f"contacts-{index}-ORDER": str(index + 1)})
        response = client.post(url, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert f"{people[-1].name} is already a contact officer of this paper" in html
        assert not FurtherContact.objects.filter(paper=paper).exists()
    data = edit_post(paper, **management("contacts", 1))
    data.update({"contacts-0-person": str(other.pk), "contacts-0-ORDER": "1"})
    assert client.post(url, data).status_code == 302
    assert list(FurtherContact.objects.filter(paper=paper).values_list("person", flat=True)) == [other.pk]
