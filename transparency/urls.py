"""The Commissioner's decisions, the forward plan, the registers and the transparency page: public and workspace."""

from django.urls import path

from .views import notices, staff

app_name = "transparency"

urlpatterns = [
    path("workspace/transparency/", staff.staff_home, name="staff_home"),
    # Decision notices: workspace
    path("workspace/decisions/", notices.staff_notice_list, name="staff_notice_list"),
    path("workspace/decisions/new/", notices.notice_create, name="notice_create"),
    path("workspace/decisions/<int:pk>/", notices.staff_notice, name="staff_notice"),
    path("workspace/decisions/<int:pk>/edit/", notices.notice_edit, name="notice_edit"),
    path("workspace/decisions/<int:pk>/steps/<slug:step>/", notices.notice_step, name="notice_step"),
    path("workspace/decisions/<int:pk>/pdf/", notices.staff_notice_pdf, name="staff_notice_pdf"),
    path("workspace/decisions/<int:pk>/history/", notices.notice_history, name="notice_history"),
    path("workspace/decisions/<int:pk>/documents/", notices.notice_document_upload, name="notice_document_upload"),
    path(
        "workspace/decisions/<int:pk>/documents/<int:document_pk>/",
        notices.staff_notice_document,
        name="staff_notice_document",
    ),
    path(
        "workspace/decisions/<int:pk>/documents/<int:document_pk>/remove/",
        notices.notice_document_remove,
        name="notice_document_remove",
    ),
    # Decision notices: public
    # The forward plan
    # Registers of interests, gifts and hospitality
    # The transparency page
]
