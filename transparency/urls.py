"""The Commissioner's decisions, the forward plan, the registers and the transparency page: public and workspace."""

from django.urls import path

from .views import forward_plan, staff

app_name = "transparency"

urlpatterns = [
    path("workspace/transparency/", staff.staff_home, name="staff_home"),
    # Decision notices: workspace
    # Decision notices: public
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
    # The transparency page
]
