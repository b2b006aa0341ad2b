from django.urls import path

from . import views, views_room

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
    path("workspace/meetings/<int:meeting_pk>/room/", views_room.meeting_screen, name="meeting_screen"),
    path("workspace/meetings/<int:meeting_pk>/room/open/", views_room.register_open, name="meeting_screen_open"),
    path(
        "workspace/meetings/<int:meeting_pk>/room/attendance/<int:person_pk>/",
        views_room.attendance_record,
        name="meeting_screen_attendance",
    ),
    path("workspace/meetings/<int:meeting_pk>/room/guests/", views_room.guest_add, name="meeting_screen_guest"),
    path(
        "workspace/meetings/<int:meeting_pk>/room/recommendations/<int:rec_pk>/decision/",
        views_room.decision_record,
        name="meeting_screen_decision",
    ),
    path(
        "workspace/meetings/<int:meeting_pk>/room/items/<int:item_pk>/actions/",
        views_room.action_agree,
        name="meeting_screen_action",
    ),
    path("workspace/meetings/<int:meeting_pk>/room/draft/", views_room.minutes_draft, name="meeting_screen_draft"),
    path("workspace/boards/<slug:slug>/attendance/", views_room.board_attendance, name="staff_board_attendance"),
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
