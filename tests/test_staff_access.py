"""Every workspace URL, for a role that may use it, roles that may not, and the anonymous visitor."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from boards.models import Appendix, Figure, Paper

from .images import png_bytes
from .test_uploads import pdf_bytes

S = Paper.Status
OFFICE = ["author", "other_author", "reviewer", "secretary"]
MEMBERS = ["member", "chair"]
EVERY_ROLE = [*OFFICE, *MEMBERS, "outside_member"]

# (url name, paper status or None, method, POST data, {role: expected status})
CASES = [
    ("staff_home", None, "get", None, {**dict.fromkeys(EVERY_ROLE, 200), "no_role": 403}),
    ("staff_paper_list", None, "get", None, {**dict.fromkeys(EVERY_ROLE, 200), "no_role": 403}),
    (
        "staff_paper_create",
        None,
        "get",
        None,
        {"author": 200, "secretary": 200, "reviewer": 403, "member": 403, "chair": 403, "no_role": 403},
    ),
    (
        "staff_paper_choices",
        None,
        "get",
        None,
        {"author": 200, "secretary": 200, "reviewer": 403, "member": 403, "chair": 403, "no_role": 403},
    ),
    (
        "staff_paper",
        S.DRAFT,
        "get",
        None,
        {**dict.fromkeys(OFFICE, 200), "member": 404, "chair": 404, "outside_member": 404, "no_role": 403},
    ),
    ("staff_paper", S.CLEARED, "get", None, {"member": 200, "chair": 200, "outside_member": 404}),
    (
        "staff_paper_edit",
        S.DRAFT,
        "get",
        None,
        {"author": 200, "secretary": 200, "other_author": 403, "reviewer": 403, "member": 404},
    ),
    ("staff_paper_edit", S.SUBMITTED, "get", None, {"author": 403, "secretary": 403}),
    # Allowed: tests/test_remove_numbers.py (it saves the text, not a step of the paper's thread).
    (
        "staff_paper_remove_numbers",
        S.DRAFT,
        "post",
        {"expected_version": "1"},
        {"other_author": 403, "reviewer": 403, "member": 404, "chair": 404, "no_role": 403},
    ),
    ("staff_paper_remove_numbers", S.SUBMITTED, "post", {"expected_version": "1"}, {"author": 403, "secretary": 403}),
    ("staff_paper_pdf", S.DRAFT, "get", None, {"author": 200, "reviewer": 200, "member": 404}),
    ("staff_paper_pdf", S.PUBLISHED, "get", None, {"member": 200, "outside_member": 404}),
    (
        "staff_paper_history",
        S.CLEARED,
        "get",
        None,
        {"author": 200, "secretary": 200, "member": 403, "outside_member": 404},
    ),
    ("staff_appendix", S.CLEARED, "get", None, {"reviewer": 200, "chair": 200, "outside_member": 404}),
    (
        "staff_figure",
        S.DRAFT,
        "get",
        None,
        {**dict.fromkeys(OFFICE, 200), "member": 404, "chair": 404, "outside_member": 404, "no_role": 403},
    ),
    ("staff_figure", S.CLEARED, "get", None, {"member": 200, "chair": 200, "outside_member": 404, "no_role": 403}),
    ("staff_figure", S.WITHDRAWN, "get", None, {"secretary": 200, "member": 200, "outside_member": 404}),
    (
        "staff_paper_submit",
        S.DRAFT,
        "post",
        {},
        {"author": 302, "secretary": 302, "other_author": 403, "reviewer": 403, "member": 404},
    ),
    (
        "staff_paper_clear",
        S.SUBMITTED,
        "post",
        {},
        {"reviewer": 302, "author": 403, "secretary": 403, "member": 404},
    ),
    (
        "staff_paper_return",
        S.SUBMITTED,
        "post",
        {"comment": "Add the risks."},
        {"reviewer": 302, "author": 403, "secretary": 403},
    ),
    (
        "staff_paper_publish",
        S.CLEARED,
        "post",
        {"confirmed": "1"},
        {"secretary": 302, "reviewer": 403, "author": 403, "member": 403, "chair": 403},
    ),
    (
        "staff_paper_withdraw",
        S.CLEARED,
        "post",
        {"comment": "No longer needed."},
        {"secretary": 302, "author": 403, "reviewer": 403, "chair": 403},
    ),
    (
        "staff_paper_revise",
        S.PUBLISHED,
        "post",
        {},
        {"author": 302, "secretary": 302, "reviewer": 403, "member": 403},
    ),
    (
        "staff_paper_comment",
        S.SUBMITTED,
        "post",
        {"comment": "Looks good."},
        {"reviewer": 302, "author": 302, "member": 404},
    ),
    ("staff_paper_comment", S.CLEARED, "post", {"comment": "Hello"}, {"chair": 403}),
]


def _expand():
    for name, status, method, data, expected in CASES:
        for role, code in expected.items():
            yield pytest.param(name, status, method, data, role, code, id=f"{name}-{status}-{role}")
        yield pytest.param(name, status, method, data, "anonymous", 302, id=f"{name}-{status}-anonymous")


def _url(name, paper):
    if paper is None:
        return reverse(f"boards:{name}")
    if name == "staff_appendix":
        appendix = Appendix(paper=paper, title="Map", sha256="0" * 64, size=1, page_count=1)
        appendix.file.save("map.pdf", ContentFile(pdf_bytes()), save=True)
        return reverse("boards:staff_appendix", args=[paper.pk, appendix.pk])
    if name == "staff_figure":
        content = png_bytes()
        figure = Figure(paper=paper, alt_text="A chart", content_type="image/png", size=len(content), sha256="0" * 64)
        figure.file.save("chart.png", ContentFile(content), save=True)
        return reverse("boards:staff_figure", args=[paper.pk, figure.pk])
    return reverse(f"boards:{name}", args=[paper.pk])


@pytest.mark.parametrize(("name", "status", "method", "data", "role", "code"), list(_expand()))
def test_workspace_url_access(client, users, make_paper, name, status, method, data, role, code):
    paper = make_paper(status) if status else None
    url = _url(name, paper)
    if role != "anonymous":
        client.force_login(users[role])
    events_before = paper.events.count() if paper else 0

    response = getattr(client, method)(url, data or {})

    assert response.status_code == code
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))
    if method == "post" and code == 302 and role != "anonymous":
        # An allowed POST did its work and wrote it down.
        assert paper.events.count() == events_before + 1
    if method == "post" and code != 302 and paper is not None:
        paper.refresh_from_db()
        assert paper.status == status and paper.events.count() == events_before


def test_an_address_that_only_takes_a_form_says_so_when_opened(client, make_paper, secretary):
    """A POST-only address opened as a page (a bookmark, a reload) gets the portal's page, not an empty one;
    the status and the Allow header are the view's."""
    paper = make_paper(Paper.Status.PUBLISHED)
    url = reverse("boards:staff_paper_circulate", args=[paper.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 405 and anonymous["Allow"] == "POST"
    text = anonymous.content.decode()
    assert "This address sends a form" in text and "Nothing was changed" in text and 'href="/"' in text
    client.force_login(secretary)
    signed_in = client.get(url)
    assert signed_in.status_code == 405 and reverse("boards:staff_home") in signed_in.content.decode()
    assert signed_in["Content-Type"].startswith("text/html")
    assert client.head(url).status_code == 405


def test_the_paper_finder_reads_a_search_with_a_nul_character_without_it(client, make_paper, secretary):
    make_paper(Paper.Status.PUBLISHED, title="Estates Strategy")
    client.force_login(secretary)
    response = client.get(reverse("boards:staff_paper_choices"), {"q": "Estates\x00"})
    assert response.status_code == 200 and "Estates Strategy" in response.content.decode()
