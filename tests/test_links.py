"""`pcp_portal.links.link` writes exactly what `reverse()` would, faster."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from pcp_portal.links import link

CASES = [
    ("boards:paper_detail", (12, "annual-report-202526")),
    ("boards:board_detail", ("bcb",)),
    ("boards:meeting_detail", ("bcb", "2026-11-23")),
    ("boards:meeting_pack", ("bcb", "2026-11-23", 7)),
    ("minutes:public_minutes", ("bcb", "2026-11-23")),
    ("transparency:notice", ("2026-003",)),
]


@pytest.mark.parametrize(("name", "args"), CASES)
def test_a_link_is_what_reverse_gives(name, args):
    assert link(name, *args) == reverse(name, args=args)
    # A second link of the same name, from the stored template, with other arguments.
    other = tuple(arg + 1 if isinstance(arg, int) else f"{arg}-x" for arg in args)
    assert link(name, *other) == reverse(name, args=other)


def test_a_link_follows_the_script_prefix():
    try:
        set_script_prefix("/portal/")
        expected = reverse("boards:board_detail", args=["bcb"])
        assert link("boards:board_detail", "bcb") == "/portal/boards/bcb/" == expected
    finally:
        set_script_prefix("/")
    assert link("boards:board_detail", "bcb") == "/boards/bcb/"


def test_an_argument_that_is_not_plain_goes_through_reverse():
    # Not a slug: reverse() refuses it, and so does link(), rather than writing a URL the portal cannot resolve.
    with pytest.raises(NoReverseMatch):
        link("boards:board_detail", "a/b")
    with pytest.raises(NoReverseMatch):
        link("boards:paper_detail", "twelve", "slug")
    with pytest.raises(NoReverseMatch):
        link("boards:paper_detail", -1, "slug")
    assert link("boards:paper_detail", "12", "slug") == reverse("boards:paper_detail", args=["12", "slug"])


def test_the_url_tag_every_template_uses_writes_what_djangos_does():
    """`{% url %}` is a builtin of the portal's templates that writes through `link()` (`pcp_portal.templatetags
    .links`); what it writes is Django's tag's, in every form: no argument, plain arguments, arguments
    `link()` hands to `reverse()`, keyword arguments, `as var` (which leaves a name that does not reverse
    empty), a name read from a variable, and text escaped or not."""
    from django.template import Context, Engine, engines
    from django.utils.safestring import mark_safe

    source = (
        "{% url 'home' %}|{% url 'boards:paper_detail' pk slug %}|{% url 'boards:board_detail' odd %}|"
        "{% url 'boards:board_detail' slug=slug %}|{% url 'no:such' as missing %}[{{ missing }}]|"
        "{% url name pk slug %}|{% autoescape off %}{% url 'boards:board_detail' odd %}{% endautoescape %}"
    )
    # A text that is not exactly a `str` (here Django's safe text) goes to `reverse()`.
    context = {"pk": 12, "slug": "annual-report", "odd": mark_safe("b-1"), "name": "boards:paper_detail"}
    ours = engines["django"].from_string(source).render(context)
    django = Engine(builtins=[]).from_string(source).render(Context(context))
    assert ours == django
    assert ours == (
        "/|/papers/12/annual-report/|/boards/b-1/|/boards/annual-report/|[]|/papers/12/annual-report/|/boards/b-1/"
    )
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% url 'no:such' %}").render({})
