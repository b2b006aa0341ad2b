from django.urls import path

from . import views

app_name = "minutes"

urlpatterns = [
    path("workspace/minutes/", views.minutes_list, name="staff_minutes_list"),
    path("workspace/meetings/<int:meeting_pk>/minutes/start/", views.minutes_start, name="staff_minutes_start"),
    path("workspace/minutes/<int:pk>/", views.minutes_detail, name="staff_minutes"),
    path("workspace/minutes/<int:pk>/edit/", views.minutes_edit, name="staff_minutes_edit"),
    path("workspace/minutes/<int:pk>/pdf/", views.minutes_pdf, name="staff_minutes_pdf"),
    path("workspace/minutes/<int:pk>/initials/", views.minutes_longer_initials, name="staff_minutes_longer_initials"),
    path("workspace/minutes/<int:pk>/submit/", views.minutes_submit, name="staff_minutes_submit"),
    path("workspace/minutes/<int:pk>/clear/", views.minutes_clear, name="staff_minutes_clear"),
    path("workspace/minutes/<int:pk>/return/", views.minutes_return, name="staff_minutes_return"),
    path("workspace/minutes/<int:pk>/circulate/", views.minutes_circulate, name="staff_minutes_circulate"),
    path("workspace/minutes/<int:pk>/approve/", views.minutes_approve, name="staff_minutes_approve"),
    path("workspace/minutes/<int:pk>/sign/", views.minutes_sign, name="staff_minutes_sign"),
    path("workspace/minutes/<int:pk>/publish/", views.minutes_publish, name="staff_minutes_publish"),
    path("workspace/minutes/<int:pk>/correct/", views.minutes_correct, name="staff_minutes_correct"),
    path("workspace/actions/", views.action_list, name="staff_actions"),
    path("workspace/actions/<int:pk>/", views.action_update, name="staff_action_update"),
    # Public: before boards' "boards/<slug>/<meeting_slug>/", which would take "minutes" for a meeting.
    path("boards/<slug:slug>/minutes/", views.board_minutes, name="board_minutes"),
    path("boards/<slug:board_slug>/<slug:meeting_slug>/minutes/", views.public_minutes, name="public_minutes"),
    path(
        "boards/<slug:board_slug>/<slug:meeting_slug>/minutes/pdf/",
        views.public_minutes_pdf,
        name="public_minutes_pdf",
    ),
]
