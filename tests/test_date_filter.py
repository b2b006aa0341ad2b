"""The `date` filter every template uses is Django's, with each text remembered (`pcp_portal.templatetags.dates`)."""

import datetime
import zoneinfo

from django.template import Context, Engine, engines
from django.utils import timezone

SOURCE = "{% for x in values %}{{ x|date:format }}|{% endfor %}"
VALUES = [
    datetime.date(2026, 3, 29),
    datetime.date(1999, 12, 31),
    datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC),  # the night the clocks go forward
    datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC),
    datetime.datetime(2026, 10, 25, 0, 59, tzinfo=datetime.UTC),
    None,
    "",
    "not a date",
]


def both(values, format):
    ours = engines["django"].from_string(SOURCE).render({"values": values, "format": format})
    django = Engine(builtins=[]).from_string(SOURCE).render(Context({"values": values, "format": format}))
    return ours, django


def test_the_templates_date_filter_gives_djangos_text_remembered_or_not():
    days, times = VALUES[:2] + VALUES[5:], VALUES[2:]
    for values, formats in [(days, ["j F Y", "l j M Y", None]), (times, ["j M Y, H:i T", "l j F Y, g.i a e", None])]:
        for format in formats:
            for _ in range(2):  # the second time from what was remembered
                ours, django = both(values, format)
                assert ours == django, format
    ours, _ = both(VALUES[2:4], "j F Y H:i T")
    assert ours == "29 March 2026 00:30 GMT|29 March 2026 02:30 BST|"


def test_one_instant_is_written_in_the_zone_the_page_is_in():
    """Two datetimes at one instant in different zones are equal, and hash alike: what was remembered for one
    is not given for the other."""
    instant = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)
    assert both([instant], "H:i T")[0] == "13:00 BST|"
    with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        assert both([instant], "H:i T")[0] == "08:00 EDT|"
    assert both([instant], "H:i T")[0] == "13:00 BST|"
