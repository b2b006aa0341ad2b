"""The Commissioner's decisions as Atom: the register's own feed, and entries for the site-wide feed."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from pcp_portal.feeds import NOTHING_PUBLISHED, ConditionalFeed, Entry, Source, StableAtom1Feed, entry_id

from .models import DecisionNotice
from .publicity import public_notices
from .search import KIND


def _summary(notice: DecisionNotice) -> str:
    signed = timezone.localtime(notice.signed_at)
    return f"{notice.reference}, signed by {notice.decision_maker.name} on {signed:%-d %B %Y}: {notice.decision}"


def _entry(notice: DecisionNotice) -> Entry:
    """The notice as one entry: the same id and author in the register's feed and the site-wide one."""
    return Entry(
        f"{notice.reference} {notice.title}",
        notice.get_absolute_url(),
        notice.published_at,
        _summary(notice),
        KIND,
        key=f"decision-notice/{notice.slug}",
        author=f"{notice.decision_maker.name}, {notice.get_capacity_display()}",
    )


# A notice is no board's, so a board's feed has none. An entry shows the notice's own fields and its
# decision-maker's name.
SOURCE = Source(
    public=DecisionNotice.objects.public,
    board=None,
    published="published_at",
    related=("decision_maker",),
    changes=("updated_at", "decision_maker__name"),
    entry=_entry,
)
FEED_SOURCES = [SOURCE]


class NoticeFeed(ConditionalFeed):
    """The register of the Commissioner's decisions, newest published first."""

    feed_type = StableAtom1Feed
    limit = 50

    def title(self):
        return f"{settings.ORGANISATION_NAME}: the Commissioner's decisions"

    def feed_extra_kwargs(self, obj):
        return {"empty_updated": NOTHING_PUBLISHED}

    def link(self):
        return reverse("transparency:notice_list")

    def subtitle(self):
        return "Decisions of the Police and Crime Commissioner and the deputy, as each is published."

    def author_name(self):
        return settings.ORGANISATION_NAME

    def version(self, request) -> tuple:
        """What the entries show: the newest notices' heads (their own fields and decision-makers) and the
        themes they are filed under."""
        heads = SOURCE.heads(limit=self.limit)
        links = DecisionNotice.themes.through.objects.filter(decisionnotice_id__in=[head[1] for head in heads])
        return (heads, tuple(links.order_by("pk").values_list("decisionnotice_id", "theme__name")))

    def items(self):
        return list(public_notices().order_by("-published_at", "-pk")[: self.limit])

    def item_title(self, notice: DecisionNotice):
        return f"{notice.reference} {notice.title}"

    def item_description(self, notice: DecisionNotice):
        return _summary(notice)

    def item_link(self, notice: DecisionNotice):
        return notice.get_absolute_url()

    def item_guid(self, notice: DecisionNotice):
        # A tag URI (RFC 4151) keyed on the office's reference, which is never reused: as in the site-wide feed.
        return entry_id(_entry(notice))

    item_guid_is_permalink = False

    def item_author_name(self, notice: DecisionNotice):
        return _entry(notice).author

    def item_pubdate(self, notice: DecisionNotice):
        return notice.published_at

    def item_updateddate(self, notice: DecisionNotice):
        return notice.published_at

    def item_categories(self, notice: DecisionNotice):
        return [theme.name for theme in notice.themes.all()]
