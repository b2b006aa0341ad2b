"""Staff see who changed what, and compare two versions of a paper."""

from django.urls import reverse

from .test_editor import edit_post


def test_two_versions_are_compared_line_by_line(client, make_paper, author):
    paper = make_paper()
    client.force_login(author)
    data = edit_post(paper, purpose="A new purpose for version two.")
    data["sections-0-body"] = "First paragraph.\n\nA rewritten second paragraph."
    assert client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), data).status_code == 302

    response = client.get(reverse("boards:staff_paper_history", args=[paper.pk]))
    diff = response.context["diff"]
    assert (diff["old"], diff["new"]) == (1, 2)
    removed = [line["text"] for line in diff["lines"] if line["kind"] == "removed"]
    added = [line["text"] for line in diff["lines"] if line["kind"] == "added"]
    assert "1.1 The purpose of this report is to update the Board on the outturn." in removed
    assert "1.1 A new purpose for version two." in added
    assert "3.2 A rewritten second paragraph." in added
    assert "3.2 Second paragraph." in removed
    assert "3.1 First paragraph." not in added + removed
    html = response.content.decode()
    assert "Removed: </span>" in html and "Added: </span>" in html


def test_the_history_lists_every_change_with_its_author(client, make_paper, author, secretary):
    paper = make_paper()
    client.force_login(secretary)
    client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), edit_post(paper, title="Renamed"))
    response = client.get(reverse("boards:staff_paper_history", args=[paper.pk]))
    users = [str(record.history_user) for record in response.context["records"]]
    assert "secretary" in users


def test_nonsense_version_numbers_fall_back_to_the_latest_two(client, make_paper, author):
    paper = make_paper()
    client.force_login(author)
    client.post(reverse("boards:staff_paper_edit", args=[paper.pk]), edit_post(paper, title="Renamed"))
    response = client.get(reverse("boards:staff_paper_history", args=[paper.pk]), {"old": "abc", "new": "99"})
    assert response.status_code == 200
    assert (response.context["diff"]["old"], response.context["diff"]["new"]) == (1, 2)


def test_a_past_version_of_a_board_opens_in_the_admin(admin_client, board):
    """The board's slug is read-only once made, and filled in from the short name only on the add form."""
    board.name = "Renamed Board"
    board.save()
    version = board.history.order_by("history_id").first()
    response = admin_client.get(reverse("admin:boards_board_simple_history", args=[board.pk, version.history_id]))
    assert response.status_code == 200
    assert admin_client.get(reverse("admin:boards_board_history", args=[board.pk])).status_code == 200
    assert (
        "&quot;#id_slug&quot;"
        not in admin_client.get(reverse("admin:boards_board_change", args=[board.pk])).content.decode()
    )
    assert "&quot;#id_slug&quot;" in admin_client.get(reverse("admin:boards_board_add")).content.decode()
