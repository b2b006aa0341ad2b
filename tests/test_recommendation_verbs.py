"""Recommendation verbs: kept by the office in the admin, offered by the editor, printed as typed."""

import re

import pytest
from django.urls import reverse

from boards.document import build_document
from boards.models import Paper, Recommendation, RecommendationVerb
from boards.rendering import render_paper_pdf
from pcp_portal.pdf import pdf_text

from .factories import PersonFactory, RecommendationFactory, UserFactory
from .test_editor import edit_post, paper_post

SEEDED = ["approve", "note", "endorse", "agree", "consider", "comment on"]


def offered(html: str, name: str) -> list[str]:
    """The options of the select called `name` in `html`."""
    select = re.search(rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def test_the_migration_seeds_the_verbs_in_order(db):
    assert list(RecommendationVerb.objects.values_list("verb", flat=True)) == SEEDED


def test_a_verb_added_in_the_admin_is_offered_in_the_editor_and_printed(client, author, board):
    admin = UserFactory(username="verb-admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:boards_recommendationverb_add"), {"verb": "receive", "position": "9", "active": "on"}
    )
    assert response.status_code == 302
    assert RecommendationVerb.objects.get(verb="receive").active

    client.force_login(author)
    html = client.get(reverse("boards:staff_paper_create")).content.decode()
    assert offered(html, "recommendations-0-verb") == [*SEEDED, "receive"]

    contact = PersonFactory()
    data = paper_post(board, contact, **{"recommendations-0-verb": "receive", "recommendations-1-verb": "comment on"})
    assert client.post(reverse("boards:staff_paper_create"), data).status_code == 302
    paper = Paper.objects.get()
    assert [rec.wording for rec in paper.recommendations.all()] == [
        "The Board is recommended to comment on the revised wording.",
        "The Board is recommended to receive the progress made.",
    ]


def test_a_verb_not_offered_is_refused_beside_the_field_and_the_text_is_kept(client, author, board):
    client.force_login(author)
    data = paper_post(board, PersonFactory(), **{"recommendations-0-verb": "rubber-stamp"})
    response = client.post(reverse("boards:staff_paper_create"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["formsets"][0].forms[0].errors["verb"])
    assert "the progress made" in response.content.decode()
    assert not Paper.objects.exists()


def test_a_retired_verb_stays_on_its_recommendation_but_is_not_offered_for_new_ones(client, make_paper, author):
    paper = make_paper()
    endorsed = RecommendationFactory(paper=paper, verb="endorse", text="the strategy", position=9)
    RecommendationVerb.objects.filter(verb="endorse").update(active=False)
    client.force_login(author)

    html = client.get(reverse("boards:staff_paper_edit", args=[paper.pk]) + "?add=recommendations").content.decode()
    rows = list(paper.recommendations.all())
    index = rows.index(endorsed)
    assert "endorse" in offered(html, f"recommendations-{index}-verb")
    assert "endorse" not in offered(html, f"recommendations-{len(rows)}-verb")

    # Saved again unchanged, it keeps the retired verb; a new recommendation cannot take it.
    data = edit_post(paper)
    assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data).status_code == 302
    assert Recommendation.objects.get(pk=endorsed.pk).wording == "The Board is recommended to endorse the strategy."
    paper.refresh_from_db()
    data = edit_post(paper)
    total = int(data["recommendations-TOTAL_FORMS"])
    data.update(
        {
            "recommendations-TOTAL_FORMS": str(total + 1),
            f"recommendations-{total}-verb": "endorse",
            f"recommendations-{total}-text": "another strategy",
            f"recommendations-{total}-ORDER": str(total + 1),
        }
    )
    response = client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data)
    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["formsets"][0].forms[total].errors["verb"])


@pytest.mark.parametrize(("count", "heading"), [(1, "Recommendation"), (2, "Recommendations"), (3, "Recommendations")])
def test_the_recommendations_heading_is_singular_for_one_recommendation(make_paper, count, heading):
    paper = make_paper()
    paper.recommendations.all().delete()
    for position in range(count):
        RecommendationFactory(paper=paper, position=position, verb="note", text=f"item {position + 1}")
    document = build_document(paper)
    assert (document.sections[1].heading, document.sections[-1].heading) == (heading, heading)
    assert [s.heading for s in document.sections[2:-1]] == ["Background"]


def test_the_page_and_pdf_print_a_single_recommendation_under_a_singular_heading(client, make_paper, author):
    paper = make_paper()
    paper.recommendations.exclude(pk=paper.recommendations.first().pk).delete()
    text = " ".join(pdf_text(render_paper_pdf(paper).content).split())
    assert "2. Recommendation 2.1 The Board is recommended to note" in text
    assert "4. Recommendation 4.1 The Board is recommended to note" in text
    assert "Recommendations" not in text
    client.force_login(author)
    page = " ".join(client.get(paper.get_staff_url()).content.decode().split())
    assert ">2. Recommendation</h2>" in page

    two = " ".join(pdf_text(render_paper_pdf(make_paper()).content).split())
    assert "2. Recommendations 2.1" in two and "4. Recommendations 4.1" in two
