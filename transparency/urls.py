"""The Commissioner's decisions, the forward plan, the registers and the transparency page: public and workspace."""

from django.urls import path

from . import feeds
from .views import public, staff

app_name = "transparency"

urlpatterns = [
    path("workspace/transparency/", staff.staff_home, name="staff_home"),
    # Decision notices: workspace
    # Decision notices: public
    path("decisions/commissioner/", public.notice_list, name="notice_list"),
    path("decisions/commissioner/feed/", feeds.NoticeFeed(), name="notice_feed"),
    path("decisions/commissioner/<str:reference>/", public.notice_detail, name="notice"),
    path("decisions/commissioner/<str:reference>/pdf/", public.notice_pdf, name="notice_pdf"),
    path(
        "decisions/commissioner/<str:reference>/documents/<int:document_pk>/",
        public.notice_document,
        name="notice_document",
    ),
    # The forward plan
    # Registers of interests, gifts and hospitality
    # The transparency page
    path("transparency/", public.transparency, name="transparency"),
]
