"""Agenda packs: built in the background, public and confidential, supplements, failures."""

import io
import re

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from pypdf import PdfReader

from boards import services
from boards.models import Appendix, PackBuild, Paper
from pcp_portal.pdf import html_to_pdf, is_tagged, page_count, pdf_text

K = PackBuild.Kind


def text_pdf(text: str, pages: int = 1) -> bytes:
    body = "".join(f'<p style="break-after: page">{text} page {n + 1}</p>' for n in range(pages))
    return html_to_pdf(f'<html lang="en"><head><title>{text}</title></head><body>{body}</body></html>')


def add_appendix(paper, title, content, alternative=""):
    appendix = Appendix(
        paper=paper,
        position=paper.appendices.count(),
        title=title,
        sha256="0" * 64,
        size=len(content),
        page_count=page_count(content),
        tagged=is_tagged(content),
        accessible_alternative=alternative,
    )
    appendix.file.save(f"{title}.pdf", ContentFile(content), save=True)
    return appendix


@pytest.fixture
def agenda(meeting, secretary, make_paper):
    """An agenda with a public paper (with an appendix), a sensitive paper and an exempt item."""
    public = make_paper(Paper.Status.CLEARED, title="Provisional Outturn Report")
    add_appendix(public, "Budget tables", text_pdf("BUDGET TABLES APPENDIX", pages=2))
    sensitive = make_paper(Paper.Status.CLEARED, title="Custody Contract Options", marking="OFFICIAL-SENSITIVE")
    exempt = make_paper(Paper.Status.CLEARED, title="Headquarters Disposal Offers")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=public)
    services.add_agenda_item(meeting=meeting, user=secretary, title="Custody", paper=sensitive)
    services.add_agenda_item(
        meeting=meeting, user=secretary, title="Estates", paper=exempt, part="exempt", exemption_category="3"
    )
    return meeting


@pytest.fixture
def publish(secretary, django_capture_on_commit_callbacks):
    def run(meeting, supplement=False):
        with django_capture_on_commit_callbacks(execute=True):
            if supplement:
                return services.publish_supplement(meeting=meeting, user=secretary)
            return services.publish_agenda(meeting=meeting, user=secretary)

    return run


def latest(meeting, kind):
    return meeting.pack_builds.filter(kind=kind).order_by("-pk").first()


def pdf_of(build):
    return build.file.open("rb").read()


def test_publishing_the_agenda_publishes_its_cleared_papers_and_builds_three_documents(agenda, publish):
    publish(agenda)
    agenda.refresh_from_db()
    assert agenda.status == "agenda_published" and agenda.agenda_published_at
    assert set(Paper.objects.filter(agenda_item__meeting=agenda).values_list("status", flat=True)) == {"published"}
    builds = {b.kind: b for b in agenda.pack_builds.all()}
    assert set(builds) == {K.AGENDA, K.PACK, K.CONFIDENTIAL}
    assert all(b.status == PackBuild.Status.READY and len(b.sha256) == 64 for b in builds.values())


def test_the_public_pack_leaves_out_exempt_and_sensitive_papers(agenda, publish):
    publish(agenda)
    text = pdf_text(pdf_of(latest(agenda, K.PACK)))
    assert "PROVISIONAL OUTTURN REPORT" in text
    assert "BUDGET TABLES APPENDIX page 2" in text
    assert "CUSTODY CONTRACT OPTIONS" not in text
    assert "HEADQUARTERS DISPOSAL OFFERS" not in text
    # The agenda still lists the exempt item by title and category.
    assert "Estates" in text and "category 3" in text
    assert "CONFIDENTIAL" not in text


def test_the_confidential_pack_has_everything_and_says_so_on_every_page(agenda, publish):
    publish(agenda)
    content = pdf_of(latest(agenda, K.CONFIDENTIAL))
    pages = PdfReader(io.BytesIO(content)).pages
    for page in pages:
        assert "CONFIDENTIAL – FOR MEMBERS OF THE BOARD ONLY" in page.extract_text()
    text = pdf_text(content)
    assert "CUSTODY CONTRACT OPTIONS" in text and "HEADQUARTERS DISPOSAL OFFERS" in text


def test_the_agenda_gives_each_paper_its_page_in_the_pack_and_a_bookmark(agenda, publish):
    publish(agenda)
    content = pdf_of(latest(agenda, K.PACK))
    reader = PdfReader(io.BytesIO(content))
    agenda_text = re.sub(r"\s+", " ", reader.pages[1].extract_text())
    start = int(re.search(r"4\.0 Outturn (\d+)", agenda_text).group(1))
    assert "PROVISIONAL OUTTURN REPORT" in reader.pages[start - 1].extract_text()
    outline = [(item.title if not isinstance(item, list) else None) for item in reader.outline]
    assert "4.0 Provisional Outturn Report" in outline
    titled = {
        item.title: reader.get_destination_page_number(item) for item in reader.outline if not isinstance(item, list)
    }
    assert titled["4.0 Provisional Outturn Report"] == start - 1
    # The bookmarks nested under the paper's own (the pack's own has its "Agenda" nested under it).
    paper_at = outline.index("4.0 Provisional Outturn Report")
    children = reader.outline[paper_at + 1]
    assert [child.title for child in children] == ["Appendix A: Budget tables"]
    assert [child.title for child in reader.outline[1]] == ["Agenda"]


def test_members_are_emailed_a_link_when_the_pack_is_published(agenda, publish, member, chair):
    member.email, chair.email = "member@example.org", "chair@example.org"
    member.save()
    chair.save()
    publish(agenda)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["chair@example.org", "member@example.org"]
    assert agenda.get_staff_url() in mail.outbox[0].body


def test_a_corrupt_appendix_fails_the_build_naming_it_and_the_last_good_pack_stays(
    agenda, publish, client, secretary, make_paper, django_capture_on_commit_callbacks
):
    publish(agenda)
    good = latest(agenda, K.PACK)
    good_bytes = pdf_of(good)
    late = make_paper(Paper.Status.CLEARED, title="Road Safety Funding")
    broken = add_appendix(late, "Route map", text_pdf("ROUTE MAP"))
    with broken.file.open("wb") as handle:
        handle.write(b"%PDF-1.7 this file was damaged in storage")
    # Confirmed on a published agenda, the change publishes the paper and builds a supplement and the packs.
    with django_capture_on_commit_callbacks(execute=True):
        services.add_agenda_item(meeting=agenda, user=secretary, title="Road safety", paper=late, confirmed=True)

    failed = latest(agenda, K.PACK)
    assert failed.status == PackBuild.Status.FAILED
    assert "Appendix A (“Route map”) of “Road Safety Funding”" in failed.error
    assert latest(agenda, K.SUPPLEMENT).status == PackBuild.Status.FAILED
    # The public still gets the last good pack.
    page = client.get(agenda.get_absolute_url()).content.decode()
    assert good.get_absolute_url() in page
    assert b"".join(client.get(good.get_absolute_url()).streaming_content) == good_bytes

    # Fixed, and tried again, it builds.
    with broken.file.open("wb") as handle:
        handle.write(text_pdf("ROUTE MAP"))
    with django_capture_on_commit_callbacks(execute=True):
        retry = services.retry_pack_build(build=failed, user=secretary)
    retry.refresh_from_db()
    assert retry.status == PackBuild.Status.READY
    assert "ROUTE MAP page 1" in pdf_text(pdf_of(retry))


def test_a_paper_added_after_publication_goes_out_in_a_supplement_and_a_rebuilt_pack(
    agenda, publish, secretary, make_paper, django_capture_on_commit_callbacks
):
    publish(agenda)
    first_pack = latest(agenda, K.PACK)
    late = make_paper(Paper.Status.CLEARED, title="Road Safety Funding")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_agenda_item(meeting=agenda, user=secretary, title="Road safety", paper=late, confirmed=True)

    supplement = latest(agenda, K.SUPPLEMENT)
    assert (supplement.status, supplement.supplement_number) == ("ready", 1)
    text = pdf_text(pdf_of(supplement))
    assert "ROAD SAFETY FUNDING" in text and "PROVISIONAL OUTTURN REPORT" not in text
    rebuilt = latest(agenda, K.PACK)
    assert rebuilt.pk != first_pack.pk and rebuilt.status == "ready"
    assert "ROAD SAFETY FUNDING" in pdf_text(pdf_of(rebuilt))
    # Both packs are kept.
    assert first_pack.file.open("rb").read()[:5] == b"%PDF-"
    with pytest.raises(services.TransitionError, match="No paper has been published"):
        publish(agenda, supplement=True)


def test_a_confidential_pack_is_refused_to_the_public_and_to_other_boards(
    agenda, publish, client, outside_member, member
):
    publish(agenda)
    confidential = latest(agenda, K.CONFIDENTIAL)
    public_url = confidential.get_absolute_url()
    assert client.get(public_url).status_code == 302  # to the sign-in page
    client.force_login(outside_member)
    assert client.get(public_url).status_code == 404
    client.force_login(member)
    assert client.get(public_url).status_code == 200


@pytest.mark.parametrize("guess", [1, 6])
def test_the_papers_pages_are_right_whatever_the_first_guess_at_the_agendas_length(agenda, publish, monkeypatch, guess):
    """The pack numbers its papers from a guess at the agenda's length; a wrong guess costs a second render."""
    from boards import packs

    monkeypatch.setattr(packs, "estimated_front_pages", lambda entries: guess)
    publish(agenda)
    reader = PdfReader(io.BytesIO(pdf_of(latest(agenda, K.PACK))))
    agenda_text = re.sub(r"\s+", " ", reader.pages[1].extract_text())
    start = int(re.search(r"4\.0 Outturn (\d+)", agenda_text).group(1))
    assert "PROVISIONAL OUTTURN REPORT" in reader.pages[start - 1].extract_text()


def test_only_those_who_may_record_positions_are_asked_for_them_when_the_pack_is_published(
    agenda, publish, member, board
):
    """An officer who sits on the board without a member's login is sent the papers, not asked for positions."""
    from boards.models import Membership
    from pcp_portal.roles import Role

    from .factories import MembershipFactory, PersonFactory, UserFactory

    officer = UserFactory(username="cfo", roles=[Role.REVIEWER], email="cfo@example.org")
    MembershipFactory(person=PersonFactory(user=officer), board=board, role=Membership.Role.MEMBER)
    member.email = "member@example.org"
    member.save()
    publish(agenda)
    bodies = {message.to[0]: message.body for message in mail.outbox if "published" in message.subject}
    assert "your positions on the recommendations" in bodies["member@example.org"]
    assert "your positions" not in bodies["cfo@example.org"]
    assert agenda.get_staff_url() in bodies["cfo@example.org"]
