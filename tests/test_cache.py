"""Anonymous pages are cached, and dropped whenever what they show changes (see also test_cache_scope)."""

import pytest
from django.urls import reverse

from boards import services
from boards.models import Paper


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PUBLIC_CACHE_SECONDS = 300


def test_a_public_page_is_served_from_the_cache_until_something_is_published(
    client, make_paper, secretary, django_capture_on_commit_callbacks
):
    make_paper(Paper.Status.PUBLISHED, title="First Paper")
    url = reverse("boards:paper_list")
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
    cleared = make_paper(Paper.Status.CLEARED, title="Second Paper")
    with django_capture_on_commit_callbacks(execute=True):  # the pages are dropped once the change commits
        services.publish_paper(paper=cleared, user=secretary)
    response = client.get(url)
    assert response["X-Cache"] == "miss" and "Second Paper" in response.content.decode()


def test_withdrawal_and_decisions_also_refresh_pages(client, make_paper, secretary, django_capture_on_commit_callbacks):
    paper = make_paper(Paper.Status.PUBLISHED, title="Soon Withdrawn")
    url = reverse("boards:paper_list")
    assert "Soon Withdrawn" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_paper(paper=paper, user=secretary, reason="Error.")
    assert "Soon Withdrawn" not in client.get(url).content.decode()


def test_signed_in_users_and_the_workspace_are_never_cached(client, secretary, make_paper):
    make_paper(Paper.Status.PUBLISHED)
    client.force_login(secretary)
    url = reverse("boards:paper_list")
    client.get(url)
    assert "X-Cache" not in client.get(url)
    assert "X-Cache" not in client.get(reverse("boards:staff_home"))
