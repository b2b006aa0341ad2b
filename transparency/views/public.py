"""What the public reads of the Commissioner's decisions, and the transparency page.

Every notice here comes from `publicity.public_notices()`, that is from
`DecisionNotice.objects.public()`; a notice's confidential part is never
read, only whether it exists and why it is withheld.
"""

from __future__ import annotations

from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from simple_history.utils import get_history_model_for_model

from boards.models import Decision, Meeting, Paper
from pcp_portal.access import pdf_response
from pcp_portal.paging import paginate
from pcp_portal.panels import render_panels
from plans.models import Theme

from ..models import DecisionNotice, ForwardPlanEntry, Gift, Interest, InterestRegister, TransparencyLink
from ..notice_document import notice_context
from ..publicity import parse_reference, public_notices, register, register_filters

#: Register pages are this long.
PER_PAGE = 20


def _public_notice(reference: str, queryset=None) -> DecisionNotice:
    parsed = parse_reference(reference)
    if parsed is None:
        raise Http404("No such decision.")
    year, number = parsed
    return get_object_or_404(
        queryset if queryset is not None else public_notices(), reference_year=year, reference_number=number
    )


def notice_list(request):
    """The register of the Commissioner's decisions: by year of the series and plan theme, searchable, paged."""
    filters = register_filters(request.GET)
    public = DecisionNotice.objects.public()
    themes = Theme.objects.filter(decision_notices__in=public).distinct().select_related("plan")
    theme = next((t for t in themes if t.pk == filters["theme_id"]), None)
    if filters["theme_id"] and theme is None:
        filters["theme_id"] = -1  # a theme no public notice concerns: nothing to list
    page, query = paginate(request, register(**filters), PER_PAGE)
    years = public.order_by("-reference_year").values_list("reference_year", flat=True).distinct()
    return render(
        request,
        "transparency/public_notice_list.html",
        {
            "page": page,
            "query": query,
            "year": filters["year"],
            "years": list(years),
            "theme": theme,
            "themes": themes,
            "plans_differ": len({t.plan_id for t in themes}) > 1,
            "q": filters["text"],
            "filtered": any(filters.values()),
        },
    )


def notice_detail(request, reference: str):
    notice = _public_notice(reference)
    if reference != notice.slug:
        return redirect(notice, permanent=True)
    # The board paper and decision the notice follows, read only when the page shows them: joined to the
    # notice's own query, their dozen tables cost its planning more than these two small queries.
    if notice.paper_is_public:
        notice.paper = Paper.objects.select_related("board").get(pk=notice.paper_id)
    if notice.board_decision_is_public:
        notice.board_decision = Decision.objects.select_related(
            "recommendation__paper__board", "meeting__board", "written_procedure"
        ).get(pk=notice.board_decision_id)
    # The notice's text exactly as its PDF prints it (the same template and context), then its publication.
    return render(request, "transparency/public_notice.html", notice_context(notice))


def notice_pdf(request, reference: str):
    notice = _public_notice(reference, DecisionNotice.objects.public())
    return pdf_response(
        notice.pdf, f"decision-{notice.slug}.pdf", request=request, sha256=notice.pdf_sha256, public=True
    )


def notice_document(request, reference: str, document_pk: int):
    """A supporting document of a public notice, unless it belongs to the confidential part."""
    notice = _public_notice(reference, DecisionNotice.objects.public())
    document = get_object_or_404(notice.documents.filter(confidential=False), pk=document_pk)
    return pdf_response(
        document.file,
        f"decision-{notice.slug}-document-{document.position + 1}.pdf",
        request=request,
        sha256=document.sha256,
        public=True,
    )


# The transparency page


def _latest(*dates):
    present = [d for d in dates if d is not None]
    return max(present) if present else None


def _newest(queryset, field: str):
    """The latest `field` of the rows: the first row newest first, which PostgreSQL finds by walking the field's
    index, where `Max()` over a public queryset reads every public row (11 ms for the board decisions)."""
    rows = queryset.filter(**{f"{field}__isnull": False}).order_by(f"-{field}")
    return rows.values_list(field, flat=True).first()


def _history_latest(model, **filters):
    return get_history_model_for_model(model).objects.filter(**filters).aggregate(at=Max("history_date"))["at"]


def transparency(request):
    """The paragraphs of the Specified Information Order the portal serves, each dated by its public records."""
    public_papers = Paper.objects.public()
    public_registers = InterestRegister.objects.public()
    context = {
        "meetings_updated": Meeting.objects.aggregate(at=Max("updated_at"))["at"],
        "agendas_updated": _latest(
            Meeting.objects.with_public_agenda().aggregate(at=Max("agenda_published_at"))["at"],
            _newest(public_papers, "published_at"),
        ),
        # The minutes belong to `minutes`, above this app: it answers through the "transparency_minutes" slot.
        "minutes_updated": _latest(*render_panels("transparency_minutes", request)),
        "board_decisions_updated": _newest(Decision.objects.public(), "confirmed_at"),
        "notices_updated": _newest(DecisionNotice.objects.public(), "published_at"),
        "forward_plan_updated": _newest(ForwardPlanEntry.objects.public(), "published_at"),
        # A register changes when an entry is added, changed or removed: its history says when.
        "interests_updated": _latest(
            _history_latest(Interest, register__in=public_registers),
            _history_latest(InterestRegister, id__in=public_registers, history_type="+"),
        ),
        "gifts_updated": _history_latest(Gift, id__in=Gift.objects.public()),
        "links": TransparencyLink.objects.all(),
    }
    return render(request, "transparency/transparency.html", context)
