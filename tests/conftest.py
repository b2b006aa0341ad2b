import hashlib
from contextlib import contextmanager
from datetime import datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from boards import services
from boards.models import Membership, Paper
from pcp_portal.roles import Role

from .factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
    RecommendationFactory,
    SectionFactory,
    UserFactory,
)

#: Fixtures through which a test reaches the database (pytest-django's, and the live server's).
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "django_db_setup",
    }
)


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that reach the database: the others do the same whatever the database, so CI "
        "runs them once, on SQLite, and not again on PostgreSQL",
    )


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-tests-only"):
        return
    kept, left = [], []
    for item in items:
        uses = item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        (kept if uses else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


@pytest.fixture(scope="session", autouse=True)
def render_each_document_once():
    """WeasyPrint lays out the same HTML into the same bytes, so the suite renders each distinct document once.

    The demo, which a dozen tests seed, renders some twenty-five PDFs; without this they would be laid out
    afresh each time. The memo is keyed on the HTML and the site's address its links join to; a document that
    shows stored files (a figure) is always rendered, and so is every document while a test has replaced
    WeasyPrint's rendering (`tests/test_pdf.py`).
    """
    from pcp_portal import pdf

    render_html, weasyprint_render = pdf.render_html, pdf.HTML.render
    rendered = {}

    def remembered(html, *, files=None):
        if files or pdf.HTML.render is not weasyprint_render:
            return render_html(html, files=files)
        key = (pdf.document_base_url(), hashlib.sha256(html.encode()).digest())
        if key not in rendered:
            rendered[key] = render_html(html)
        return rendered[key]

    pdf.render_html = remembered
    yield
    pdf.render_html = render_html


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    # Pages are not cached in tests, except where test_cache turns it on: the cache
    # would outlive each test's database rollback and hide the views' own context.
    from django.core.cache import cache

    # A cache of this process's own, so that no other process touches it.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    cache.clear()
    settings.PUBLIC_CACHE_SECONDS = 0
    # Likewise the stored downloads are written at every request, except in test_exports: the changes of a
    # test are not committed, so they raise no download's version.
    settings.STORED_EXPORT_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hashing with PBKDF2 for every test user would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Every signed-in request writes its activity, so that a page's query count does not depend on how long ago
    # the test signed in; `test_accounts` checks the once-a-minute write that is deployed.
    settings.SESSION_ACTIVITY_WRITE_SECONDS = 0


@contextmanager
def built_once_for_module(django_db_blocker, tmp_path_factory, name: str):
    """For a module whose tests share what its fixture builds once (the leak test's world, the seeded demo): the
    suite's test settings for the whole module, with media of its own, and one transaction, rolled back at the
    end, that the fixture builds in and yields from. The module replaces the autouse `test_settings` fixture
    with one that asks for its own fixture and `db`; each test then runs inside and is rolled back."""
    settings = override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}},
        PUBLIC_CACHE_SECONDS=0,
        STORED_EXPORT_SECONDS=0,
        MEDIA_ROOT=tmp_path_factory.mktemp(f"{name}-media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    settings.enable()
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            cache.clear()
            yield
            transaction.set_rollback(True)
    finally:
        settings.disable()


@pytest.fixture(autouse=True)
def recommendation_verbs(request):
    """The verbs a migration seeds; a live-server test empties the database after it, so they are put back."""
    if "_django_db_helper" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("_django_db_helper")
    from boards.models import RecommendationVerb

    if not RecommendationVerb.objects.exists():
        verbs = ["approve", "note", "endorse", "agree", "consider", "comment on"]
        RecommendationVerb.objects.bulk_create(
            RecommendationVerb(verb=verb, position=position) for position, verb in enumerate(verbs)
        )


@pytest.fixture
def board(db):
    return BoardFactory(name="Business Coordination Board", short_name="BCB", slug="bcb")


@pytest.fixture
def other_board(db):
    return BoardFactory(name="Audit Committee", short_name="AC", slug="ac")


@pytest.fixture
def author(db):
    return UserFactory(username="author", roles=[Role.AUTHOR])


@pytest.fixture
def other_author(db):
    return UserFactory(username="author2", roles=[Role.AUTHOR])


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", roles=[Role.REVIEWER])


@pytest.fixture
def secretary(db):
    return UserFactory(username="secretary", roles=[Role.SECRETARY])


@pytest.fixture
def member(db, board):
    user = UserFactory(username="member", roles=[Role.MEMBER])
    MembershipFactory(person=PersonFactory(user=user), board=board)
    return user


@pytest.fixture
def chair(db, board):
    user = UserFactory(username="chair", roles=[Role.CHAIR])
    MembershipFactory(person=PersonFactory(user=user), board=board, role=Membership.Role.CHAIR)
    return user


@pytest.fixture
def outside_member(db, other_board):
    """A board member, but of another board."""
    user = UserFactory(username="outsider-member", roles=[Role.MEMBER])
    MembershipFactory(person=PersonFactory(user=user), board=other_board)
    return user


@pytest.fixture
def no_role_user(db):
    return UserFactory(username="norole")


@pytest.fixture
def users(author, other_author, reviewer, secretary, member, chair, outside_member, no_role_user):
    return {
        "author": author,
        "other_author": other_author,
        "reviewer": reviewer,
        "secretary": secretary,
        "member": member,
        "chair": chair,
        "outside_member": outside_member,
        "no_role": no_role_user,
    }


@pytest.fixture
def agenda_item(board):
    return AgendaItemFactory(meeting=MeetingFactory(board=board), position=6, title="Provisional Outturn")


@pytest.fixture
def make_paper(board, author, reviewer, secretary):
    """A complete paper driven through the real services to `status`."""

    def make(status=Paper.Status.DRAFT, **fields):
        fields.setdefault("board", board)
        paper = PaperFactory(created_by=author, **fields)
        services.record_creation(paper=paper, user=author)
        RecommendationFactory(paper=paper, verb="note", text="the progress made against the Victims theme")
        RecommendationFactory(paper=paper, verb="approve", text="the revised wording of priority action V4")
        SectionFactory(paper=paper, heading="Background", body="First paragraph.\n\nSecond paragraph.\n- a bullet")
        S = Paper.Status
        if status == S.DRAFT:
            return paper
        services.submit_paper(paper=paper, user=author)
        if status == S.SUBMITTED:
            return paper
        services.clear_paper(paper=paper, user=reviewer)
        if status == S.CLEARED:
            return paper
        if status == "withdrawn_unpublished":
            return services.withdraw_paper(paper=paper, user=secretary, reason="Not needed.")
        services.publish_paper(paper=paper, user=secretary)
        if status == S.PUBLISHED:
            return Paper.objects.get(pk=paper.pk)
        if status == S.WITHDRAWN:
            return services.withdraw_paper(paper=paper, user=secretary, reason="Figures were wrong.")
        if status == S.SUPERSEDED:
            revision = services.start_revision(paper=paper, user=author)
            services.submit_paper(paper=revision, user=author)
            services.clear_paper(paper=revision, user=reviewer)
            services.publish_paper(paper=revision, user=secretary)
            return Paper.objects.get(pk=paper.pk)
        raise ValueError(status)

    return make


def at_two_pm(days_ahead: int):
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days_ahead), time(14, 0)))


@pytest.fixture
def meeting(board, secretary):
    """A scheduled meeting, forty days ahead, with the standard items."""
    return services.schedule_meeting(board=board, starts_at=at_two_pm(40), user=secretary, location="Room 1")


@pytest.fixture
def begun_paper(meeting, secretary, make_paper):
    """A published paper on the agenda of a meeting that has begun: its decisions may be recorded."""
    paper = make_paper(Paper.Status.PUBLISHED, title="Provisional Outturn Report")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=paper)
    meeting_has_begun(meeting)
    paper.refresh_from_db()
    return paper


def meeting_has_begun(meeting, *, starts_at=None):
    """Time passes: the meeting began an hour ago, or at `starts_at` (its agenda was built while it was ahead)."""
    meeting.refresh_from_db()
    meeting.starts_at = starts_at or timezone.now() - timedelta(hours=1)
    meeting.save(update_fields=["starts_at"])
    return meeting


def procedure_has_closed(procedure):
    """Time passes: the written procedure's closing date was yesterday."""
    from boards.models import WrittenProcedure

    WrittenProcedure.objects.filter(pk=procedure.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    procedure.refresh_from_db()
    return procedure
