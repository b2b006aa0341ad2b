"""The public reads published OFFICIAL papers and never anything else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.models import AgendaItem, Paper

S = Paper.Status


def public_urls(paper):
    return [
        reverse("boards:paper_detail", args=[paper.pk, paper.slug]),
        reverse("boards:paper_pdf", args=[paper.pk]),
    ]


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED, S.CLEARED, "withdrawn_unpublished"])
def test_unpublished_papers_answer_404(client, make_paper, status):
    paper = make_paper(status)
    for url in public_urls(paper):
        assert client.get(url).status_code == 404
    assert paper.title not in client.get(reverse("boards:paper_list")).content.decode()


def test_an_official_sensitive_paper_is_never_public_even_when_published(client, make_paper, member):
    paper = make_paper(S.PUBLISHED, marking=Paper.Marking.OFFICIAL_SENSITIVE)
    for url in public_urls(paper):
        assert client.get(url).status_code == 404
    assert paper.title not in client.get(reverse("boards:paper_list")).content.decode()
    assert paper.title not in client.get(reverse("home")).content.decode()
    # ...while a member of its board reads it in the workspace.
    client.force_login(member)
    assert client.get(reverse("boards:staff_paper_pdf", args=[paper.pk])).status_code == 200


def test_a_paper_under_an_exempt_item_is_not_public(client, make_paper, agenda_item):
    AgendaItem.objects.filter(pk=agenda_item.pk).update(part="exempt", exemption_category="3")
    paper = make_paper(S.PUBLISHED, agenda_item=agenda_item)
    for url in public_urls(paper):
        assert client.get(url).status_code == 404


def test_a_visitor_reaches_a_published_paper_from_the_home_page_and_downloads_its_pdf(client, make_paper):
    paper = make_paper(S.PUBLISHED)
    home = client.get(reverse("home")).content.decode()
    assert reverse("boards:paper_list") in home
    listing = client.get(reverse("boards:paper_list")).content.decode()
    assert paper.get_absolute_url() in listing
    page = client.get(paper.get_absolute_url())
    assert page.status_code == 200
    assert "1.1" in page.content.decode()
    pdf = client.get(reverse("boards:paper_pdf", args=[paper.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == paper.pdf.open("rb").read()


def test_a_wrong_slug_redirects_to_the_canonical_url(client, make_paper):
    paper = make_paper(S.PUBLISHED)
    response = client.get(reverse("boards:paper_detail", args=[paper.pk, "old-title"]))
    assert response.status_code == 301 and response.url == paper.get_absolute_url()


def test_the_address_without_the_title_redirects_only_for_a_public_paper(client, make_paper):
    paper = make_paper(S.PUBLISHED)
    response = client.get(f"/papers/{paper.pk}/")
    assert response.status_code == 301 and response.url == paper.get_absolute_url()
    for status in (S.DRAFT, S.CLEARED):
        hidden = make_paper(status, title=f"Hidden {status}")
        assert client.get(f"/papers/{hidden.pk}/").status_code == 404
    sensitive = make_paper(S.PUBLISHED, marking=Paper.Marking.OFFICIAL_SENSITIVE, title="Custody Review")
    assert client.get(f"/papers/{sensitive.pk}/").status_code == 404


def test_a_superseded_revision_stays_reachable_and_points_to_the_current_one(client, make_paper):
    old = make_paper(S.SUPERSEDED)
    current = Paper.objects.get(supersedes=old)
    page = client.get(old.get_absolute_url()).content.decode()
    assert "has been superseded" in page and current.get_absolute_url() in page
    assert client.get(reverse("boards:paper_pdf", args=[old.pk])).status_code == 200
    listing = client.get(reverse("boards:paper_list")).content.decode()
    assert current.get_absolute_url() in listing and old.get_absolute_url() not in listing


def test_a_paper_withdrawn_after_publication_shows_the_notice_but_not_the_text(client, make_paper):
    paper = make_paper(S.WITHDRAWN)
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "Figures were wrong." in page
    assert "First paragraph." not in page
    assert client.get(reverse("boards:paper_pdf", args=[paper.pk])).status_code == 410


def test_dissolved_boards_keep_their_public_page(client, board):
    board.dissolved_on = "2023-03-31"
    board.dissolution_reason = "Merged into the main board."
    board.save()
    page = client.get(board.get_absolute_url()).content.decode()
    assert "dissolved on 31 March 2023" in page and "Merged into the main board." in page


@pytest.mark.parametrize("name", ["home", "boards:paper_list", "boards:board_list"])
def test_public_lists_run_a_constant_number_of_queries(client, make_paper, name):
    make_paper(S.PUBLISHED)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        return len(queries)

    small = count()
    for _ in range(5):
        make_paper(S.PUBLISHED)
    assert count() == small


def test_the_paper_page_runs_a_constant_number_of_queries(client, make_paper):
    from .factories import SectionFactory

    paper = make_paper(S.PUBLISHED)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(paper.get_absolute_url())
        return len(queries)

    small = count()
    for n in range(10):
        SectionFactory(paper=paper, heading=f"Extra {n}")
    assert count() == small


def test_meetings_and_papers_are_browsed_by_year(client, make_paper, board, secretary):
    from datetime import datetime

    from django.utils import timezone

    from boards import services as board_services
    from boards.models import Meeting

    old = board_services.schedule_meeting(
        board=board, starts_at=timezone.make_aware(datetime(2019, 5, 14, 14)), user=secretary
    )
    Meeting.objects.filter(pk=old.pk).update(status=Meeting.Status.HELD)
    make_paper(S.PUBLISHED, title="Paper of 2025")
    meetings = client.get(reverse("boards:meeting_list"), {"year": 2019}).content.decode()
    assert old.get_absolute_url() in meetings and "in 2019" in meetings
    assert old.get_absolute_url() not in client.get(reverse("boards:meeting_list"), {"year": 2020}).content.decode()
    assert "Paper of 2025" in client.get(reverse("boards:paper_list"), {"year": 2025}).content.decode()
    assert "Paper of 2025" not in client.get(reverse("boards:paper_list"), {"year": 2019}).content.decode()
    assert client.get(reverse("boards:paper_list"), {"year": "abc"}).status_code == 200


def test_the_paper_page_gives_the_confirmed_decision_on_each_recommendation_and_links_its_meeting(
    client, make_paper, meeting, secretary, chair
):
    from boards import services

    from .conftest import meeting_has_begun

    paper = make_paper(Paper.Status.PUBLISHED, title="Community Speedwatch")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Speedwatch", paper=paper)
    services.publish_agenda(meeting=meeting, user=secretary)
    meeting_has_begun(meeting)
    first, second = paper.recommendations.all()
    noted = services.record_decision(recommendation=first, user=secretary, outcome="noted")
    services.confirm_decision(decision=noted, user=chair)
    services.record_decision(recommendation=second, user=secretary, outcome="rejected")  # awaits the Chair
    page = client.get(paper.get_absolute_url()).content.decode()
    section = page[page.index('id="decisions"') :]
    assert "The Board noted the progress made against the Victims theme." in section
    assert "No decision has been published yet." in section
    assert "did not approve" not in page  # an unconfirmed decision is not public
    meeting.refresh_from_db()
    assert f'href="{meeting.get_absolute_url()}"' in section


def test_a_superseded_revisions_decisions_box_points_to_the_current_revision(client, make_paper):
    old = make_paper(S.SUPERSEDED)
    newer = Paper.objects.get(supersedes=old)
    page = client.get(old.get_absolute_url()).content.decode()
    section = page[page.index('id="decisions"') :]
    assert f'href="{newer.get_absolute_url()}#decisions"' in section
    assert "No decision has been published yet." not in section


def landmark_names(html: str) -> list[str]:
    """The accessible names of a page's labelled regions: `role="region"` with `aria-label`, and sections
    named by the heading `aria-labelledby` points at."""
    import re

    names = re.findall(r'role="region"[^>]*aria-label="([^"]+)"', html)
    for ident in re.findall(r'<section[^>]*aria-labelledby="([^"]+)"', html):
        heading = re.search(rf'id="{re.escape(ident)}"[^>]*>(.*?)</h\d>', html, re.S)
        names.append(re.sub(r"<[^>]+>|\s+", " ", heading.group(1)).strip() if heading else ident)
    return names


def test_no_two_landmarks_of_a_public_list_share_a_name(client, meeting, make_paper):
    """A screen reader lists landmarks by name: two called "Upcoming meetings" (a section and the table's
    scrolling region inside it) cannot be told apart (axe's `landmark-unique`)."""
    make_paper(Paper.Status.PUBLISHED)
    for url in [
        reverse("home"),
        reverse("boards:meeting_list"),
        reverse("boards:paper_list"),
        meeting.board.get_absolute_url(),
    ]:
        names = landmark_names(client.get(url).content.decode())
        assert names, url
        assert len(names) == len(set(names)), (url, names)
    papers = client.get(reverse("boards:paper_list")).content.decode()
    board = meeting.board
    assert f'<abbr title="{board.name}">{board.short_name}</abbr>' in papers  # a board's short name is explained


def test_a_boards_page_lists_its_chair_then_its_members_then_its_advisers(client, board):
    from boards.models import Membership

    from .factories import MembershipFactory, PersonFactory

    Membership.objects.filter(board=board).delete()
    for name, role in [
        ("Alex Adviser", Membership.Role.IN_ATTENDANCE),
        ("Zoe Member", Membership.Role.MEMBER),
        ("Bea Member", Membership.Role.MEMBER),
        ("Yan Chair", Membership.Role.CHAIR),
    ]:
        MembershipFactory(board=board, person=PersonFactory(name=name), role=role)
    html = client.get(board.get_absolute_url()).content.decode()
    listed = html.split("<h2>Members</h2>")[1].split("</ul>")[0]
    order = [listed.index(name) for name in ["Yan Chair", "Bea Member", "Zoe Member", "Alex Adviser"]]
    assert order == sorted(order)


def test_a_boards_name_in_an_abbreviation_is_escaped(client, board, make_paper):
    """The lists write the board's full name into the `title` of its short name: typed text in an attribute."""
    board.name = 'Audit "Board" <img src=x onerror=alert(7)> ABBRXSS'
    board.save()
    make_paper(Paper.Status.PUBLISHED)
    html = client.get(reverse("boards:paper_list")).content.decode()
    assert 'title="Audit &quot;Board&quot; &lt;img src=x onerror=alert(7)&gt; ABBRXSS"' in html
    assert "<img src=x" not in html


def test_the_papers_list_counts_what_each_filter_lists(client, make_paper, other_board):
    """The number of pages comes from the same grouped read as the years offered; it must match what is listed
    for every combination of board and year, and leave out what the public may not read."""
    from datetime import date

    make_paper(S.PUBLISHED, date=date(2024, 5, 1))
    make_paper(S.PUBLISHED, date=date(2025, 5, 1))
    make_paper(S.PUBLISHED, date=date(2025, 6, 1), board=other_board)
    make_paper(S.WITHDRAWN, date=date(2025, 7, 1))
    make_paper(S.CLEARED, date=date(2025, 8, 1))
    board = Paper.objects.first().board

    def listed(**params):
        response = client.get(reverse("boards:paper_list"), params)
        assert response.status_code == 200
        page = response.context["page"]
        return page.paginator.count, len(page.object_list), response.context["years"]

    assert listed() == (3, 3, [2025, 2024])
    assert listed(board=board.slug)[:2] == (2, 2)
    assert listed(board=other_board.slug, year=2025)[:2] == (1, 1)
    assert listed(board=board.slug, year=2024)[:2] == (1, 1)
    assert listed(year=2023)[:2] == (0, 0)
    assert listed(board="no-such-board") == (0, 0, [2025, 2024])


@pytest.mark.parametrize(
    "name, parameter",
    [
        ("boards:paper_list", "board"),
        ("boards:meeting_list", "board"),
        ("boards:decision_list", "board"),
        ("transparency:forward_plan", "board"),
        ("api_events", "organization"),
        ("search", "board"),
    ],
)
def test_a_nul_character_in_a_filter_is_ignored_not_a_server_error(client, make_paper, name, parameter):
    """PostgreSQL refuses NUL in any string: a filter carrying one is read without it."""
    make_paper(S.PUBLISHED)
    response = client.get(reverse(name), {parameter: "b\x00cb", "q": "budget\x00"})
    assert response.status_code == 200


def test_list_messages_say_which_filter_emptied_the_list_and_page_zero_is_the_first(client, make_paper):
    from datetime import date

    make_paper(S.PUBLISHED, date=date(2025, 5, 1))
    board = Paper.objects.get().board
    page = client.get(reverse("boards:paper_list"), {"board": board.slug, "year": 2013}).content.decode()
    assert "No published papers of this board dated 2013." in page and "yet" not in page.split("<h1")[1]
    for name in ("boards:paper_list", "boards:meeting_list", "boards:decision_list"):
        unknown = client.get(reverse(name), {"board": "<b>no-such</b>"}).content.decode()
        assert "No board has the address “&lt;b&gt;no-such&lt;/b&gt;”" in unknown, name
        assert "No board has the address" not in client.get(reverse(name)).content.decode(), name
    for _ in range(20):  # a second page
        make_paper(S.PUBLISHED, date=date(2025, 5, 1))
    for number, shown in (("0", 1), ("-1", 1), ("2", 2), ("99", 2), ("x", 1)):
        assert client.get(reverse("boards:paper_list"), {"page": number}).context["page"].number == shown


def test_a_board_filter_of_nothing_but_nul_or_spaces_lists_everything_without_a_warning(client, make_paper):
    make_paper(S.PUBLISHED)
    for value in ("\x00", " "):
        response = client.get(reverse("boards:paper_list"), {"board": value})
        page = response.content.decode()
        assert "No board has the address" not in page and "\x00" not in page
        assert response.context["page"].paginator.count == 1
    unknown = client.get(reverse("boards:paper_list"), {"board": "nope"}).content.decode()
    assert "Nothing is listed for an unknown board." in unknown and "published yet" not in unknown


def test_upcoming_meetings_are_shown_on_the_first_page_of_past_meetings_only(client, board):
    from datetime import timedelta

    from django.utils import timezone

    from boards.models import Meeting

    now = timezone.now()
    Meeting.objects.create(board=board, starts_at=now + timedelta(days=10), location="Upcoming Hall")
    for days in range(1, 28):
        Meeting.objects.create(board=board, starts_at=now - timedelta(days=days), status=Meeting.Status.HELD)
    first = client.get(reverse("boards:meeting_list")).content.decode()
    second = client.get(reverse("boards:meeting_list"), {"page": 2}).content.decode()
    assert "Upcoming meetings" in first and "Upcoming meetings" not in second


def test_the_meetings_list_offers_the_years_of_the_chosen_boards_meetings(client, board, other_board):
    from datetime import datetime

    from django.utils import timezone

    from boards.models import Meeting

    zone = timezone.get_current_timezone()
    Meeting.objects.create(board=board, starts_at=datetime(2024, 3, 1, 10, tzinfo=zone), status=Meeting.Status.HELD)
    Meeting.objects.create(
        board=other_board, starts_at=datetime(2020, 3, 1, 10, tzinfo=zone), status=Meeting.Status.HELD
    )
    assert client.get(reverse("boards:meeting_list")).context["years"] == [2024, 2020]
    assert client.get(reverse("boards:meeting_list"), {"board": board.slug}).context["years"] == [2024]
    assert client.get(reverse("boards:meeting_list"), {"board": "nope"}).context["years"] == []


def test_a_published_paper_stays_on_its_public_agenda_while_its_revision_is_drafted(
    client, meeting, make_paper, secretary, author, reviewer
):
    from boards import services

    paper = make_paper(S.PUBLISHED, title="Estates Strategy")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Estates", paper=paper)
    services.publish_agenda(meeting=meeting, user=secretary)
    revision = services.start_revision(paper=Paper.objects.get(pk=paper.pk), user=author)
    Paper.objects.filter(pk=revision.pk).update(title="Estates Strategy (draft revision)")
    page = client.get(meeting.get_absolute_url()).content.decode()
    # The public reads the published paper, not "To follow" for a draft it may not see.
    assert f'href="{paper.get_absolute_url()}"' in page and "To follow" not in page
    assert "draft revision" not in page
    # Published, the revision supersedes it on the agenda.
    revision.refresh_from_db()
    services.submit_paper(paper=revision, user=author)
    services.clear_paper(paper=revision, user=reviewer)
    services.publish_paper(paper=revision, user=secretary)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{Paper.objects.get(pk=revision.pk).get_absolute_url()}"' in page
    assert f'href="{paper.get_absolute_url()}"' not in page


def test_a_cancelled_meetings_page_says_it_has_no_minutes(client, meeting, secretary):
    from boards import services

    services.publish_agenda(meeting=meeting, user=secretary)
    assert "The minutes are published once" in client.get(meeting.get_absolute_url()).content.decode()
    services.cancel_meeting(meeting=meeting, user=secretary, reason="Not quorate.")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "The meeting was cancelled: it has no minutes." in page and "The minutes are published once" not in page


def test_a_cancelled_meeting_still_to_come_is_listed_as_cancelled(client, meeting, board, secretary):
    from boards import services

    services.publish_agenda(meeting=meeting, user=secretary)
    services.cancel_meeting(meeting=meeting, user=secretary, reason="Not quorate.")
    meeting.refresh_from_db()
    link = f'<a href="{meeting.get_absolute_url()}">{meeting.starts_at:%A %-d %B %Y, %H:%M}</a> (cancelled)'
    board_page = client.get(board.get_absolute_url()).content.decode()
    assert link in board_page.split("Upcoming")[1].split("Past")[0]
    listed = client.get(reverse("boards:meeting_list")).content.decode().split('id="upcoming-heading"')[1]
    assert meeting.get_absolute_url() in listed.split("</table>")[0] and "<td>Cancelled</td>" in listed
