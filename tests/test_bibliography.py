"""The bibliography: source documents (linking papers the public may read), contact officers, location."""

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from pypdf import PdfReader

from boards import services
from boards.document import build_document
from boards.models import FurtherContact, Paper, SourceDocument
from boards.rendering import render_paper_pdf
from pcp_portal.models import SearchDocument
from pcp_portal.pdf import pdf_text

from .factories import PersonFactory
from .test_editor import edit_post, editor_queries, management, paper_post


def flat(text: str) -> str:
    return " ".join(text.split())


def link_targets(content: bytes) -> list[str]:
    targets = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


@pytest.fixture
def cited(make_paper):
    """A public paper, an OFFICIAL-SENSITIVE one and a draft, to be cited."""
    return {
        "public": make_paper(Paper.Status.PUBLISHED, title="Victims Needs Assessment"),
        "sensitive": make_paper(
            Paper.Status.PUBLISHED, title="Covert Tactics Review", marking=Paper.Marking.OFFICIAL_SENSITIVE
        ),
        "draft": make_paper(title="Unfinished Costings"),
    }


def cite(paper, cited):
    paper.source_documents.all().delete()
    rows = [
        ("Police and Crime Plan 2024-28", None),
        ("Needs assessment", cited["public"]),
        ("Tactics review", cited["sensitive"]),
        ("Costings", cited["draft"]),
    ]
    for position, (title, linked) in enumerate(rows):
        SourceDocument.objects.create(paper=paper, position=position, title=title, linked_paper=linked)


def test_the_bibliography_lists_sources_contacts_and_location_in_the_page_and_pdf(client, make_paper, cited):
    officer = PersonFactory(name="Priya Lindqvist", post_title="Head of Policy")
    second = PersonFactory(name="Tomas Hale", post_title="Finance Officer")
    paper = make_paper(contact_officer=officer, location="Castle Street, Northshire")
    cite(paper, cited)
    FurtherContact.objects.create(paper=paper, position=0, person=second)
    services.submit_paper(paper=paper, user=paper.created_by)

    document = build_document(paper)
    assert [source.title for source in document.sources] == [
        "Police and Crime Plan 2024-28",
        "Needs assessment",
        "Tactics review",
        "Costings",
    ]
    assert document.contacts == (officer.description, second.description)

    text = flat(pdf_text(render_paper_pdf(paper).content))
    sources = "Source Document(s) Police and Crime Plan 2024-28; Needs assessment; Tactics review; Costings"
    assert sources in text
    assert f"Contact Officer(s) {officer.description} {second.description}" in text
    assert "Location Castle Street, Northshire" in text

    client.force_login(paper.created_by)
    page = flat(client.get(paper.get_staff_url()).content.decode())
    assert f"{officer.description}<br>{second.description}" in page
    assert "<td>Castle Street, Northshire</td>" in page


def test_only_a_public_paper_is_linked_and_a_private_ones_title_and_address_never_show(
    client, make_paper, cited, secretary
):
    paper = make_paper(Paper.Status.CLEARED)
    cite(paper, cited)
    paper = services.publish_paper(paper=paper, user=secretary)
    public_url = cited["public"].get_absolute_url()
    hidden = [cited["sensitive"], cited["draft"]]

    page = client.get(paper.get_absolute_url()).content.decode()
    assert f'<a href="{public_url}">Needs assessment</a>' in page
    stored = paper.pdf.open("rb").read()
    assert any(target.endswith(public_url) for target in link_targets(stored))
    surfaces = {
        "page": page,
        "PDF text": pdf_text(stored),
        "PDF links": " ".join(link_targets(stored)),
        "search": client.get(reverse("search"), {"q": "Tactics"}).content.decode(),
        "API": client.get(reverse("api_documents")).content.decode(),
        "feed": client.get("/feed/").content.decode(),
    }
    assert "Tactics review" in surfaces["page"] and "Costings" in surfaces["page"]
    assert paper.title in surfaces["API"] and paper.title in surfaces["feed"]
    for other in hidden:
        for name, content in surfaces.items():
            assert other.title not in content, name
            assert other.get_absolute_url() not in content, name
            assert f"/papers/{other.pk}/" not in content, name


def test_a_citing_papers_search_entry_drops_the_link_once_the_cited_paper_is_withdrawn(
    client, make_paper, secretary, django_capture_on_commit_callbacks
):
    cited_paper = make_paper(Paper.Status.PUBLISHED, title="Estates Strategy")
    paper = make_paper(Paper.Status.CLEARED, title="Estates Update")
    SourceDocument.objects.create(paper=paper, position=5, title="The strategy", linked_paper=cited_paper)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_paper(paper=paper, user=secretary)
    assert cited_paper.get_absolute_url() in client.get(paper.get_absolute_url()).content.decode()
    assert cited_paper.get_absolute_url() in SearchDocument.objects.get(key=f"paper:{paper.pk}").body

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_paper(paper=cited_paper, user=secretary, reason="Superseded by events.")
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "The strategy" in page and cited_paper.get_absolute_url() not in page
    assert cited_paper.get_absolute_url() not in SearchDocument.objects.get(key=f"paper:{paper.pk}").body


def test_the_editor_saves_source_documents_and_further_contacts_in_order(client, author, board, cited):
    client.force_login(author)
    first, second, third = PersonFactory(name="Ann First"), PersonFactory(name="Ben Second"), PersonFactory()
    data = paper_post(board, first)
    data.update(management("sources", 2))
    data.update(
        {
            "sources-0-title": "Needs assessment",
            "sources-0-linked_paper": str(cited["public"].pk),
            "sources-0-ORDER": "2",
            "sources-1-title": "Police and Crime Plan 2024-28",
            "sources-1-linked_paper": "",
            "sources-1-ORDER": "1",
        }
    )
    data.update(management("contacts", 2))
    data.update(
        {
            "contacts-0-person": str(third.pk),
            "contacts-0-ORDER": "2",
            "contacts-1-person": str(second.pk),
            "contacts-1-ORDER": "1",
        }
    )
    assert client.post(reverse("boards:staff_paper_create"), data).status_code == 302
    paper = Paper.objects.get(title=data["title"])
    rows = [(row.title, row.linked_paper) for row in paper.source_documents.all()]
    assert rows == [("Police and Crime Plan 2024-28", None), ("Needs assessment", cited["public"])]
    assert [contact.person for contact in paper.further_contacts.all()] == [second, third]
    assert paper.contact_descriptions() == [first.description, second.description, third.description]


def test_a_source_document_needs_a_title_said_beside_the_field(client, author, board):
    client.force_login(author)
    data = paper_post(board, PersonFactory(), **{"sources-0-title": ""})
    data["sources-0-linked_paper"] = ""
    data["sources-0-ORDER"] = "1"
    # A row with nothing in it is skipped; a row linking a paper but without a title is refused.
    other = Paper.objects.create(board=board, title="Other", from_post="CE", date="2025-01-01")
    data["sources-0-linked_paper"] = str(other.pk)
    response = client.post(reverse("boards:staff_paper_create"), data)
    assert response.status_code == 200
    sources = next(fs for fs in response.context["formsets"] if fs.prefix == "sources")
    assert "This field is required." in str(sources.forms[0].errors["title"])


def test_a_new_papers_location_is_the_office_address(client, author, board, settings):
    settings.OFFICE_ADDRESS = "Police Headquarters, Northshire NS9 9ZZ"
    client.force_login(author)
    html = client.get(reverse("boards:staff_paper_create")).content.decode()
    assert 'value="Police Headquarters, Northshire NS9 9ZZ"' in html
    paper = Paper.objects.create(board=board, title="T", from_post="CE", date="2025-01-01")
    assert paper.location == "Police Headquarters, Northshire NS9 9ZZ"


def test_publishing_freezes_every_contact_officer(client, make_paper, reviewer, secretary):
    first = PersonFactory(name="Priya Lindqvist", post_title="Head of Policy")
    second = PersonFactory(name="Tomas Hale", post_title="Finance Officer")
    paper = make_paper(Paper.Status.SUBMITTED, contact_officer=first)
    FurtherContact.objects.create(paper=paper, position=0, person=second)
    services.clear_paper(paper=paper, user=reviewer)
    published = services.publish_paper(paper=paper, user=secretary)
    frozen = [first.description, second.description]
    assert published.contact_officer_as_published.splitlines() == frozen

    for person, post in ((first, "Director of Strategy"), (second, "Chief Finance Officer")):
        person.post_title = post
        person.save()
    page = flat(client.get(published.get_absolute_url()).content.decode())
    assert frozen[0] in page and frozen[1] in page
    assert "Director of Strategy" not in page and "Chief Finance Officer" not in page
    assert Paper.objects.get(pk=paper.pk).contact_descriptions() == frozen


def test_a_revision_keeps_the_bibliography(make_paper, author, cited):
    paper = make_paper(Paper.Status.PUBLISHED, location="Castle Street")
    cite(paper, cited)
    FurtherContact.objects.create(paper=paper, position=0, person=PersonFactory())
    revision = services.start_revision(paper=paper, user=author)
    assert [(s.title, s.linked_paper_id) for s in revision.source_documents.all()] == [
        (s.title, s.linked_paper_id) for s in paper.source_documents.all()
    ]
    assert [c.person_id for c in revision.further_contacts.all()] == [c.person_id for c in paper.further_contacts.all()]
    assert revision.location == "Castle Street"


def test_version_comparison_shows_the_bibliography_changing(client, make_paper, author):
    paper = make_paper(location="Castle Street")
    client.force_login(author)
    data = edit_post(paper, location="Market Square")
    data["sources-0-title"] = "Police and Crime Plan 2025-29"
    added_person = PersonFactory(name="Ruth Carter")
    data.update(management("contacts", 1))
    data.update({"contacts-0-person": str(added_person.pk), "contacts-0-ORDER": "1"})
    assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data).status_code == 302

    diff = client.get(reverse("boards:staff_paper_history", args=[paper.pk])).context["diff"]
    removed = [line["text"] for line in diff["lines"] if line["kind"] == "removed"]
    added = [line["text"] for line in diff["lines"] if line["kind"] == "added"]
    assert "Source documents: Police and Crime Plan 2024-28" in removed
    assert "Source documents: Police and Crime Plan 2025-29" in added
    assert f"Contact officers: {paper.contact_officer.description}; {added_person.description}" in added
    assert ("Location: Castle Street", "Location: Market Square") == (removed[-1], added[-1])


def test_search_finds_a_public_paper_by_its_source_documents(client, make_paper, secretary):
    paper = make_paper(Paper.Status.CLEARED, title="Outturn")
    SourceDocument.objects.create(paper=paper, position=3, title="Zephyrine audit report")
    services.publish_paper(paper=paper, user=secretary)
    response = client.get(reverse("search"), {"q": "Zephyrine"})
    assert [r.document.title for r in response.context["page"].results] == ["Outturn"]


MIGRATION_CHECK = """
import json
from datetime import timedelta

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE, AFTER = ("boards", "0008_meeting_old_addresses"), ("boards", "0009_paper_bibliography_verbs_markings")
executor = MigrationExecutor(connection)
executor.migrate([BEFORE])
apps = MigrationExecutor(connection).loader.project_state([BEFORE]).apps
Board, Paper = apps.get_model("boards", "Board"), apps.get_model("boards", "Paper")
HistoricalPaper = apps.get_model("boards", "HistoricalPaper")
board = Board.objects.create(name="B", short_name="B", slug="b")
paper = Paper.objects.create(
    board=board, title="T", from_post="CE", date="2025-01-01", source_documents="Plan A\\n\\n  Assessment B  \\n"
)
first = timezone.now() - timedelta(days=2)
fields = {f.attname: getattr(paper, f.attname) for f in Paper._meta.concrete_fields if f.name != "updated_at"}
HistoricalPaper.objects.create(**{**fields, "source_documents": "Plan A"}, history_date=first, history_type="+")
HistoricalPaper.objects.create(
    **{**fields, "version": 2}, history_date=first + timedelta(days=1), history_type="~"
)
MigrationExecutor(connection).migrate([AFTER])
from boards.models import SourceDocument

def titles(at):
    rows = SourceDocument.history.as_of(at).filter(paper_id=paper.pk)
    return [row.title for row in sorted(rows, key=lambda row: row.position)]

print(json.dumps({
    "rows": list(SourceDocument.objects.filter(paper_id=paper.pk).values_list("position", "title")),
    "version 1": titles(first + timedelta(hours=1)),
    "version 2": titles(first + timedelta(days=1, hours=1)),
}))
"""


def test_the_migration_turns_each_line_into_a_row_with_the_history_of_the_text(tmp_path):
    """Run on a scratch SQLite file, whatever database the suite uses: migrating back and forth is slow to undo.
    The file is migrated only as far as the state before the migration (and what that needs), not to the end."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'migration.sqlite3'}"}
    manage = [sys.executable, str(Path(django_settings.BASE_DIR) / "manage.py")]
    subprocess.run(
        [*manage, "migrate", "boards", "0008_meeting_old_addresses", "-v0"], env=env, check=True, capture_output=True
    )
    script = tmp_path / "check.py"
    script.write_text(MIGRATION_CHECK)
    done = subprocess.run(
        [*manage, "shell", "--no-imports", "-c", script.read_text()], env=env, check=True, capture_output=True
    )
    result = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert result == {
        "rows": [[0, "Plan A"], [1, "Assessment B"]],
        "version 1": ["Plan A"],
        "version 2": ["Plan A", "Assessment B"],
    }


def source_inputs(html: str) -> dict[str, str]:
    """Each source row's "paper in the portal": its name and the value it shows."""
    import re

    fields = re.findall(r'<input type="text" name="(sources-[\w_]+-linked_paper)"((?: value="[^"]*")?)', html)
    return {name: value.removeprefix(' value="').removesuffix('"') for name, value in fields}


def test_each_source_row_names_its_paper_and_the_list_suggests_the_newest_others(client, author, make_paper, cited):
    paper = make_paper(title="Estates Update")
    odd = Paper.objects.create(board=paper.board, title="Fleet <Review> & Costs", from_post="CE", date="2020-01-02")
    paper.source_documents.all().delete()
    SourceDocument.objects.create(paper=paper, position=0, title="Needs assessment", linked_paper=odd)
    SourceDocument.objects.create(paper=paper, position=1, title="Plan", linked_paper=None)
    client.force_login(author)
    html = client.get(reverse("boards:staff_paper_edit", args=[paper.pk])).content.decode()
    assert source_inputs(html) == {
        "sources-0-linked_paper": f"{odd.pk} · Fleet &lt;Review&gt; &amp; Costs ({odd.board.short_name}, "
        "2 January 2020, draft)",
        "sources-1-linked_paper": "",
        "sources-__prefix__-linked_paper": "",
    }
    assert html.count('list="paper-choices"') == 3
    suggested = re.findall(r'<datalist id="paper-choices"[^>]*>(.*?)</datalist>', html, re.S)[0]
    values = re.findall(r'<option value="(\d+) · ', suggested)
    assert str(paper.pk) not in values  # never itself
    assert set(values) == {str(p.pk) for p in Paper.objects.exclude(pk=paper.pk)}
    draft = cited["draft"]
    assert f"{draft.pk} · Unfinished Costings ({draft.board.short_name}, {draft.date:%-d %B %Y}, draft)" in suggested


@pytest.mark.parametrize(
    "typed",
    [
        "{pk}",
        " {pk} ",
        "{pk} · Victims Needs Assessment (BCB, 1 March 2025, published)",
        "{site}/papers/{pk}/victims-needs-assessment/",
        "{site}/workspace/papers/{pk}/edit/",
        "/papers/{pk}/",
        "/workspace/papers/{pk}/",
    ],
)
def test_a_paper_is_named_by_its_number_its_label_or_its_address(client, author, board, cited, typed, settings):
    settings.SITE_URL = "https://portal.example.org"
    typed = typed.replace("{site}", settings.SITE_URL)
    client.force_login(author)
    data = paper_post(board, PersonFactory())
    data["sources-0-linked_paper"] = typed.format(pk=cited["public"].pk)
    assert client.post(reverse("boards:staff_paper_create"), data).status_code == 302
    assert Paper.objects.get(title=data["title"]).source_documents.get().linked_paper == cited["public"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("999999", "No paper in the portal has the number 999999."),
        ("the needs assessment", "Type the paper&#x27;s number or words of its title and choose it from the list"),
        ("https://example.org/minutes/", "Type the paper&#x27;s number"),
        ("2025/26 budget", "Type the paper&#x27;s number"),
        ("7th report", "Type the paper&#x27;s number"),
        ("²", "Type the paper&#x27;s number"),
        ("1" * 23, f"No paper in the portal has the number {'1' * 23}."),
        # Only this portal's own addresses name its papers: the same path on another site is another paper.
        ("https://other.example.org/papers/{pk}/victims-needs-assessment/", "Type the paper&#x27;s number"),
        ("see /papers/{pk}/ and /papers/1/", "Type the paper&#x27;s number"),
    ],
)
def test_a_paper_the_portal_cannot_find_is_said_beside_the_field_and_the_text_kept(
    client, author, board, cited, typed, message, settings
):
    settings.SITE_URL = "https://portal.example.org"
    typed = typed.replace("{pk}", str(cited["public"].pk))
    client.force_login(author)
    data = paper_post(board, PersonFactory())
    data["sources-0-linked_paper"] = typed
    response = client.post(reverse("boards:staff_paper_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert source_inputs(html)["sources-0-linked_paper"] == typed
    assert 'id="error_1_id_sources-0-linked_paper"' in html
    assert not Paper.objects.filter(title=data["title"]).exists()


def test_a_paper_cannot_cite_itself(client, author, make_paper):
    paper = make_paper(title="Estates Update")
    paper.source_documents.all().delete()
    client.force_login(author)
    data = edit_post(paper)
    data.update(management("sources", 1))
    data.update({"sources-0-title": "Itself", "sources-0-linked_paper": str(paper.pk), "sources-0-ORDER": "1"})
    response = client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A paper cannot cite itself: choose another paper, or leave this empty." in html


def test_the_chooser_suggests_papers_by_words_of_their_title_or_their_number(client, author, make_paper):
    wanted = make_paper(title="Estates Strategy <2025>")
    other = make_paper(title="Victims Update")
    url = reverse("boards:staff_paper_choices")
    client.force_login(author)
    label = f"{wanted.pk} · Estates Strategy <2025> ({wanted.board.short_name}, {wanted.date:%-d %B %Y}, draft)"
    assert client.get(url, {"q": "estates"}).json() == {"choices": [label]}
    # Every word typed, wherever it is in the title; a digit that is not a number is only text.
    assert client.get(url, {"q": "strategy  ESTATES"}).json() == {"choices": [label]}
    assert client.get(url, {"q": "²", "exclude": "²"}).json() == {"choices": []}
    numbered = client.get(url, {"q": str(other.pk)}).json()["choices"]
    assert numbered[0].startswith(f"{other.pk} · Victims Update")  # the paper of that number first
    assert client.get(url, {"q": "estates", "exclude": str(wanted.pk)}).json() == {"choices": []}
    for n in range(25):
        Paper.objects.create(board=wanted.board, title=f"Estates note {n}", from_post="CE", date="2020-01-01")
    assert len(client.get(url, {"q": "estates"}).json()["choices"]) == 20


def test_the_editor_reads_the_papers_once_whatever_the_number_of_rows_and_papers(client, author, make_paper, cited):
    paper = make_paper(title="Estates Update")
    client.force_login(author)
    SourceDocument.objects.create(paper=paper, position=0, title="One", linked_paper=cited["public"])
    few = editor_queries(client, paper)
    for position in range(1, 6):
        SourceDocument.objects.create(paper=paper, position=position, title=f"Row {position}")
    for n in range(5):
        Paper.objects.create(board=paper.board, title=f"Older paper {n}", from_post="CE", date="2020-01-01")
    assert editor_queries(client, paper) == few
