"""Decision notices in the workspace: references, each step per role, holding back, the PDF, the staff pages."""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from boards.services.errors import EditConflict, TransitionError
from pcp_portal.pdf import html_to_pdf, pdf_text
from pcp_portal.roles import Role
from transparency import permissions
from transparency.models import DecisionNotice, InterestRegister, NoticeEvent, ReferenceCounter
from transparency.services import notices as services

from .factories import PersonFactory, UserFactory

S = DecisionNotice.Status
A = NoticeEvent.Action

CONFIDENTIAL = "Bidder Zephyrine offered 4.2 million"


@pytest.fixture
def people(db, users):
    """Everyone the workflow meets, with the people the notices name."""
    finance = UserFactory(username="cfo", roles=[Role.FINANCE])
    legal = UserFactory(username="monitoring", roles=[Role.LEGAL])
    commissioner = UserFactory(username="pcc", roles=[Role.COMMISSIONER])
    deputy = UserFactory(username="dpcc", roles=[Role.COMMISSIONER])
    former = UserFactory(username="former-pcc", roles=[Role.COMMISSIONER])
    return {
        **users,
        "finance": finance,
        "legal": legal,
        "commissioner": commissioner,
        "deputy": deputy,
        "former": former,
        "pcc_person": PersonFactory(user=commissioner, name="Alex Morgan", post_title="Police and Crime Commissioner"),
        "deputy_person": PersonFactory(user=deputy, name="Nadia Farrow"),
        "former_person": PersonFactory(user=former, name="Former Holder"),
        "cfo_person": PersonFactory(user=finance, name="Ravi Chandra", post_title="Chief Finance Officer"),
        "mo_person": PersonFactory(user=legal, name="Helen Ashdown", post_title="Monitoring Officer"),
    }


@pytest.fixture
def make_notice(people):
    """A notice driven through the real services to `status`."""

    def make(status=S.DRAFT, *, maker="pcc_person", hold_days=None, **fields):
        fields.setdefault("title", "Custody Health Contract Award")
        fields.setdefault("decision", "To award the custody health contract to the preferred bidder.")
        fields.setdefault("background", "The current contract ends in March.\n\nA tender was run.")
        fields.setdefault("financial_implications", "The contract costs £1.2m over three years.")
        fields.setdefault("financial_adviser", people["cfo_person"])
        fields.setdefault("legal_implications", "The procurement followed the regulations.")
        fields.setdefault("legal_adviser", people["mo_person"])
        notice = services.create_notice(user=people["author"], decision_maker=people[maker], **fields)
        if status == S.DRAFT:
            return notice
        services.sign_off_finance(notice=notice, user=people["finance"], comment="Affordable within budget.")
        services.sign_off_legal(notice=notice, user=people["legal"])
        if status == S.ADVISED:
            return notice
        signer = {"pcc_person": "commissioner", "deputy_person": "deputy", "former_person": "former"}[maker]
        services.sign_notice(notice=notice, user=people[signer])
        if status == S.SIGNED:
            return notice
        if status == S.HELD:
            until = timezone.now() + timedelta(days=hold_days or 21)
            return services.publish_notice(
                notice=notice, user=people["secretary"], hold_until=until, hold_reason="Contract not yet signed."
            )
        return services.publish_notice(notice=notice, user=people["secretary"])

    return make


# Reference numbers


def test_references_follow_in_the_year_and_are_never_given_twice(make_notice):
    year = timezone.localdate().year
    first, second = make_notice(), make_notice()
    assert (first.reference_year, first.reference_number) == (year, 1)
    assert second.reference == f"{year}/002"
    assert first.slug == f"{year}-001"


def test_a_failed_creation_gives_no_number_and_the_next_one_follows_on(make_notice, people):
    make_notice()
    with pytest.raises(TransitionError):
        services.create_notice(user=people["member"], title="X", decision="Y", decision_maker=people["pcc_person"])
    assert make_notice().reference_number == 2


def test_the_series_starts_again_each_year_without_reusing_the_old_years_numbers(make_notice):
    year = timezone.localdate().year
    ReferenceCounter.objects.create(series=ReferenceCounter.Series.NOTICE, year=year - 1, last=41)
    assert make_notice().reference_number == 1
    assert ReferenceCounter.objects.get(series=ReferenceCounter.Series.NOTICE, year=year - 1).last == 41


@pytest.mark.django_db(transaction=True)
def test_two_notices_created_at_once_take_different_numbers(people_factory_for_threads):
    author, maker = people_factory_for_threads
    results, errors = [], []
    barrier = threading.Barrier(2)

    def create(n):
        try:
            barrier.wait(timeout=10)
            notice = services.create_notice(user=author, title=f"Notice {n}", decision="Decided.", decision_maker=maker)
            results.append(notice.reference_number)
        except Exception as exc:  # reported below; a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(results) == [1, 2]
    assert DecisionNotice.objects.count() == 2


@pytest.fixture
def people_factory_for_threads(transactional_db):
    author = UserFactory(username="thread-author", roles=[Role.AUTHOR])
    maker = PersonFactory(user=UserFactory(username="thread-pcc", roles=[Role.COMMISSIONER]))
    return author, maker


# Each step, allowed and refused per role

ROLES = [
    "anonymous",
    "author",
    "reviewer",
    "secretary",
    "member",
    "chair",
    "finance",
    "legal",
    "deputy",
    "commissioner",
    "former",
]


def _who(people, name):
    if name == "anonymous":
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    return people[name]


def _deactivate(people):
    people["former"].is_active = False
    people["former"].save(update_fields=["is_active"])


STEP_RULES = [
    # step, the state it starts from, who may take it ("deputy" is a commissioner not named on the notice)
    ("finance", S.DRAFT, {"finance"}),
    ("legal", S.DRAFT, {"legal"}),
    ("return", S.ADVISED, {"finance", "legal", "commissioner"}),
    ("sign", S.ADVISED, {"commissioner"}),
    ("publish", S.SIGNED, {"secretary"}),
    ("hold", S.SIGNED, {"secretary"}),
    ("release", S.HELD, {"secretary"}),
]


def _take(step, notice, user):
    later = timezone.now() + timedelta(days=3)
    return {
        "finance": lambda: services.sign_off_finance(notice=notice, user=user),
        "legal": lambda: services.sign_off_legal(notice=notice, user=user),
        "return": lambda: services.return_notice(notice=notice, user=user, comment="Check the figures."),
        "sign": lambda: services.sign_notice(notice=notice, user=user),
        "publish": lambda: services.publish_notice(notice=notice, user=user),
        "hold": lambda: services.publish_notice(notice=notice, user=user, hold_until=later, hold_reason="Deadline."),
        "release": lambda: services.release_notice(notice=notice, user=user),
    }[step]()


@pytest.mark.parametrize("step,start,allowed", STEP_RULES, ids=[rule[0] for rule in STEP_RULES])
@pytest.mark.parametrize("role", ROLES)
def test_each_step_is_taken_only_by_its_role(make_notice, people, step, start, allowed, role):
    notice = make_notice(start)
    _deactivate(people)
    user = _who(people, role)
    before = notice.events.count()
    if role in allowed:
        _take(step, notice, user)
        assert notice.events.count() == before + 1
        assert notice.events.order_by("-pk").first().actor == user
    else:
        with pytest.raises(TransitionError):
            _take(step, notice, user)
        notice.refresh_from_db()
        assert notice.status == start
        assert notice.events.count() == before


def test_the_author_of_a_notice_cannot_sign_off_its_advice(people):
    # An officer who is both the chief finance officer and an author drafts a notice.
    officer = UserFactory(username="cfo-author", roles=[Role.FINANCE, Role.AUTHOR])
    notice = services.create_notice(
        user=officer, title="Budget virement", decision="Approved.", decision_maker=people["pcc_person"]
    )
    with pytest.raises(TransitionError):
        services.sign_off_finance(notice=notice, user=officer)
    services.sign_off_finance(notice=notice, user=people["finance"])
    services.sign_off_legal(notice=notice, user=people["legal"])


def test_a_former_decision_maker_named_on_the_notice_cannot_sign(make_notice, people):
    notice = make_notice(S.ADVISED, maker="former_person")
    _deactivate(people)
    with pytest.raises(TransitionError):
        services.sign_notice(notice=notice, user=people["former"])
    assert not permissions.can_sign_notice(people["former"], notice)


def test_a_chair_without_the_commissioner_role_cannot_sign_even_when_named(make_notice, people):
    chair_person = people["chair"].person
    notice = make_notice(S.ADVISED)
    DecisionNotice.objects.filter(pk=notice.pk).update(decision_maker=chair_person)
    notice.refresh_from_db()
    with pytest.raises(TransitionError):
        services.sign_notice(notice=notice, user=people["chair"])


def test_the_deputy_signs_a_notice_naming_them(make_notice, people):
    notice = make_notice(S.SIGNED, maker="deputy_person")
    assert notice.signed_by == people["deputy"]


def test_both_sign_offs_make_the_notice_advised_in_either_order(make_notice, people):
    notice = make_notice()
    services.sign_off_legal(notice=notice, user=people["legal"], comment="Lawful.")
    assert notice.status == S.DRAFT
    services.sign_off_finance(notice=notice, user=people["finance"])
    assert notice.status == S.ADVISED
    legal = notice.events.get(action=A.LEGAL_ADVICE)
    assert (legal.comment, legal.actor, legal.to_status) == ("Lawful.", people["legal"], S.DRAFT)


def test_advice_is_given_once(make_notice, people):
    notice = make_notice()
    services.sign_off_finance(notice=notice, user=people["finance"])
    with pytest.raises(TransitionError):
        services.sign_off_finance(notice=notice, user=people["finance"])


def test_returning_clears_the_advice_and_needs_a_reason(make_notice, people):
    notice = make_notice(S.ADVISED)
    with pytest.raises(TransitionError):
        services.return_notice(notice=notice, user=people["legal"], comment="  ")
    services.return_notice(notice=notice, user=people["legal"], comment="The legal section is out of date.")
    assert notice.status == S.DRAFT
    assert notice.finance_signed_off_at is None and notice.legal_signed_off_by is None
    assert permissions.can_sign_off_finance(people["finance"], notice)
    assert notice.events.get(action=A.RETURNED).comment == "The legal section is out of date."


def test_editing_a_draft_after_advice_asks_for_the_advice_again(make_notice, people):
    notice = make_notice()
    services.sign_off_finance(notice=notice, user=people["finance"])
    notice.refresh_from_db()
    services.save_notice(
        notice=notice, user=people["author"], expected_version=notice.version, financial_implications="Now £2m."
    )
    notice.refresh_from_db()
    assert notice.finance_signed_off_at is None
    # Nobody returned it: the steps say the change asked for the advice again, and who made the change.
    event = notice.events.get(action=A.ADVICE_ASKED_AGAIN)
    assert event.actor == people["author"] and not notice.events.filter(action=A.RETURNED).exists()
    page_label = A.ADVICE_ASKED_AGAIN.label
    assert "Returned" not in page_label


def test_a_stale_save_is_refused_and_the_newer_text_kept(make_notice, people):
    notice = make_notice()
    version = notice.version
    services.save_notice(notice=notice, user=people["author"], expected_version=version, title="First")
    with pytest.raises(EditConflict):
        services.save_notice(notice=notice, user=people["secretary"], expected_version=version, title="Second")
    notice.refresh_from_db()
    assert notice.title == "First"


def test_a_notice_with_advice_is_not_edited_until_returned(make_notice, people):
    notice = make_notice(S.ADVISED)
    with pytest.raises(TransitionError):
        services.save_notice(notice=notice, user=people["author"], expected_version=notice.version, title="Late")


# Holding back and publication


def test_holding_back_needs_a_reason_and_a_future_date(make_notice, people):
    notice = make_notice(S.SIGNED)
    with pytest.raises(TransitionError):
        services.publish_notice(
            notice=notice, user=people["secretary"], hold_until=timezone.now() + timedelta(days=1), hold_reason=""
        )
    with pytest.raises(TransitionError):
        services.publish_notice(
            notice=notice,
            user=people["secretary"],
            hold_until=timezone.now() - timedelta(minutes=1),
            hold_reason="Deadline.",
        )
    notice.refresh_from_db()
    assert notice.status == S.SIGNED


def test_a_held_notice_is_invisible_until_its_date_and_then_published_once(make_notice, people):
    notice = make_notice(S.HELD, hold_days=21)
    assert not DecisionNotice.objects.public().filter(pk=notice.pk).exists()
    assert services.publish_due_notices(now=notice.hold_until - timedelta(minutes=1)) == []
    notice.refresh_from_db()
    assert notice.status == S.HELD

    # Its date comes: the run at that moment publishes it, and a second run finds nothing to do.
    published = services.publish_due_notices(now=notice.hold_until)
    assert [n.pk for n in published] == [notice.pk]
    assert services.publish_due_notices(now=notice.hold_until + timedelta(minutes=5)) == []
    notice.refresh_from_db()
    assert (notice.status, notice.published_at) == (S.PUBLISHED, notice.hold_until)
    event = notice.events.get(action=A.PUBLISHED)
    assert (event.actor, event.from_status) == (people["secretary"], S.HELD)
    # Published at a moment still ahead of the real clock, it is not public before then.
    assert not DecisionNotice.objects.public().filter(pk=notice.pk).exists()


def test_the_command_publishes_a_notice_whose_date_has_passed(make_notice):
    notice = make_notice(S.HELD)
    # Time passes: the date it was held until was a minute ago.
    DecisionNotice.objects.filter(pk=notice.pk).update(hold_until=timezone.now() - timedelta(minutes=1))
    out = StringIO()
    call_command("publish_due_notices", stdout=out)
    assert f"Published {notice.reference}" in out.getvalue()
    assert DecisionNotice.objects.public().filter(pk=notice.pk).exists()
    call_command("publish_due_notices", stdout=(again := StringIO()))
    assert "0 held notice(s) published." in again.getvalue()
    assert notice.events.filter(action=A.PUBLISHED).count() == 1


def test_the_secretary_releases_a_held_notice_early(make_notice, people):
    notice = make_notice(S.HELD)
    services.release_notice(notice=notice, user=people["secretary"])
    assert DecisionNotice.objects.public().filter(pk=notice.pk).exists()


def test_holding_queues_the_task_for_the_date_on_a_backend_that_defers(
    make_notice, people, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    notice = make_notice(S.SIGNED)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    until = timezone.now() + timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_notice(notice=notice, user=people["secretary"], hold_until=until, hold_reason="Deadline.")
    [queued] = default_task_backend.results
    assert queued.task.name == "publish_due_notices_task" and queued.task.run_after == until


def test_the_immediate_backend_queues_nothing_and_leaves_the_notice_to_cron(
    make_notice, people, django_capture_on_commit_callbacks
):
    notice = make_notice(S.SIGNED)
    until = timezone.now() + timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_notice(notice=notice, user=people["secretary"], hold_until=until, hold_reason="Deadline.")
    notice.refresh_from_db()
    assert notice.status == S.HELD


@pytest.mark.django_db(transaction=True)
def test_a_queue_that_is_down_does_not_fail_the_hold(make_notice, people, settings, client):
    notice = make_notice(S.SIGNED)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0", "DEFAULT_TIMEOUT": 900}}
    client.force_login(people["secretary"])
    later = timezone.localtime() + timedelta(days=2)
    response = client.post(
        reverse("transparency:notice_step", args=[notice.pk, "publish"]),
        {"when": "hold", "hold_until": later.strftime("%Y-%m-%dT%H:%M"), "hold_reason": "Deadline."},
    )
    assert response.status_code == 302
    assert DecisionNotice.objects.get(pk=notice.pk).status == S.HELD


def test_an_official_sensitive_notice_is_never_public(make_notice):
    notice = make_notice(S.PUBLISHED, marking="OFFICIAL-SENSITIVE")
    assert notice.status == S.PUBLISHED
    assert not DecisionNotice.objects.public().filter(pk=notice.pk).exists()


# The PDF


def test_signing_renders_the_public_notice_once_without_the_confidential_part(make_notice, people):
    notice = make_notice(
        S.SIGNED,
        confidential_text=CONFIDENTIAL,
        confidential_reason="Commercially sensitive until the contract is signed.",
        conflict_of_interest="",
        equality_implications="",
    )
    assert len(notice.pdf_sha256) == 64 and notice.pdf_page_count >= 1
    with notice.pdf.open("rb") as handle:
        content = handle.read()
    import hashlib

    assert hashlib.sha256(content).hexdigest() == notice.pdf_sha256
    text = " ".join(pdf_text(content).split())
    for expected in (
        "OFFICIAL",
        f"Decision notice {notice.reference}",
        "Page 1 of",
        "CUSTODY HEALTH CONTRACT AWARD",
        "1.1 To award the custody health contract to the preferred bidder.",
        "2.2 A tender was run.",
        "Advice given by Ravi Chandra, Chief Finance Officer",
        "No equality implications were identified.",
        "A confidential part of this decision is not published.",
        "Commercially sensitive until the contract is signed.",
        "Financial advice signed off by",
        "Alex Morgan",
    ):
        assert expected in text, expected
    assert "Zephyrine" not in text

    # Publishing does not render again.
    services.publish_notice(notice=notice, user=people["secretary"])
    notice.refresh_from_db()
    with notice.pdf.open("rb") as handle:
        assert handle.read() == content


def test_a_render_failure_leaves_the_notice_advised(make_notice, people, monkeypatch):
    notice = make_notice(S.ADVISED)

    def fail(*args, **kwargs):
        raise RuntimeError("the renderer failed")

    monkeypatch.setattr(services, "render_notice_pdf", fail)
    with pytest.raises(RuntimeError):
        services.sign_notice(notice=notice, user=people["commissioner"])
    notice.refresh_from_db()
    assert (notice.status, notice.pdf_sha256, notice.signed_at) == (S.ADVISED, "", None)
    assert not notice.events.filter(action=A.SIGNED).exists()


def test_what_a_user_types_is_escaped_in_the_pdf(make_notice):
    notice = make_notice(S.SIGNED, title="<b>Bold</b> & <script>x</script>")
    with notice.pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "<B>BOLD</B> & <SCRIPT>X</SCRIPT>" in text


# Staff pages


def _pages(notice):
    return {
        "list": reverse("transparency:staff_notice_list"),
        "create": reverse("transparency:notice_create"),
        "detail": reverse("transparency:staff_notice", args=[notice.pk]),
        "edit": reverse("transparency:notice_edit", args=[notice.pk]),
        "pdf": reverse("transparency:staff_notice_pdf", args=[notice.pk]),
        "history": reverse("transparency:notice_history", args=[notice.pk]),
        "home": reverse("transparency:staff_home"),
    }


@pytest.mark.parametrize("page", ["list", "create", "detail", "edit", "pdf", "history", "home"])
def test_anonymous_visitors_are_sent_to_sign_in(client, make_notice, page):
    response = client.get(_pages(make_notice())[page])
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")


@pytest.mark.parametrize("page", ["list", "create", "detail", "edit", "pdf", "history", "home"])
@pytest.mark.parametrize("role", ["member", "chair", "no_role"])
def test_users_without_a_transparency_role_are_refused(client, make_notice, people, page, role):
    url = _pages(make_notice())[page]
    client.force_login(people[role])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", ["author", "secretary", "finance", "legal", "commissioner", "reviewer"])
def test_staff_read_the_notice_with_its_confidential_part(client, make_notice, people, role):
    notice = make_notice(confidential_text=CONFIDENTIAL, confidential_reason="Commercial.")
    client.force_login(people[role])
    for name in ("list", "detail", "pdf", "history", "home"):
        assert client.get(_pages(notice)[name]).status_code == 200, name
    page = client.get(_pages(notice)["detail"]).content.decode()
    assert CONFIDENTIAL in page


def test_anonymous_posts_and_downloads_are_sent_to_sign_in(client, make_notice, people):
    notice = make_notice()
    document = services.add_document(
        notice=notice,
        user=people["author"],
        title="Appraisal",
        upload=_pdf_upload(),
        sha256="0" * 64,
        confidential=True,
    )
    urls = [reverse("transparency:notice_step", args=[notice.pk, step]) for step in ("finance", "sign", "publish")]
    urls.append(reverse("transparency:notice_document_upload", args=[notice.pk]))
    for url in urls:
        response = client.post(url, {"finance-comment": "x"})
        assert response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    response = client.get(reverse("transparency:staff_notice_document", args=[notice.pk, document.pk]))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.finance_signed_off_at is None


@pytest.mark.parametrize("role", ["member", "chair", "no_role"])
def test_steps_and_documents_are_refused_to_users_without_a_transparency_role(client, make_notice, people, role):
    notice = make_notice(S.SIGNED)
    client.force_login(people[role])
    for step in ("finance", "legal", "return", "sign", "publish", "release"):
        assert client.post(reverse("transparency:notice_step", args=[notice.pk, step])).status_code == 403
    assert client.post(reverse("transparency:notice_document_upload", args=[notice.pk])).status_code == 403
    notice.refresh_from_db()
    assert notice.status == S.SIGNED


def test_an_unknown_step_is_not_found(client, make_notice, people):
    notice = make_notice()
    client.force_login(people["secretary"])
    assert client.post(reverse("transparency:notice_step", args=[notice.pk, "approve"])).status_code == 404


@pytest.mark.parametrize("role,status", [("finance", 403), ("legal", 403), ("commissioner", 403), ("author", 200)])
def test_only_authors_and_the_secretary_open_the_editor(client, make_notice, people, role, status):
    notice = make_notice()
    client.force_login(people[role])
    assert client.get(_pages(notice)["create"]).status_code == status
    assert client.get(_pages(notice)["edit"]).status_code == status


def test_the_draft_pdf_never_holds_the_confidential_part(client, make_notice, people):
    notice = make_notice(confidential_text=CONFIDENTIAL, confidential_reason="Commercial.")
    client.force_login(people["author"])
    response = client.get(_pages(notice)["pdf"])
    text = pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "DRAFT" in text and "Zephyrine" not in text


def _form_data(people, **overrides):
    data = {
        "title": "Estates Disposal",
        "decision_maker": people["pcc_person"].pk,
        "capacity": "commissioner",
        "marking": "OFFICIAL",
        "decision": "To dispose of the site.",
        "background": "",
        "options": "",
        "consultation": "",
        "financial_implications": "",
        "legal_implications": "",
        "equality_implications": "",
        "conflict_of_interest": "",
        "dispensation": "",
        "confidential_text": "",
        "confidential_reason": "",
    }
    data.update(overrides)
    return data


def test_the_editor_creates_a_numbered_draft(client, people):
    client.force_login(people["author"])
    response = client.post(reverse("transparency:notice_create"), _form_data(people))
    notice = DecisionNotice.objects.get()
    assert response.status_code == 302 and response["Location"] == _pages(notice)["detail"]
    assert (notice.title, notice.created_by, notice.reference_number) == ("Estates Disposal", people["author"], 1)
    assert notice.events.get().action == A.CREATED


def test_bad_input_is_marked_and_what_was_typed_kept(client, people):
    client.force_login(people["author"])
    response = client.post(
        reverse("transparency:notice_create"),
        _form_data(people, title="Kept title", decision="", confidential_text="Secret part"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kept title" in page and "Secret part" in page
    assert "Say why the confidential part is withheld" in page
    assert not DecisionNotice.objects.exists()


def test_the_decision_maker_is_chosen_from_people_who_can_sign(client, people):
    client.force_login(people["author"])
    response = client.post(
        reverse("transparency:notice_create"), _form_data(people, decision_maker=people["cfo_person"].pk)
    )
    assert response.status_code == 200 and not DecisionNotice.objects.exists()


def test_a_stale_edit_is_refused_with_the_typed_values_kept(client, make_notice, people):
    notice = make_notice()
    stale = notice.version
    services.save_notice(notice=notice, user=people["secretary"], expected_version=stale, title="Secretary's title")
    client.force_login(people["author"])
    response = client.post(_pages(notice)["edit"], _form_data(people, title="Author's title", expected_version=stale))
    assert response.status_code == 200
    page = response.content.decode()
    assert "saved a newer version" in page and "Author&#x27;s title" in page
    notice.refresh_from_db()
    assert notice.title == "Secretary's title"


def test_the_steps_through_the_pages(client, make_notice, people):
    notice = make_notice()
    step = lambda name: reverse("transparency:notice_step", args=[notice.pk, name])  # noqa: E731
    seen = {"version": notice.version}
    client.force_login(people["legal"])
    assert client.post(step("finance"), seen).status_code == 403
    client.post(step("legal"), {"legal-comment": "Lawful.", **seen})
    client.force_login(people["finance"])
    client.post(step("finance"), {"finance-comment": "", **seen})
    notice.refresh_from_db()
    assert notice.status == S.ADVISED
    client.force_login(people["deputy"])
    assert client.post(step("sign"), seen).status_code == 403
    client.force_login(people["commissioner"])
    assert client.get(_pages(notice)["detail"]).content.decode().count("Sign the decision") == 1
    client.post(step("sign"), seen)
    client.force_login(people["secretary"])
    response = client.post(step("publish"), {"when": "hold", "hold_until": "", "hold_reason": ""})
    assert response.status_code == 200
    assert "Give the date and time to publish on." in response.content.decode()
    client.post(step("publish"), {"when": "now"})
    notice.refresh_from_db()
    assert notice.status == S.PUBLISHED
    client.force_login(people["reviewer"])
    page = client.get(_pages(notice)["detail"]).content.decode()
    assert "<strong>Legal advice signed off</strong> by" in page and "Lawful." in page
    assert [e.action for e in notice.events.all()] == [
        A.CREATED,
        A.LEGAL_ADVICE,
        A.FINANCE_ADVICE,
        A.SIGNED,
        A.PUBLISHED,
    ]
    assert client.get(step("publish")).status_code == 405


@pytest.mark.parametrize("kind", ["finance", "legal"])
def test_advice_on_a_version_the_adviser_did_not_read_is_refused(make_notice, people, kind):
    notice = make_notice()
    read = notice.version
    services.save_notice(notice=notice, user=people["author"], expected_version=read, decision="A different decision.")
    sign_off = services.sign_off_finance if kind == "finance" else services.sign_off_legal
    with pytest.raises(TransitionError, match="changed since you opened it"):
        sign_off(notice=notice, user=people[kind], expected_version=read)
    notice.refresh_from_db()
    assert getattr(notice, f"{kind}_signed_off_at") is None and notice.events.count() == 1
    sign_off(notice=notice, user=people[kind], expected_version=notice.version)
    notice.refresh_from_db()
    assert getattr(notice, f"{kind}_signed_off_at") is not None


def test_the_step_forms_carry_the_version_read_and_a_stale_one_is_refused(client, make_notice, people):
    notice = make_notice()
    client.force_login(people["finance"])
    page = client.get(_pages(notice)["detail"]).content.decode()
    assert f'name="version" value="{notice.version}"' in page
    read = notice.version
    services.add_document(
        notice=notice,
        user=people["author"],
        title="Late annex",
        upload=_pdf_upload(),
        sha256="0" * 64,
        confidential=False,
    )
    url = reverse("transparency:notice_step", args=[notice.pk, "finance"])
    response = client.post(url, {"finance-comment": "Fine.", "version": read}, follow=True)
    assert "the notice changed since you opened it" in response.content.decode()
    response = client.post(url, {"finance-comment": "Fine."}, follow=True)
    assert "did not say which version you read" in response.content.decode()
    notice.refresh_from_db()
    assert notice.finance_signed_off_at is None


def test_a_signature_on_a_version_not_read_is_refused(make_notice, people):
    notice = make_notice(S.ADVISED)
    with pytest.raises(TransitionError, match="changed since you opened it"):
        services.sign_notice(notice=notice, user=people["commissioner"], expected_version=notice.version - 1)
    notice.refresh_from_db()
    assert notice.status == S.ADVISED and not notice.pdf_sha256
    services.sign_notice(notice=notice, user=people["commissioner"], expected_version=notice.version)
    notice.refresh_from_db()
    assert notice.status == S.SIGNED


def _register(person, capacity, since_days=400, until_days=None):
    today = timezone.localdate()
    return InterestRegister.objects.create(
        person=person,
        capacity=capacity,
        holds_office_from=today - timedelta(days=since_days),
        holds_office_to=None if until_days is None else today + timedelta(days=until_days),
    )


def test_the_capacity_must_match_the_decision_makers_office(client, make_notice, people):
    _register(people["deputy_person"], "deputy")
    client.force_login(people["author"])
    url = reverse("transparency:notice_create")
    response = client.post(url, _form_data(people, decision_maker=people["deputy_person"].pk, capacity="commissioner"))
    page = response.content.decode()
    assert response.status_code == 200 and not DecisionNotice.objects.exists()
    assert "Nadia Farrow holds office as Deputy Police and Crime Commissioner" in page
    with pytest.raises(ValidationError):
        make_notice(maker="deputy_person", capacity="commissioner")
    client.post(url, _form_data(people, decision_maker=people["deputy_person"].pk, capacity="deputy"))
    assert DecisionNotice.objects.get().capacity == "deputy"


def test_a_former_office_does_not_bind_the_capacity(make_notice, people):
    _register(people["deputy_person"], "deputy", since_days=800, until_days=-30)
    assert make_notice(maker="deputy_person", capacity="commissioner").capacity == "commissioner"


def test_the_editor_defaults_the_capacity_from_the_register(client, make_notice, people):
    _register(people["pcc_person"], "commissioner")
    client.force_login(people["author"])
    form = client.get(reverse("transparency:notice_create")).context["form"]
    assert (form.initial["decision_maker"], form.initial["capacity"]) == (people["pcc_person"].pk, "commissioner")
    notice = make_notice(maker="deputy_person", capacity="commissioner")
    _register(people["deputy_person"], "deputy")
    form = client.get(_pages(notice)["edit"]).context["form"]
    assert form.initial["capacity"] == "deputy"


def test_signing_is_refused_when_the_capacity_contradicts_the_register(make_notice, people):
    notice = make_notice(S.ADVISED, maker="deputy_person", capacity="commissioner")
    _register(people["deputy_person"], "deputy")
    with pytest.raises(TransitionError, match="holds office as Deputy"):
        services.sign_notice(notice=notice, user=people["deputy"])
    notice.refresh_from_db()
    assert notice.status == S.ADVISED


def _add_confidential_document(notice, people):
    return services.add_document(
        notice=notice,
        user=people["author"],
        title="Bid scores",
        upload=_pdf_upload(),
        sha256="0" * 64,
        confidential=True,
    )


def test_a_confidential_document_alone_makes_a_confidential_part_that_needs_a_reason(client, make_notice, people):
    notice = make_notice()
    assert not notice.has_confidential_part
    _add_confidential_document(notice, people)
    notice.refresh_from_db()
    assert notice.has_confidential_part
    assert DecisionNotice.objects.with_confidential_part().get(pk=notice.pk).withholds_part
    client.force_login(people["author"])
    data = _form_data(people, title=notice.title, expected_version=notice.version)
    response = client.post(_pages(notice)["edit"], data)
    assert response.status_code == 200
    assert "A confidential supporting document is attached" in response.content.decode()
    response = client.post(_pages(notice)["edit"], {**data, "confidential_reason": "Commercially sensitive bids."})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.confidential_reason == "Commercially sensitive bids." and not notice.confidential_text
    text = pdf_text(client.get(_pages(notice)["pdf"]).content)
    assert "Confidential part" in text and "Commercially sensitive bids." in text


def test_signing_is_refused_when_a_confidential_document_has_no_reason(make_notice, people):
    notice = make_notice()
    _add_confidential_document(notice, people)
    services.sign_off_finance(notice=notice, user=people["finance"])
    services.sign_off_legal(notice=notice, user=people["legal"])
    with pytest.raises(TransitionError, match="A confidential supporting document is attached"):
        services.sign_notice(notice=notice, user=people["commissioner"])
    notice.refresh_from_db()
    assert notice.status == S.ADVISED


def test_losing_a_race_says_what_happened_meanwhile(client, make_notice, people):
    notice = make_notice(S.SIGNED)
    colleague = UserFactory(username="secretary-two", first_name="Priya", last_name="Okafor", roles=[Role.SECRETARY])
    seen = {"version": notice.version, "status": notice.status}
    services.publish_notice(
        notice=notice, user=colleague, hold_until=timezone.now() + timedelta(days=5), hold_reason="Deadline."
    )
    client.force_login(people["secretary"])
    url = reverse("transparency:notice_step", args=[notice.pk, "publish"])
    response = client.post(url, {"when": "now", **seen}, follow=True)
    page = response.content.decode()
    assert "the notice changed since you opened it: held back from publication by Priya Okafor" in page
    assert "It is now “Signed, held back from publication”" in page
    assert "Only the board secretary" not in page
    notice.refresh_from_db()
    assert notice.status == S.HELD and notice.events.filter(action=A.PUBLISHED).count() == 0
    assert client.post(url, {"when": "now", "version": notice.version}).status_code == 403


def test_a_return_without_a_reason_is_refused_beside_the_field(client, make_notice, people):
    notice = make_notice(S.ADVISED)
    client.force_login(people["finance"])
    response = client.post(reverse("transparency:notice_step", args=[notice.pk, "return"]), {"return-comment": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "This field is required." in page
    assert re.search(r'<label\s+for="id_return-comment"[^>]*>\s*Why it goes back', page)
    assert 'for="id_return-comment"' in page and "Comment*" not in page
    notice.refresh_from_db()
    assert notice.status == S.ADVISED


SUPPORTING_HTML = (
    '<html lang="en-GB"><head><title>Analysis</title></head><body><p>Supporting analysis</p></body></html>'
)


def _pdf_upload(name="support.pdf"):
    return SimpleUploadedFile(name, html_to_pdf(SUPPORTING_HTML), content_type="application/pdf")


def test_supporting_documents_are_checked_and_served_to_staff(client, make_notice, people):
    notice = make_notice()
    url = reverse("transparency:notice_document_upload", args=[notice.pk])
    client.force_login(people["author"])
    response = client.post(url, {"title": "Not a PDF", "file": SimpleUploadedFile("x.pdf", b"hello")})
    page = response.content.decode()
    assert response.status_code == 200 and "The file is not a PDF. Upload the document as a PDF document." in page
    assert "appendix" not in page
    client.post(url, {"title": "Options appraisal", "file": _pdf_upload(), "confidential": "on"})
    document = notice.documents.get()
    assert document.confidential and len(document.sha256) == 64
    served = client.get(reverse("transparency:staff_notice_document", args=[notice.pk, document.pk]))
    assert served.status_code == 200 and "no-store" in served["Cache-Control"]
    client.force_login(people["finance"])
    assert client.post(url, {"title": "Mine", "file": _pdf_upload()}).status_code == 403
    client.force_login(people["member"])
    assert client.get(reverse("transparency:staff_notice_document", args=[notice.pk, document.pk])).status_code == 403


def test_a_document_is_removed_from_a_draft_only(client, make_notice, people):
    notice = make_notice()
    document = services.add_document(
        notice=notice,
        user=people["author"],
        title="Wrong file",
        upload=_pdf_upload(),
        sha256="0" * 64,
        confidential=False,
    )
    url = reverse("transparency:notice_document_remove", args=[notice.pk, document.pk])
    client.force_login(people["finance"])
    assert client.post(url).status_code == 403
    client.logout()
    assert client.post(url).status_code == 302 and notice.documents.exists()
    client.force_login(people["author"])
    assert client.get(url).status_code == 405
    client.post(url)
    assert not notice.documents.exists()

    # Once the notice has moved on from draft, its documents stay as they were advised on and signed.
    kept = services.add_document(
        notice=notice,
        user=people["author"],
        title="Appraisal",
        upload=_pdf_upload(),
        sha256="0" * 64,
        confidential=False,
    )
    services.sign_off_finance(notice=notice, user=people["finance"])
    services.sign_off_legal(notice=notice, user=people["legal"])
    assert client.post(reverse("transparency:notice_document_remove", args=[notice.pk, kept.pk])).status_code == 403
    assert notice.documents.filter(pk=kept.pk).exists()


def test_a_confidential_document_is_not_named_in_the_public_notice(make_notice, people):
    notice = make_notice()
    services.add_document(
        notice=notice,
        user=people["author"],
        title="Bid scores Zephyrine",
        upload=_pdf_upload(),
        sha256="0" * 64,
        confidential=True,
    )
    services.add_document(
        notice=notice,
        user=people["author"],
        title="Public options appraisal",
        upload=_pdf_upload(),
        sha256="1" * 64,
        confidential=False,
    )
    from transparency.notice_document import notice_context

    links = {link.label: link.text for link in notice_context(notice)["links"]}
    assert links["Supporting documents"] == "Public options appraisal"


def test_the_history_page_says_who_changed_what(client, make_notice, people):
    notice = make_notice()
    services.save_notice(notice=notice, user=people["secretary"], expected_version=notice.version, title="Renamed")
    client.force_login(people["reviewer"])
    page = client.get(_pages(notice)["history"]).content.decode()
    assert "Renamed" in page and "Custody Health Contract Award" in page
    assert people["secretary"].get_full_name() in page
    services.sign_off_finance(notice=notice, user=people["finance"])
    page = client.get(_pages(notice)["history"]).content.decode()
    signed_off = timezone.localtime(DecisionNotice.objects.get(pk=notice.pk).finance_signed_off_at)
    assert f"{signed_off:%-d %B %Y, %H:%M}" in page and people["finance"].get_full_name() in page


def test_a_hold_date_in_the_past_is_refused_beside_the_field(client, make_notice, people):
    notice = make_notice(S.SIGNED)
    client.force_login(people["secretary"])
    earlier = timezone.localtime() - timedelta(hours=1)
    response = client.post(
        reverse("transparency:notice_step", args=[notice.pk, "publish"]),
        {"when": "hold", "hold_until": earlier.strftime("%Y-%m-%dT%H:%M"), "hold_reason": "Deadline."},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "The date to publish on must be in the future." in page
    assert "Deadline." in page
    notice.refresh_from_db()
    assert notice.status == S.SIGNED


def test_a_hold_date_more_than_a_year_ahead_is_refused(client, make_notice, people):
    notice = make_notice(S.SIGNED)
    client.force_login(people["secretary"])
    url = reverse("transparency:notice_step", args=[notice.pk, "publish"])
    assert f"within {services.MAX_HOLD_DAYS} days" in client.get(_pages(notice)["detail"]).content.decode()
    for far in ["9999-12-31T23:59", (timezone.localtime() + timedelta(days=367)).strftime("%Y-%m-%dT%H:%M")]:
        response = client.post(url, {"when": "hold", "hold_until": far, "hold_reason": "Deadline.", **_seen(notice)})
        assert response.status_code == 200 and "at most 366 days" in response.content.decode(), far
    with pytest.raises(TransitionError, match="at most 366 days"):
        services.publish_notice(
            notice=notice, user=people["secretary"], hold_until=timezone.now() + timedelta(days=367), hold_reason="x"
        )
    notice.refresh_from_db()
    assert notice.status == S.SIGNED
    within = timezone.now() + timedelta(days=365)
    services.publish_notice(notice=notice, user=people["secretary"], hold_until=within, hold_reason="Deadline.")
    notice.refresh_from_db()
    assert notice.status == S.HELD


def _seen(notice):
    return {"version": notice.version, "status": notice.status}


def test_the_list_filters_by_state_and_year(client, make_notice, people):
    draft, advised = make_notice(title="Draft one"), make_notice(S.ADVISED, title="Advised one")
    DecisionNotice.objects.filter(pk=draft.pk).update(reference_year=2020)
    client.force_login(people["secretary"])
    url = reverse("transparency:staff_notice_list")
    assert "Advised one" in (page := client.get(url, {"status": "advised"}).content.decode())
    assert "Draft one" not in page
    page = client.get(url, {"year": "2020"}).content.decode()
    assert "Draft one" in page and "Advised one" not in page
    assert advised.reference_year != 2020


def test_the_list_query_count_does_not_grow_with_the_notices(
    client, make_notice, people, django_assert_max_num_queries
):
    for _ in range(3):
        make_notice()
    client.force_login(people["secretary"])
    url = reverse("transparency:staff_notice_list")
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)
    for _ in range(5):
        make_notice()
    with django_assert_max_num_queries(12):
        client.get(url)


def test_the_workspace_home_shows_what_waits_for_each_user(client, make_notice, people):
    make_notice(title="Awaiting advice")
    make_notice(S.ADVISED, title="Awaiting signature")
    make_notice(S.SIGNED, title="Awaiting publication")
    expectations = {
        "finance": ("Financial advice to sign off", "Awaiting advice"),
        "legal": ("Legal advice to sign off", "Awaiting advice"),
        "commissioner": ("Notices for you to sign", "Awaiting signature"),
        "secretary": ("Signed notices to publish", "Awaiting publication"),
    }
    for role, (queue, title) in expectations.items():
        client.force_login(people[role])
        page = client.get(reverse("transparency:staff_home")).content.decode()
        assert queue in page and title in page, role
    client.force_login(people["deputy"])
    page = client.get(reverse("transparency:staff_home")).content.decode()
    assert "Notices for you to sign" not in page and "Awaiting signature" not in page
    assert "No decision notice waits for you now." in page and "Nothing waits for you here" not in page
    client.force_login(people["finance"])
    page = client.get(reverse("transparency:staff_home")).content.decode()
    assert "Financial advice to sign off" in page and "No decision notice waits for you now." not in page


def test_the_advice_names_each_officer_by_person_or_else_by_login(make_notice, people):
    from transparency.notice_document import notice_context

    notice = make_notice(S.ADVISED)
    people["mo_person"].user = None  # the monitoring officer's login is no longer any person's
    people["mo_person"].save()
    people["legal"].first_name, people["legal"].last_name = "Helen", "Ashdown-Login"
    people["legal"].save()
    notice = DecisionNotice.objects.get(pk=notice.pk)
    [advice] = [s for s in notice_context(notice)["sections"] if s.heading == "Advice recorded"]
    lines = [paragraph.text for paragraph in advice.paragraphs]
    assert lines[0].startswith(f"Financial advice signed off by {people['cfo_person'].description} on ")
    assert lines[1].startswith("Legal advice signed off by Helen Ashdown-Login on ")


def test_the_transparency_workspace_links_each_reader_only_to_pages_they_may_open(client, people):
    """Every workspace link on the page, for everyone who opens it, answers them (a register's holder is sent
    on to their own register)."""
    opened = 0
    for role in ("author", "reviewer", "secretary", "finance", "legal", "commissioner", "deputy"):
        client.force_login(people[role])
        response = client.get(reverse("transparency:staff_home"))
        if response.status_code != 200:
            continue
        opened += 1
        page = response.content.decode()
        links = set(re.findall(r'href="(/workspace/[^"]*)"', page))
        assert reverse("transparency:staff_forward_plan") in links, role
        for link in links:
            assert client.get(link).status_code in (200, 302), (role, link)
    assert opened >= 5
