from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("plan/", views.dashboard, name="dashboard"),
    path("plan/reports/<slug:slug>/", views.report, name="report"),
    path("plan/reports/<slug:slug>/pdf/", views.report_pdf, name="report_pdf"),
    path("plan/reports/<slug:slug>/csv/", views.report_csv, name="report_csv"),
    path("plan/actions/<str:code>/", views.action_detail, name="action"),
    path("plan/themes/<int:pk>/", views.theme_detail, name="theme"),
    path("workspace/plan/", views.workspace, name="workspace"),
    path("workspace/plan/periods/create/", views.create_quarters, name="create_quarters"),
    path("workspace/plan/periods/<int:pk>/", views.grid, name="grid"),
    path("workspace/plan/periods/<int:pk>/import/", views.import_csv, name="import"),
    path("workspace/plan/periods/<int:pk>/report/", views.staff_report, name="staff_report"),
    path("workspace/plan/periods/<int:pk>/report/pdf/", views.staff_report_pdf, name="staff_report_pdf"),
    path("workspace/plan/periods/<int:pk>/publish/", views.publish, name="publish"),
    path("workspace/plan/variations/new/", views.variation_create, name="variation_create"),
]
