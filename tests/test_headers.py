"""Security headers, who may keep a copy of a response, and the page cache's idea of who is signed in."""

import gzip
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from boards import services
from boards.models import PackBuild, Paper

ROOT = Path(__file__).resolve().parent.parent
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "Strict-Transport-Security",
    "Vary",
    "Cache-Control",
)


@pytest.fixture
def cache_on(settings):
    settings.PUBLIC_CACHE_SECONDS = 300


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def flash_cookie(text: str) -> str:
    """The `messages` cookie Django's own storage writes for one pending message."""
    storage = CookieStorage(HttpRequest())
    storage.add(messages.INFO, text)
    response = HttpResponse()
    storage.update(response)
    return response.cookies[CookieStorage.cookie_name].value


# Security headers, whether the page comes from the cache or not


def test_a_cached_page_keeps_every_security_header_of_the_freshly_rendered_one(client, settings, cache_on, make_paper):
    settings.SECURE_HSTS_SECONDS = 3600
    make_paper(Paper.Status.PUBLISHED)
    url = reverse("boards:paper_list")
    miss = client.get(url, secure=True)
    hit = client.get(url, secure=True)
    assert (miss["X-Cache"], hit["X-Cache"]) == ("miss", "hit")
    for header in SECURITY_HEADERS:
        assert header in miss, header
        assert hit.get(header) == miss[header], header
    assert hit["X-Frame-Options"] == "DENY" and "Cookie" in hit["Vary"]


def test_the_content_security_policy_allows_no_inline_script_or_style(client, db):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["script-src"] == "'self'" and rules["style-src"] == "'self'"
    assert rules["object-src"] == "'none'" and rules["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_permissions_policy_turns_off_the_browser_features_the_portal_never_uses(client, db):
    policy = client.get(reverse("home"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def test_stored_files_carry_the_security_headers_too(client, make_paper):
    paper = make_paper(Paper.Status.PUBLISHED)
    response = client.get(reverse("boards:paper_pdf", args=[paper.pk]))
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"


# Who may keep a copy


def test_a_signed_in_users_pages_are_never_stored_even_public_ones(client, member, make_paper):
    make_paper(Paper.Status.PUBLISHED)
    client.force_login(member)
    for url in (reverse("boards:paper_list"), reverse("boards:staff_home")):
        response = client.get(url)
        assert {"no-store", "private"} <= directives(response), url
        assert "public" not in directives(response)


def test_an_official_sensitive_paper_and_a_draft_are_sent_no_store(client, member, secretary, make_paper):
    sensitive = make_paper(Paper.Status.PUBLISHED, marking="OFFICIAL-SENSITIVE")
    client.force_login(member)
    response = client.get(reverse("boards:staff_paper_pdf", args=[sensitive.pk]))
    assert response.status_code == 200 and {"no-store", "private"} <= directives(response)
    draft = make_paper(Paper.Status.DRAFT)
    client.force_login(secretary)
    response = client.get(reverse("boards:staff_paper_pdf", args=[draft.pk]))
    assert response.status_code == 200 and {"no-store", "private"} <= directives(response)


def test_a_confidential_pack_is_sent_no_store_and_the_public_pack_may_be_kept(
    client, meeting, member, secretary, make_paper, django_capture_on_commit_callbacks
):
    public = make_paper(Paper.Status.CLEARED, title="Provisional Outturn Report")
    sensitive = make_paper(Paper.Status.CLEARED, title="Custody Contract Options", marking="OFFICIAL-SENSITIVE")
    services.add_agenda_item(meeting=meeting, user=secretary, title="Outturn", paper=public)
    services.add_agenda_item(meeting=meeting, user=secretary, title="Custody", paper=sensitive)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_agenda(meeting=meeting, user=secretary)
    confidential = meeting.pack_builds.get(kind=PackBuild.Kind.CONFIDENTIAL)
    pack = meeting.pack_builds.get(kind=PackBuild.Kind.PACK)

    response = client.get(pack.get_absolute_url())
    assert response.status_code == 200
    assert "public" in directives(response) and response["ETag"] == f'"{pack.sha256}"'

    client.force_login(member)
    response = client.get(confidential.get_absolute_url())
    assert response.status_code == 200 and {"no-store", "private"} <= directives(response)


def test_the_workspace_the_admin_and_sign_in_are_never_stored_even_for_the_public(client, db):
    for url in (reverse("login"), reverse("boards:staff_home"), "/admin/login/"):
        assert {"no-store", "private"} <= directives(client.get(url)), url


def test_a_public_page_may_be_kept_but_is_revalidated_and_an_unchanged_one_answers_304(client, make_paper):
    make_paper(Paper.Status.PUBLISHED)
    url = reverse("boards:paper_list")
    first = client.get(url)
    assert directives(first) == {"public", "no-cache"} and first["ETag"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


# Published PDFs: ETag, 304, byte ranges


@pytest.fixture
def published_pdf(make_paper):
    paper = make_paper(Paper.Status.PUBLISHED)
    with paper.pdf.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == paper.pdf_sha256
    return reverse("boards:paper_pdf", args=[paper.pk]), paper.pdf_sha256, content


def test_a_published_pdf_has_its_sha256_as_etag_and_a_public_policy(client, published_pdf):
    url, sha256, content = published_pdf
    response = client.get(url)
    assert response["ETag"] == f'"{sha256}"' and response["Accept-Ranges"] == "bytes"
    assert directives(response) == {"public", "max-age=300"}
    assert b"".join(response.streaming_content) == content


def test_a_reader_with_the_current_copy_gets_304_without_the_file(client, published_pdf):
    url, sha256, _ = published_pdf
    response = client.get(url, headers={"If-None-Match": f'"{sha256}"'})
    assert response.status_code == 304 and response["ETag"] == f'"{sha256}"' and not response.content
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_a_byte_range_is_answered_with_206_and_exactly_those_bytes(client, published_pdf):
    url, sha256, content = published_pdf
    response = client.get(url, headers={"Range": "bytes=100-199"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(content)}" and response["Content-Length"] == "100"
    assert b"".join(response.streaming_content) == content[100:200]
    tail = client.get(url, headers={"Range": "bytes=-50"})
    assert tail.status_code == 206 and b"".join(tail.streaming_content) == content[-50:]
    rest = client.get(url, headers={"Range": f"bytes={len(content) - 10}-"})
    assert b"".join(rest.streaming_content) == content[-10:]


def test_a_range_beyond_the_end_is_answered_416(client, published_pdf):
    url, _, content = published_pdf
    response = client.get(url, headers={"Range": f"bytes={len(content)}-"})
    assert response.status_code == 416 and response["Content-Range"] == f"bytes */{len(content)}"


def test_a_range_for_another_version_or_a_malformed_one_gets_the_whole_file(client, published_pdf):
    url, sha256, content = published_pdf
    for headers in (
        {"Range": "bytes=0-9", "If-Range": '"an-older-version"'},
        {"Range": "bytes=9-0"},
        {"Range": "lines=1-2"},
        {"Range": "bytes=0-1,5-6"},
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, headers
        assert b"".join(response.streaming_content) == content
    same = client.get(url, headers={"Range": "bytes=0-9", "If-Range": f'"{sha256}"'})
    assert same.status_code == 206


# A bad Host header


def test_a_bad_host_header_answers_400(client, db):
    response = client.get(reverse("home"), headers={"Host": "evil.example"})
    assert response.status_code == 400


def test_a_bad_host_header_answers_400_with_the_production_settings(tmp_path):
    # The database here is empty (never migrated): the page asked for reads no table.
    script = (
        "from django.test import Client\n"
        "from django.test.utils import setup_test_environment\n"
        "setup_test_environment()\n"
        "client = Client(raise_request_exception=False)\n"
        "print(client.get('/api/', headers={'Host': 'portal.example.org'}, secure=True).status_code)\n"
        "for secure in (False, True):  # the page is in the cache now: the bad Host is refused all the same\n"
        "    print(client.get('/api/', headers={'Host': 'evil.example'}, secure=secure).status_code)\n"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "False",
        "SECRET_KEY": "x" * 64 + "-production-like-secret-key-value",
        "ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'hosts.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput"]
    subprocess.run(collect, cwd=ROOT, env=env, capture_output=True, check=True)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["200", "400", "400"], result.stdout + result.stderr


# Who is signed in, as the page cache sees it


def test_a_made_up_session_cookie_gets_the_cached_page_without_touching_the_database(
    client, cache_on, make_paper, django_assert_num_queries
):
    make_paper(Paper.Status.PUBLISHED)
    url = reverse("boards:paper_list")
    assert client.get(url)["X-Cache"] == "miss"
    client.cookies["sessionid"] = "madeupsessionkey0123456789abcdef"
    assert client.get(url)["X-Cache"] == "hit"
    with django_assert_num_queries(0):
        assert client.get(url)["X-Cache"] == "hit"


def test_a_page_first_asked_for_with_a_made_up_session_cookie_is_still_cached(client, cache_on, make_paper):
    make_paper(Paper.Status.PUBLISHED)
    url = reverse("boards:paper_list")
    client.cookies["sessionid"] = "madeupsessionkey0123456789abcdef"
    miss = client.get(url)
    assert miss["X-Cache"] == "miss" and directives(miss) == {"public", "no-cache"}
    client.cookies["sessionid"] = "madeupsessionkey0123456789abcdef"
    assert client.get(url)["X-Cache"] == "hit"


def test_an_empty_or_stale_messages_cookie_gets_the_cached_page(client, cache_on, make_paper):
    make_paper(Paper.Status.PUBLISHED)
    url = reverse("boards:paper_list")
    client.get(url)
    for stale in ("", "not-a-signed-value", flash_cookie("Old.")[:-3] + "xyz"):
        client.cookies["messages"] = stale
        assert client.get(url)["X-Cache"] == "hit", stale


def test_a_page_with_a_flash_message_is_shown_fresh_and_never_cached(client, cache_on, make_paper):
    make_paper(Paper.Status.PUBLISHED)
    url = reverse("boards:paper_list")
    client.get(url)
    client.cookies["messages"] = flash_cookie("Your position is recorded.")
    response = client.get(url)
    assert response.get("X-Cache") != "hit" and "Your position is recorded." in response.content.decode()
    del client.cookies["messages"]
    again = client.get(url)
    assert again["X-Cache"] == "hit" and "Your position is recorded." not in again.content.decode()


def test_a_signed_in_user_never_gets_a_cached_page(client, cache_on, member, make_paper):
    make_paper(Paper.Status.PUBLISHED)
    url = reverse("boards:paper_list")
    assert client.get(url)["X-Cache"] == "miss"
    client.force_login(member)
    for _ in range(2):
        response = client.get(url)
        assert "X-Cache" not in response and "Signed in as" in response.content.decode()


def test_after_signing_out_the_visitor_gets_the_cached_page_again(client, cache_on, member, make_paper):
    make_paper(Paper.Status.PUBLISHED)
    url = reverse("boards:paper_list")
    client.get(url)
    client.force_login(member)
    assert "X-Cache" not in client.get(url)
    client.post(reverse("logout"))
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"


# Compression


GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_a_page_is_sent_compressed_to_a_client_that_asks_and_plain_to_one_that_does_not(client, make_paper):
    make_paper(Paper.Status.PUBLISHED, title="Custody Contract")
    url = reverse("boards:paper_list")
    plain = client.get(url)
    packed = client.get(url, headers=GZIP)
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content and b"Custody Contract" in plain.content
    # An unchanged page still answers 304 to the compressed copy's tag.
    assert client.get(url, headers={**GZIP, "If-None-Match": packed["ETag"]}).status_code == 304


def test_the_page_cache_keeps_the_compressed_and_the_plain_copy_apart(client, cache_on, make_paper):
    make_paper(Paper.Status.PUBLISHED, title="Custody Contract")
    url = reverse("boards:paper_list")
    packed = client.get(url, headers=GZIP)
    assert packed["X-Cache"] == "miss" and packed["Content-Encoding"] == "gzip"
    plain = client.get(url)  # stored under its own key, not the compressed copy
    assert plain["X-Cache"] == "miss" and "Content-Encoding" not in plain
    hit = client.get(url, headers=GZIP)
    assert hit["X-Cache"] == "hit" and hit["Content-Encoding"] == "gzip"
    assert gzip.decompress(hit.content) == client.get(url).content


def test_feeds_and_json_are_compressed_and_a_pdf_or_a_byte_range_never_is(client, published_pdf, meeting):
    for url in (reverse("feed"), reverse("api_events")):
        assert client.get(url, headers=GZIP)["Content-Encoding"] == "gzip", url
    url, _, content = published_pdf
    whole = client.get(url, headers=GZIP)
    assert "Content-Encoding" not in whole and b"".join(whole.streaming_content) == content
    part = client.get(url, headers={**GZIP, "Range": "bytes=100-199"})
    assert part.status_code == 206 and "Content-Encoding" not in part
    assert b"".join(part.streaming_content) == content[100:200]


def test_a_signed_in_readers_page_is_never_compressed(client, member, make_paper):
    make_paper(Paper.Status.PUBLISHED)
    client.force_login(member)
    for url in (reverse("boards:paper_list"), reverse("boards:staff_home")):
        response = client.get(url, headers=GZIP)
        assert response.status_code == 200 and "Content-Encoding" not in response, url
