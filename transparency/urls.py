"""The Commissioner's decisions, the forward plan, the registers and the transparency page: public and workspace."""

from django.urls import path

from . import feeds
from .views import forward_plan, notices, public, registers, staff

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
    path("forward-plan/", forward_plan.forward_plan, name="forward_plan"),
    path("forward-plan/<int:pk>/", forward_plan.forward_plan_entry, name="forward_plan_entry"),
    path("forward-plan/feed/", forward_plan.ForwardPlanFeed(), name="forward_plan_feed"),
    path("forward-plan/csv/", forward_plan.forward_plan_csv, name="forward_plan_csv"),
    path("workspace/forward-plan/", forward_plan.staff_forward_plan, name="staff_forward_plan"),
    path("workspace/forward-plan/new/", forward_plan.staff_forward_plan_create, name="staff_forward_plan_create"),
    path("workspace/forward-plan/<int:pk>/", forward_plan.staff_forward_plan_entry, name="staff_forward_plan_entry"),
    path("workspace/forward-plan/<int:pk>/edit/", forward_plan.staff_forward_plan_edit, name="staff_forward_plan_edit"),
    path(
        "workspace/forward-plan/<int:pk>/publish/",
        forward_plan.staff_forward_plan_publish,
        name="staff_forward_plan_publish",
    ),
    path(
        "workspace/forward-plan/<int:pk>/withdraw/",
        forward_plan.staff_forward_plan_withdraw,
        name="staff_forward_plan_withdraw",
    ),
    # Registers of interests, gifts and hospitality
    path("registers/interests/", registers.interest_registers, name="interest_registers"),
    path("registers/interests/<int:pk>/", registers.interest_register, name="interest_register"),
    path("registers/interests.csv", registers.interest_registers_csv, name="interest_registers_csv"),
    path("registers/gifts/", registers.gifts, name="gifts"),
    path("registers/gifts.csv", registers.gifts_csv, name="gifts_csv"),
    path("workspace/registers/", registers.staff_registers, name="staff_registers"),
    path("workspace/registers/new/", registers.staff_register_create, name="staff_register_create"),
    path("workspace/registers/<int:pk>/", registers.staff_register, name="staff_register"),
    path("workspace/registers/<int:pk>/edit/", registers.staff_register_edit, name="staff_register_edit"),
    path("workspace/registers/<int:pk>/interests/new/", registers.staff_interest_create, name="staff_interest_create"),
    path("workspace/registers/interests/<int:pk>/edit/", registers.staff_interest_edit, name="staff_interest_edit"),
    path("workspace/registers/interests/<int:pk>/end/", registers.staff_interest_end, name="staff_interest_end"),
    path(
        "workspace/registers/interests/<int:pk>/confirm/",
        registers.staff_interest_confirm,
        name="staff_interest_confirm",
    ),
    path(
        "workspace/registers/interests/<int:pk>/history/",
        registers.staff_interest_history,
        name="staff_interest_history",
    ),
    path("workspace/gifts/", registers.staff_gifts, name="staff_gifts"),
    path("workspace/gifts/new/", registers.staff_gift_create, name="staff_gift_create"),
    path("workspace/gifts/<int:pk>/edit/", registers.staff_gift_edit, name="staff_gift_edit"),
    # The transparency page
    path("transparency/", public.transparency, name="transparency"),
]
