"""Published minutes as open data."""

from pcp_portal.api import paginated
from pcp_portal.links import absolute

from .models import Minutes


def minutes(request):
    def serialize(m: Minutes) -> dict:
        return {
            "id": f"minutes/{m.pk}",
            "event": f"meeting/{m.meeting_id}",
            "organization": f"board/{m.meeting.board.slug}",
            "date": m.meeting.date.isoformat(),
            "signed_by": m.signed_by.name if m.signed_by else None,
            "signed_at": m.signed_at and m.signed_at.isoformat(),
            "published_at": m.published_at.isoformat(),
            "imported_at": m.imported_at and m.imported_at.isoformat(),
            "links": [
                {
                    "url": absolute(request, m.get_absolute_url() + "pdf/"),
                    "media_type": "application/pdf",
                    "sha256": m.pdf_sha256,
                }
            ]
            if m.pdf_sha256  # imported minutes' PDF is built after they are published: until then, no link
            else [],
            "corrections": [{"date": c.created_at.date().isoformat(), "text": c.text} for c in m.corrections.all()],
            "sources": [{"url": absolute(request, m.get_absolute_url())}],
        }

    queryset = (
        Minutes.objects.public()
        .select_related("meeting__board", "signed_by")
        .prefetch_related("corrections")
        .order_by("-meeting__starts_at", "-pk")
    )
    return paginated(request, queryset, serialize)
