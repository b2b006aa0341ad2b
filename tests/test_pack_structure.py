"""Packs are tagged PDFs: the papers' structure trees merged, with bookmarks, page labels and a running number.

veraPDF is not available, so the structure is read back with pikepdf and
checked for what a screen reader and a PDF/UA validator rely on.
"""

import io
import re
import subprocess
import tempfile
from datetime import timedelta

import pikepdf
import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader

from boards import services
from boards.models import Meeting, PackBuild, Paper
from boards.packs import agenda_entries
from minutes.models import Minutes
from pcp_portal.pdf import Part, Stamp, html_to_pdf, merge_pdfs, pdf_text, stamp_pdf
from tests import test_packs
from tests.test_packs import add_appendix, latest, pdf_of

K = PackBuild.Kind
agenda, publish = test_packs.agenda, test_packs.publish  # the packs' fixtures, shared
ELEMENT = pikepdf.Name.StructElem


def elements(root):
    """Every structure element under `root`, in document order."""
    found, stack, seen = [], [root], set()
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.get("/Type", ELEMENT) != ELEMENT or "/S" not in node:
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        found.append(node)
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(reversed(list(kids)))
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)
    return found


def page_texts(content: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        text = subprocess.run(["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True).stdout
    return text.decode().split("\f")[:-1]


@pytest.fixture
def pack(agenda, publish):
    publish(agenda)
    content = pdf_of(latest(agenda, K.PACK))
    return pikepdf.open(io.BytesIO(content)), content


def test_the_pack_has_one_structure_tree_whose_parts_are_the_agenda_and_each_paper_in_order(pack):
    pdf, _ = pack
    tree = pdf.Root.StructTreeRoot
    (document,) = list(tree.K)
    assert document.S == pikepdf.Name.Document
    titles = [str(part.T) for part in document.K]
    assert titles == ["Agenda pack", "4.0 Provisional Outturn Report", "Appendix A: Budget tables"]
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    outline = {}
    with pdf.open_outline() as opened:
        for item in opened.root:
            outline[item.title] = pages[item.destination[0].objgen]
            for child in item.children:
                outline[child.title] = pages[child.destination[0].objgen]
    starts = [outline[title] for title in titles] + [len(pdf.pages)]
    for index, part in enumerate(document.K):
        own = elements(part)[1:]
        roles = {str(element.S) for element in own}
        # Each part's own elements point at its own pages only: the trees follow the pages in order.
        assert {pages[e.Pg.objgen] for e in own if "/Pg" in e} <= set(range(starts[index], starts[index + 1]))
        if index == 1:  # the paper: its headings, lists and tables survive the merge
            assert {"/H1", "/H2", "/L", "/LI", "/Table", "/TH", "/TD"} <= roles
        if index == 0:
            assert {"/H1", "/H2", "/Table"} <= roles


def test_every_page_and_link_finds_its_own_elements_in_the_parent_tree(pack):
    pdf, _ = pack
    tree = pdf.Root.StructTreeRoot
    reachable = {element.objgen for element in elements(tree.K[0]) if element.is_indirect}
    parent_tree = pikepdf.NumberTree(tree.ParentTree)
    keys = []
    for page in pdf.pages:
        key = int(page.obj.StructParents)
        keys.append(key)
        marked = [element for element in parent_tree[key] if isinstance(element, pikepdf.Dictionary)]
        assert marked, "every page has marked content"
        for element in marked:
            assert element.objgen in reachable
            assert element.Pg.objgen == page.objgen
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                keys.append(int(annotation.StructParent))
                assert parent_tree[int(annotation.StructParent)].objgen in reachable
    assert len(keys) == len(set(keys))
    assert int(tree.ParentTreeNextKey) > max(keys)


def test_the_pack_says_it_is_tagged_with_its_language_title_and_page_labels(pack):
    pdf, content = pack
    assert bool(pdf.Root.MarkInfo.Marked) is True
    assert str(pdf.Root.Lang) == "en-GB"
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
    title = pdf.open_metadata()["dc:title"]
    assert title.startswith("Agenda pack: ") and "Business Coordination Board" in title
    reader = PdfReader(io.BytesIO(content))
    assert reader.page_labels == [str(n) for n in range(1, len(reader.pages) + 1)]


def test_every_page_carries_its_pack_page_number_and_the_agenda_gives_the_same_number(pack):
    pdf, content = pack
    texts = page_texts(content)
    assert len(texts) == len(pdf.pages)
    for number, text in enumerate(texts, start=1):
        assert re.findall(r"Pack page (\d+)", text) == [str(number)]
    agenda_text = re.sub(r"\s+", " ", texts[1])
    start = int(re.search(r"4\.0 Outturn (\d+)", agenda_text).group(1))
    assert "PROVISIONAL OUTTURN REPORT" in texts[start - 1] and f"Pack page {start}" in texts[start - 1]
    assert PdfReader(io.BytesIO(content)).page_labels[start - 1] == str(start)


def test_the_confidential_pack_is_tagged_and_numbered_too(agenda, publish):
    publish(agenda)
    content = pdf_of(latest(agenda, K.CONFIDENTIAL))
    pdf = pikepdf.open(io.BytesIO(content))
    titles = [str(part.T) for part in pdf.Root.StructTreeRoot.K[0].K]
    assert "4.0 Provisional Outturn Report" in titles and "6.0 Headquarters Disposal Offers" in titles
    for number, text in enumerate(page_texts(content), start=1):
        assert f"Pack page {number}" in text and "CONFIDENTIAL" in text


def test_an_untagged_appendix_is_named_as_not_accessible_with_its_alternative(
    agenda, publish, make_paper, secretary, client
):
    paper = Paper.objects.get(title="Provisional Outturn Report")
    scanned = stamp_pdf("<p>SCANNED LETTER</p>")  # untagged, as a scanner writes
    add_appendix(paper, "Scanned letter", scanned, alternative="a transcript on the paper's web page")
    draft = make_paper(Paper.Status.DRAFT, title="Unpublished Draft")
    add_appendix(draft, "Hidden scan", scanned)
    publish(agenda)
    content = pdf_of(latest(agenda, K.PACK))
    agenda_text = re.sub(r"\s+", " ", page_texts(content)[1])
    assert "Appendix B (“Scanned letter”) is not accessible" in agenda_text
    assert "Accessible alternative: a transcript on the paper's web page" in agenda_text
    assert "Budget tables" not in agenda_text  # the tagged one is not listed
    pdf = pikepdf.open(io.BytesIO(content))
    titles = [str(part.T) for part in pdf.Root.StructTreeRoot.K[0].K]
    assert "Appendix A: Budget tables" in titles and "Appendix B: Scanned letter" not in titles

    statement = client.get("/accessibility/").content.decode()
    assert "Scanned letter" in statement and "a transcript on the paper&#x27;s web page" in statement
    assert "Hidden scan" not in statement and "Budget tables" not in statement


def test_an_upload_is_read_for_its_tags():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from boards.forms import validate_pdf_upload

    tagged = html_to_pdf("<html lang='en'><head><title>T</title></head><body><p>Tagged</p></body></html>")
    assert validate_pdf_upload(SimpleUploadedFile("a.pdf", tagged))["tagged"] is True
    assert validate_pdf_upload(SimpleUploadedFile("b.pdf", stamp_pdf("<p>Plain</p>")))["tagged"] is False


def _with_roles(content: bytes, role_map: dict, ident: bytes) -> bytes:
    """A tagged PDF whose first paragraph has a custom role and an ID."""
    pdf = pikepdf.open(io.BytesIO(content))
    tree = pdf.Root.StructTreeRoot
    tree.RoleMap = pikepdf.Dictionary({key: pikepdf.Name(value) for key, value in role_map.items()})
    paragraph = next(e for e in elements(tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K) if e.S == "/P")
    paragraph.S = pikepdf.Name("/Custom")
    paragraph.ID = pikepdf.String(ident)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_role_maps_are_merged_and_ids_kept_unique():
    base = html_to_pdf("<html lang='en'><head><title>T</title></head><body><p>Text</p></body></html>")
    first = _with_roles(base, {"/Custom": "/P"}, b"para-1")
    second = _with_roles(base, {"/Custom": "/H1"}, b"para-1")
    pdf = pikepdf.open(io.BytesIO(merge_pdfs([Part(first, "First"), Part(second, "Second")], title="Two")))
    tree = pdf.Root.StructTreeRoot
    assert dict(tree.RoleMap) == {"/Custom": pikepdf.Name.P}
    first_part, second_part = list(tree.K[0].K)
    first_roles = [str(e.S) for e in elements(first_part)]
    second_roles = [str(e.S) for e in elements(second_part)]
    assert "/Custom" in first_roles and "/Custom" not in second_roles and "/H1" in second_roles
    ids = [bytes(e.ID) for e in elements(tree.K[0]) if "/ID" in e]
    assert sorted(ids) == [b"para-1", b"para-1-2"]
    names = list(tree.IDTree.Names)
    assert [bytes(names[i]) for i in range(0, len(names), 2)] == [b"para-1", b"para-1-2"]


def _mixed_agenda(meeting, secretary, make_paper):
    public = make_paper(Paper.Status.CLEARED, title="Public Before")
    exempt = make_paper(Paper.Status.CLEARED, title="Exempt Middle")
    after = make_paper(Paper.Status.CLEARED, title="Public After")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Before", paper=public)
    services.add_agenda_item(
        meeting=meeting, user=secretary, title="Middle", paper=exempt, part="exempt", exemption_category="3"
    )
    services.add_agenda_item(meeting=meeting, user=secretary, title="After", paper=after)


def _agenda_order(meeting):
    entries = agenda_entries(meeting, papers=Paper.objects.none(), confidential=False)
    return [(entry.item.title, entry.heading.split(":")[0]) for entry in entries]


def test_the_agenda_returns_to_the_public_part_after_exempt_items_in_place(meeting, secretary, make_paper, settings):
    settings.AGENDA_EXEMPT_ITEMS = "in_place"
    _mixed_agenda(meeting, secretary, make_paper)
    order = [pair for pair in _agenda_order(meeting) if pair[0] in {"Before", "Middle", "After"}]
    assert order == [("Before", ""), ("Middle", "Private part"), ("After", "Public part")]
    build = PackBuild(meeting=meeting, kind=K.AGENDA)
    html = render_to_string(
        "pdf/agenda.html",
        {
            "build": build,
            "meeting": meeting,
            "entries": agenda_entries(meeting, papers=Paper.objects.none(), confidential=False),
        },
    )
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert text.index("Before") < text.index("Private part") < text.index("Middle") < text.index("Public part")
    assert text.index("Public part") < text.index("After")


def test_the_agenda_can_take_exempt_items_last(meeting, secretary, make_paper, settings):
    settings.AGENDA_EXEMPT_ITEMS = "last"
    _mixed_agenda(meeting, secretary, make_paper)
    order = _agenda_order(meeting)
    assert order[-1] == ("Middle", "Private part")
    assert [title for title, _ in order].index("After") < len(order) - 1
    assert not any(heading == "Public part" for _, heading in order)


@pytest.fixture
def last_minutes(board, secretary):
    """Minutes of the board's previous meeting, with one action under a public item and one raised outside any."""
    from minutes import services as minutes_services
    from minutes.models import Action
    from tests.conftest import at_two_pm
    from tests.factories import PersonFactory

    earlier = services.schedule_meeting(board=board, starts_at=at_two_pm(-30), user=secretary)
    Meeting.objects.filter(pk=earlier.pk).update(status=Meeting.Status.HELD)
    minutes = minutes_services.start_minutes(meeting=Meeting.objects.get(pk=earlier.pk), user=secretary)
    owner = PersonFactory(name="Dana Greaves", initials="DG")
    public_item = minutes.items.order_by("position").first()
    due = timezone.localdate() + timedelta(days=60)
    Action.objects.create(
        board=board,
        reference="2026/01",
        raised_at=minutes,
        minute_item=public_item,
        text="Publish the data",
        owner=owner,
        due_on=due,
    )
    Action.objects.create(
        board=board,
        reference="2026/02",
        raised_at=minutes,
        text="Renegotiate the custody contract",
        owner=owner,
        due_on=due,
    )
    return minutes


def _outline_titles(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [item.title for item in reader.outline if not isinstance(item, list)]


def test_circulated_minutes_and_their_actions_reach_the_confidential_pack_only(agenda, publish, last_minutes):
    Minutes.objects.filter(pk=last_minutes.pk).update(status=Minutes.Status.CIRCULATED)
    publish(agenda)
    day = f"{last_minutes.meeting.date:%-d %B %Y}"
    confidential = pdf_of(latest(agenda, K.CONFIDENTIAL))
    titles = _outline_titles(confidential)
    assert f"3.0 Minutes of the meeting of {day}" in titles and "3.0 Action log" in titles
    text = " ".join(pdf_text(confidential).split())  # the action log's columns wrap its text
    assert "Renegotiate the custody contract" in text and "Publish the data" in text
    public = pdf_of(latest(agenda, K.PACK))
    assert not any(title.startswith("3.0") for title in _outline_titles(public))
    public_text = " ".join(pdf_text(public).split())
    assert "Renegotiate the custody contract" not in public_text and "Publish the data" not in public_text
    # The agenda gives the minutes their pack page, and the tree carries them.
    pdf = pikepdf.open(io.BytesIO(confidential))
    assert f"3.0 Minutes of the meeting of {day}" in [str(part.T) for part in pdf.Root.StructTreeRoot.K[0].K]
    agenda_text = re.sub(r"\s+", " ", page_texts(confidential)[1])
    start = int(re.search(r"3\.0 Minutes of the Last Meeting and Action Log (\d+)", agenda_text).group(1))
    assert f"Pack page {start}" in page_texts(confidential)[start - 1]


def test_published_minutes_and_public_actions_reach_the_public_pack(agenda, publish, last_minutes):
    Minutes.objects.filter(pk=last_minutes.pk).update(status=Minutes.Status.PUBLISHED)
    publish(agenda)
    public = pdf_of(latest(agenda, K.PACK))
    day = f"{last_minutes.meeting.date:%-d %B %Y}"
    assert f"3.0 Minutes of the meeting of {day}" in _outline_titles(public)
    text = " ".join(pdf_text(public).split())
    assert "Publish the data" in text
    assert "Renegotiate the custody contract" not in text


def test_the_pack_carries_the_previous_meetings_minutes_or_says_they_are_not_yet_public(
    meeting, secretary, last_minutes
):
    """Never older minutes: when the previous meeting's minutes are not yet public, the agenda says so."""
    from boards.packs import Entry, _load_standing
    from minutes import services as minutes_services
    from minutes.pack import pack_parts
    from tests.conftest import at_two_pm

    older = services.schedule_meeting(board=meeting.board, starts_at=at_two_pm(-90), user=secretary)
    Meeting.objects.filter(pk=older.pk).update(status=Meeting.Status.HELD)
    older_minutes = minutes_services.start_minutes(meeting=Meeting.objects.get(pk=older.pk), user=secretary)
    Minutes.objects.filter(pk=older_minutes.pk).update(status=Minutes.Status.PUBLISHED)
    cancelled = services.schedule_meeting(board=meeting.board, starts_at=at_two_pm(-10), user=secretary)
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    previous_day = f"{last_minutes.meeting.date:%-d %B %Y}"

    public = pack_parts(meeting, confidential=False)
    assert public == [
        f"The minutes of the meeting of {previous_day} are not yet published, so they are not in this pack. "
        "They are published once approved and signed."
    ]
    item = meeting.agenda_items.get(standard="minutes")
    entry = Entry(item=item, paper=None)
    assert _load_standing(entry, meeting, confidential=False) == 0 and entry.parts == []
    html = render_to_string(
        "pdf/agenda.html",
        {"build": PackBuild(meeting=meeting, kind=K.PACK), "meeting": meeting, "entries": [entry]},
    )
    assert f"The minutes of the meeting of {previous_day} are not yet published" in html

    confidential = pack_parts(meeting, confidential=True)
    assert "not yet circulated to members" in confidential[0]
    Minutes.objects.filter(pk=last_minutes.pk).update(status=Minutes.Status.CIRCULATED)
    titles = [part.title for part in pack_parts(meeting, confidential=True)]
    assert titles == [f"Minutes of the meeting of {previous_day}", "Action log"]


def test_the_action_log_reads_in_whole_words(meeting, last_minutes):
    """Its columns keep their words: no reference, name or date broken one letter or syllable to a line."""
    from minutes.models import Action
    from pcp_portal.pdf import render_pdf

    actions = list(Action.objects.filter(raised_at=last_minutes).select_related("owner").order_by("reference"))
    Action.objects.filter(pk=actions[0].pk).update(note="Deferred to the October meeting pending the provider's data")
    actions[0].refresh_from_db()
    context = {"meeting": meeting, "actions": actions, "confidential": True, "organisation": "OPCC"}
    text = pdf_text(render_pdf("pdf/action_log.html", context).content)
    words = set(text.split())
    expected = ["2026/01", "2026/02", "Dana", "Greaves", "Renegotiate", "custody", "contract", "Deferred"]
    for word in expected:
        assert word in words, (word, text)
    short = [line for line in text.splitlines() if 0 < len(line.strip()) <= 3]
    assert short == [], text


def test_with_exempt_items_last_the_numbers_follow_the_printed_order(meeting, secretary, make_paper, settings):
    """The agenda page, its PDF and the packs (all from `agenda_entries`), the papers' headers and the minutes
    number the items by their place in the printed order."""
    from minutes import services as minutes_services
    from tests.conftest import meeting_has_begun

    settings.AGENDA_EXEMPT_ITEMS = "last"
    _mixed_agenda(meeting, secretary, make_paper)
    entries = agenda_entries(meeting, papers=Paper.objects.none(), confidential=True)
    numbers = [entry.item.number for entry in entries]
    assert numbers == [f"{n}.0" for n in range(1, len(entries) + 1)]
    assert [entry.item.title for entry in entries][-1] == "Middle"
    html = render_to_string("pdf/agenda.html", {"build": PackBuild(meeting=meeting, kind=K.AGENDA), "entries": entries})
    printed = re.findall(r'<td class="num">(\d+\.0)</td>', html)
    assert printed == numbers
    # An item made exempt moves among the exempt items (each part keeps the secretary's order); the numbers follow.
    before = meeting.agenda_items.get(title="Before")
    services.update_agenda_item(
        item=before,
        user=secretary,
        title="Before",
        presenter=None,
        paper=before.papers.first(),
        part="exempt",
        exemption_category="1",
        public_interest_reason="",
        late_reason="",
    )
    entries = agenda_entries(meeting, papers=Paper.objects.none(), confidential=True)
    assert [entry.item.number for entry in entries] == numbers
    assert [entry.item.title for entry in entries][-2:] == ["Before", "Middle"]
    assert Paper.objects.get(title="Public Before").agenda_item.number == numbers[-2]
    # The minutes follow the agenda's numbers.
    meeting_has_begun(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    minutes = minutes_services.start_minutes(meeting=Meeting.objects.get(pk=meeting.pk), user=secretary)
    items = list(minutes.items.order_by("position"))
    assert [(f"{i.position}.0", i.title) for i in items] == [(e.item.number, e.item.title) for e in entries]


def _page_of(text: str, size: str = "A4") -> bytes:
    return html_to_pdf(
        f"<html lang='en'><head><title>T</title><style>@page {{ size: {size} }}</style></head>"
        f"<body><p>{text}</p></body></html>"
    )


def test_the_stamp_is_an_artifact_in_one_embedded_font_placed_on_each_page_s_own_top_right():
    marking = "CONFIDENTIAL – FOR MEMBERS OF THE BOARD ONLY"
    content = merge_pdfs(
        [Part(_page_of("Portrait"), "First"), Part(_page_of("Landscape", "A4 landscape"), "Second")],
        stamp=Stamp(number="Pack page {}", marking=marking),
        title="Two",
    )
    pdf = pikepdf.open(io.BytesIO(content))
    fonts = set()
    for page in pdf.pages:
        stamped, tags = [], []
        for operands, operator in pikepdf.parse_content_stream(page):
            if operator in (pikepdf.Operator("BDC"), pikepdf.Operator("BMC")):
                tags.append(str(operands[0]))
            elif operator == pikepdf.Operator("EMC"):
                tags.pop()
            elif operator == pikepdf.Operator("Tf") and str(operands[0]).startswith("/PackStamp"):
                stamped.append(tags[-1] if tags else None)
                font = page.obj.Resources.Font[operands[0]]
                fonts.add(font.objgen)
                assert "/FontFile2" in font.DescendantFonts[0].FontDescriptor  # embedded, as PDF/UA asks
        assert stamped == ["/Artifact", "/Artifact"]  # the marking and the number, both outside the structure
    assert len(fonts) == 1  # copied once, shared by every page
    texts = page_texts(content)
    assert [re.findall(r"Pack page (\d+)", text) for text in texts] == [["1"], ["2"]]
    assert all(marking in text for text in texts)
    # The number sits 8 mm from the right and 4 mm from the top of each page, whatever its size.
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        boxes = subprocess.run(["pdftotext", "-bbox", handle.name, "-"], capture_output=True, check=True).stdout
    pages = boxes.decode().split("<page ")[1:]
    for page, width in zip(pages, (595.3, 841.9), strict=True):
        number = re.search(r'xMax="([\d.]+)" yMax="[\d.]+">[12]</word>', page)
        pack = re.search(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">Pack</word>', page)
        assert abs(float(number.group(1)) - (width - 8 * 72 / 25.4)) < 1.5
        assert abs(float(pack.group(1)) - 4 * 72 / 25.4) < 0.5  # the top of its line, as the text was laid out


def _with_a_footnote(title: str) -> bytes:
    """A two-page document whose first page links to a footnote on its second, by the name WeasyPrint gives it."""
    return html_to_pdf(
        f"<html lang='en'><head><title>{title}</title></head><body><h1>{title}</h1>"
        f"<p>See <a href='#fn-1'>note 1</a>.</p><p style='break-before: page' id='fn-1'>{title}: the note.</p>"
        "</body></html>"
    )


def test_links_inside_each_part_still_reach_their_own_part_once_merged():
    """Each paper names its footnotes alike (`fn-1`); in the pack, every link goes to its own paper's note."""
    merged = merge_pdfs([Part(_with_a_footnote("First"), "First"), Part(_with_a_footnote("Second"), "Second")])
    pdf = pikepdf.open(io.BytesIO(merged))
    names = pikepdf.NameTree(pdf.Root.Names.Dests)
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    targets = []
    for index, page in enumerate(pdf.pages):
        for annotation in page.get("/Annots", []):
            destination = annotation.get("/Dest") or annotation.A.D
            if isinstance(destination, pikepdf.String):
                destination = names[str(destination)]
            target = destination.D[0] if isinstance(destination, pikepdf.Dictionary) else destination[0]
            targets.append((index, pages[target.objgen]))
    assert targets == [(0, 1), (2, 3)]


def test_the_packs_agenda_bookmark_opens_the_agenda_not_the_cover(pack):
    pdf, content = pack
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    with pdf.open_outline() as opened:
        (front, *_) = opened.root
        assert front.title == "Agenda pack" and pages[front.destination[0].objgen] == 0
        marks = {child.title: pages[child.destination[0].objgen] for child in front.children}
    assert marks == {"Agenda": 1}
    text = page_texts(content)
    assert "AGENDA" in text[1].upper() and "4.0" in text[1]
    assert "4.0" not in text[0]


def test_the_agenda_alone_has_one_agenda_bookmark(agenda, publish):
    """Its own bookmark is "Agenda" already: no second "Agenda" under it."""
    publish(agenda)
    with pikepdf.open(io.BytesIO(pdf_of(latest(agenda, K.AGENDA)))) as pdf, pdf.open_outline() as opened:
        assert [(item.title, [child.title for child in item.children]) for item in opened.root] == [("Agenda", [])]


def test_every_page_of_the_action_log_names_the_board_and_the_meeting_at_its_foot(meeting, last_minutes):
    from minutes.models import Action
    from pcp_portal.pdf import render_pdf

    action = Action.objects.filter(raised_at=last_minutes).select_related("owner").first()
    context = {"meeting": meeting, "actions": [action] * 40, "confidential": False, "organisation": "OPCC"}
    pages = page_texts(render_pdf("pdf/action_log.html", context).content)
    assert len(pages) >= 2
    day = f"{meeting.date:%-d %B %Y}"
    for number, page in enumerate(pages, start=1):
        foot = [line.strip() for line in page.strip().splitlines()[-3:]]
        assert meeting.board.name in " ".join(foot) and day in " ".join(foot), (number, foot)
        assert f"Page {number} of {len(pages)}" in " ".join(foot)
