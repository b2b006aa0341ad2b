# ruff: noqa: F811  (the minutes fixtures, imported, are parameters of the tests below)
"""Irreversible steps: a POST without the confirmation shows what will happen and changes nothing."""

from django.urls import reverse

from boards import services as board_services
from boards.models import Meeting, Paper
from minutes.models import Minutes

from .test_minutes import cycle, held, held_meeting, minutes, next_meeting  # noqa: F401  (fixtures)
from .test_plan_access import period  # noqa: F401  (a fixture)

P = Paper.Status


def ask(client, url, data=None):
    response = client.post(url, data or {})
    assert response.status_code == 200
    html = response.content.decode()
    assert "If you confirm" in html and 'name="confirmed" value="1"' in html and "This cannot be undone." in html
    return html


def test_publishing_a_paper_asks_first(client, make_paper, secretary):
    paper = make_paper(P.CLEARED, title="Estates <strategy>")
    client.force_login(secretary)
    url = reverse("boards:staff_paper_publish", args=[paper.pk])
    html = ask(client, url)
    assert "Estates &lt;strategy&gt;" in html and "Estates <strategy>" not in html
    assert f'action="{url}"' in html and paper.get_staff_url() in html
    paper.refresh_from_db()
    assert paper.status == P.CLEARED and not paper.events.filter(action="published").exists()
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    paper.refresh_from_db()
    assert paper.status == P.PUBLISHED


def test_the_wrong_role_is_refused_before_any_confirmation(client, make_paper, reviewer):
    paper = make_paper(P.CLEARED)
    client.force_login(reviewer)
    assert client.post(reverse("boards:staff_paper_publish", args=[paper.pk])).status_code == 403
    anonymous = client.__class__()
    response = anonymous.post(reverse("boards:staff_paper_publish", args=[paper.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_publishing_the_agenda_asks_first_and_names_the_papers_it_publishes(client, make_paper, secretary, meeting):
    paper = make_paper(P.CLEARED, title="Outturn")
    board_services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    client.force_login(secretary)
    url = reverse("boards:staff_agenda_publish", args=[meeting.pk])
    html = ask(client, url)
    assert "The cleared paper “Outturn” is published with it." in html
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED and not meeting.pack_builds.exists()
    client.post(url, {"confirmed": "1"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED


def test_removing_an_agenda_item_asks_first(client, secretary, meeting):
    item = board_services.add_agenda_item(meeting=meeting, user=secretary, title="Estates")
    client.force_login(secretary)
    url = reverse("boards:staff_item_remove", args=[meeting.pk, item.pk])
    html = ask(client, url)
    assert f"Item {item.number}, “Estates”" in html
    assert meeting.agenda_items.filter(pk=item.pk).exists()
    client.post(url, {"confirmed": "1"})
    assert not meeting.agenda_items.filter(pk=item.pk).exists()


def test_signing_minutes_asks_first(client, minutes, users, next_meeting):
    cycle(minutes, users, next_meeting, to=Minutes.Status.APPROVED)
    client.force_login(users["chair"])
    url = reverse("minutes:staff_minutes_sign", args=[minutes.pk])
    ask(client, url)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED and not minutes.pdf_sha256
    client.post(url, {"confirmed": "1"})
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.SIGNED


def test_publishing_the_delivery_report_asks_first(client, secretary, period):
    client.force_login(secretary)
    url = reverse("plans:publish", args=[period.pk])
    html = ask(client, url)
    assert f"The period {period} is closed" in html
    period.refresh_from_db()
    assert period.report_published_at is None
    client.post(url, {"confirmed": "1"})
    period.refresh_from_db()
    assert period.report_published_at is not None
