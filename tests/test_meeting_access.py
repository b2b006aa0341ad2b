"""Every workspace URL of meetings, positions and decisions, for allowed and refused roles and the anonymous visitor."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from boards import services
from boards.models import Meeting, PackBuild, Paper

from .conftest import meeting_has_begun
from .test_uploads import pdf_bytes

OFFICE = ["author", "other_author", "reviewer", "secretary"]
BOARD_MEMBERS = ["member", "chair"]
ALL = [*OFFICE, *BOARD_MEMBERS, "outside_member"]


@pytest.fixture
def world(meeting, secretary, make_paper):
    """A meeting with a published paper on its agenda, a ready confidential pack, and a failed build.

    The packs' real builds are tested in test_packs; here they stay queued
    (the test transaction never commits) and one is marked ready by hand.
    """
    paper = make_paper(Paper.Status.CLEARED)
    item = services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    services.publish_agenda(meeting=meeting, user=secretary)
    failed = PackBuild.objects.create(
        meeting=meeting, kind=PackBuild.Kind.PACK, status=PackBuild.Status.FAILED, error="x", requested_by=secretary
    )
    confidential = meeting.pack_builds.get(kind=PackBuild.Kind.CONFIDENTIAL)
    confidential.file.save("confidential.pdf", ContentFile(pdf_bytes()), save=False)
    confidential.status = PackBuild.Status.READY
    confidential.save()
    circulable = make_paper(Paper.Status.CLEARED)
    paper.refresh_from_db()
    rec = paper.recommendations.first()
    return {
        "meeting": meeting,
        "item": item,
        "paper": paper,
        "rec": rec,
        "failed": failed,
        "confidential": confidential,
        "circulable": circulable,
    }


def url_for(name, w):
    m = w["meeting"].pk
    return {
        "staff_meeting_list": reverse("boards:staff_meeting_list"),
        "staff_meeting_create": reverse("boards:staff_meeting_create"),
        "staff_meeting": reverse("boards:staff_meeting", args=[m]),
        "staff_meeting_move": reverse("boards:staff_meeting_move", args=[m]),
        "staff_meeting_cancel": reverse("boards:staff_meeting_cancel", args=[m]),
        "staff_meeting_held": reverse("boards:staff_meeting_held", args=[m]),
        "staff_item_add": reverse("boards:staff_item_add", args=[m]),
        "staff_item_edit": reverse("boards:staff_item_edit", args=[m, w["item"].pk]),
        "staff_item_move": reverse("boards:staff_item_move", args=[m, w["item"].pk]),
        "staff_item_remove": reverse("boards:staff_item_remove", args=[m, w["item"].pk]),
        "staff_agenda_publish": reverse("boards:staff_agenda_publish", args=[m]),
        "staff_supplement_publish": reverse("boards:staff_supplement_publish", args=[m]),
        "staff_build_status": reverse("boards:staff_build_status", args=[m]),
        "staff_build_retry": reverse("boards:staff_build_retry", args=[m, w["failed"].pk]),
        "staff_pack": reverse("boards:staff_pack", args=[m, w["confidential"].pk]),
        "staff_paper_circulate": reverse("boards:staff_paper_circulate", args=[w["circulable"].pk]),
        "staff_position": reverse("boards:staff_position", args=[w["paper"].pk, w["rec"].pk]),
        "staff_decision": reverse("boards:staff_decision", args=[w["paper"].pk, w["rec"].pk]),
        "staff_decision_confirm": reverse("boards:staff_decision_confirm", args=[w["paper"].pk, w["rec"].pk]),
    }[name]


def data_for(name, w):
    rec = w["rec"].pk
    return {
        "staff_meeting_cancel": {"reason": "No business."},
        # The agenda is published: these are the confirmed changes (the confirmation page is in test_after_publication).
        "staff_item_move": {"direction": "up", "confirmed": "1"},
        "staff_item_remove": {"confirmed": "1"},
        "staff_agenda_publish": {"confirmed": "1"},
        "staff_paper_circulate": {"closes_on": "2999-01-01"},
        "staff_position": {f"rec{rec}-stance": "support"},
        "staff_decision": {f"dec{rec}-outcome": "noted"},
    }.get(name, {})


CASES = [
    ("staff_meeting_list", "get", {**dict.fromkeys(ALL, 200), "no_role": 403}),
    ("staff_meeting_create", "get", {"secretary": 200, "author": 403, "reviewer": 403, "member": 403, "chair": 403}),
    ("staff_meeting", "get", {**dict.fromkeys(OFFICE + BOARD_MEMBERS, 200), "outside_member": 404, "no_role": 403}),
    ("staff_meeting_move", "get", {"secretary": 200, "author": 403, "member": 403, "outside_member": 404}),
    ("staff_meeting_cancel", "post", {"secretary": 302, "author": 403, "chair": 403}),
    ("staff_meeting_held", "post", {"secretary": 302, "reviewer": 403, "member": 403}),
    ("staff_item_add", "get", {"secretary": 200, "author": 403, "member": 403}),
    ("staff_item_edit", "get", {"secretary": 200, "reviewer": 403, "chair": 403}),
    ("staff_item_move", "post", {"secretary": 302, "author": 403}),
    ("staff_item_remove", "post", {"secretary": 302, "member": 403}),
    ("staff_agenda_publish", "post", {"secretary": 302, "chair": 403, "author": 403}),
    ("staff_supplement_publish", "post", {"secretary": 302, "author": 403}),
    ("staff_build_status", "get", {"secretary": 200, "member": 403, "outside_member": 404}),
    ("staff_build_retry", "post", {"secretary": 302, "member": 403, "author": 403}),
    ("staff_pack", "get", {"member": 200, "author": 200, "chair": 200, "outside_member": 404, "no_role": 403}),
    ("staff_paper_circulate", "post", {"secretary": 302, "author": 403, "member": 403}),
    ("staff_position", "post", {"member": 302, "chair": 302, "secretary": 403, "author": 403, "outside_member": 404}),
    ("staff_decision", "post", {"secretary": 302, "chair": 403, "member": 403}),
    ("staff_decision_confirm", "post", {"secretary": 403, "member": 403}),
]


def _expand():
    for name, method, expected in CASES:
        for role, code in expected.items():
            yield pytest.param(name, method, role, code, id=f"{name}-{role}")
        yield pytest.param(name, method, "anonymous", 302, id=f"{name}-anonymous")


@pytest.mark.parametrize(("name", "method", "role", "code"), list(_expand()))
def test_meeting_workspace_url_access(client, users, world, name, method, role, code):
    if role != "anonymous":
        client.force_login(users[role])
    meeting = world["meeting"]
    before = (Meeting.objects.get(pk=meeting.pk).status, meeting.agenda_items.count(), meeting.pack_builds.count())

    response = getattr(client, method)(url_for(name, world), data_for(name, world))

    assert response.status_code == code
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))
    if method == "post" and code != 302:
        after = (Meeting.objects.get(pk=meeting.pk).status, meeting.agenda_items.count(), meeting.pack_builds.count())
        assert after == before


def test_the_chair_confirms_through_the_view(client, world, secretary, chair):
    meeting_has_begun(world["meeting"])
    services.record_decision(recommendation=world["rec"], user=secretary, outcome="noted")
    client.force_login(chair)
    assert client.post(url_for("staff_decision_confirm", world)).status_code == 302
    world["rec"].decision.refresh_from_db()
    assert world["rec"].decision.is_confirmed
