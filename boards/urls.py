from django.urls import path

from .views import decisions, meetings, public, staff

app_name = "boards"

urlpatterns = [
    # Public
    path("papers/", public.paper_list, name="paper_list"),
    path("papers/<int:pk>/pdf/", public.paper_pdf, name="paper_pdf"),
    path("papers/<int:pk>/appendices/<int:appendix_pk>/", public.appendix_file, name="appendix"),
    path("papers/<int:pk>/figures/<int:figure_pk>/", public.figure_file, name="figure"),
    # After the two above, which its slug would otherwise swallow.
    path("papers/<int:pk>/", public.paper_short, name="paper_short"),
    path("papers/<int:pk>/<slug:slug>/", public.paper_detail, name="paper_detail"),
    path("meetings/", public.meeting_list, name="meeting_list"),
    path("meetings.ics", public.calendar_all, name="calendar_all"),
    path("decisions/", public.decision_list, name="decision_list"),
    path("boards/", public.board_list, name="board_list"),
    path("boards/<slug:slug>/", public.board_detail, name="board_detail"),
    path("boards/<slug:slug>/meetings.ics", public.calendar_board, name="calendar_board"),
    path("boards/<slug:board_slug>/<slug:meeting_slug>/", public.meeting_detail, name="meeting_detail"),
    path(
        "boards/<slug:board_slug>/<slug:meeting_slug>/packs/<int:build_pk>/",
        public.meeting_pack,
        name="meeting_pack",
    ),
    # Workspace: papers
    path("workspace/", staff.staff_home, name="staff_home"),
    path("workspace/papers/", staff.paper_list, name="staff_paper_list"),
    path("workspace/papers/new/", staff.paper_create, name="staff_paper_create"),
    path("workspace/papers/choices/", staff.paper_choice_list, name="staff_paper_choices"),
    path("workspace/papers/<int:pk>/", staff.paper_detail, name="staff_paper"),
    path("workspace/papers/<int:pk>/edit/", staff.paper_edit, name="staff_paper_edit"),
    path(
        "workspace/papers/<int:pk>/remove-numbers/",
        staff.paper_remove_numbers,
        name="staff_paper_remove_numbers",
    ),
    path("workspace/papers/<int:pk>/pdf/", staff.paper_pdf, name="staff_paper_pdf"),
    path("workspace/papers/<int:pk>/history/", staff.paper_history, name="staff_paper_history"),
    path(
        "workspace/papers/<int:pk>/appendices/<int:appendix_pk>/",
        staff.appendix_file,
        name="staff_appendix",
    ),
    path("workspace/papers/<int:pk>/figures/<int:figure_pk>/", staff.figure_file, name="staff_figure"),
    path("workspace/papers/<int:pk>/submit/", staff.paper_submit, name="staff_paper_submit"),
    path("workspace/papers/<int:pk>/return/", staff.paper_return, name="staff_paper_return"),
    path("workspace/papers/<int:pk>/clear/", staff.paper_clear, name="staff_paper_clear"),
    path("workspace/papers/<int:pk>/publish/", staff.paper_publish, name="staff_paper_publish"),
    path("workspace/papers/<int:pk>/withdraw/", staff.paper_withdraw, name="staff_paper_withdraw"),
    path("workspace/papers/<int:pk>/revise/", staff.paper_revise, name="staff_paper_revise"),
    path("workspace/papers/<int:pk>/comment/", staff.paper_comment, name="staff_paper_comment"),
    # Workspace: positions and decisions
    path("workspace/papers/<int:pk>/circulate/", decisions.paper_circulate, name="staff_paper_circulate"),
    path(
        "workspace/papers/<int:pk>/recommendations/<int:rec_pk>/position/",
        decisions.position_record,
        name="staff_position",
    ),
    path(
        "workspace/papers/<int:pk>/recommendations/<int:rec_pk>/decision/",
        decisions.decision_record,
        name="staff_decision",
    ),
    path(
        "workspace/papers/<int:pk>/recommendations/<int:rec_pk>/decision/confirm/",
        decisions.decision_confirm,
        name="staff_decision_confirm",
    ),
    # Workspace: meetings
    path("workspace/meetings/", meetings.meeting_list, name="staff_meeting_list"),
    path("workspace/meetings/new/", meetings.meeting_create, name="staff_meeting_create"),
    path("workspace/meetings/<int:pk>/", meetings.meeting_detail, name="staff_meeting"),
    path("workspace/meetings/<int:pk>/move/", meetings.meeting_move, name="staff_meeting_move"),
    path("workspace/meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="staff_meeting_cancel"),
    path("workspace/meetings/<int:pk>/held/", meetings.meeting_held, name="staff_meeting_held"),
    path("workspace/meetings/<int:pk>/chair/", meetings.meeting_chair, name="staff_meeting_chair"),
    path("workspace/meetings/<int:pk>/items/new/", meetings.item_add, name="staff_item_add"),
    path("workspace/meetings/<int:pk>/items/<int:item_pk>/", meetings.item_edit, name="staff_item_edit"),
    path("workspace/meetings/<int:pk>/items/<int:item_pk>/move/", meetings.item_move, name="staff_item_move"),
    path("workspace/meetings/<int:pk>/items/<int:item_pk>/remove/", meetings.item_remove, name="staff_item_remove"),
    path("workspace/meetings/<int:pk>/publish/", meetings.agenda_publish, name="staff_agenda_publish"),
    path("workspace/meetings/<int:pk>/supplement/", meetings.supplement_publish, name="staff_supplement_publish"),
    path("workspace/meetings/<int:pk>/builds/", meetings.build_status, name="staff_build_status"),
    path("workspace/meetings/<int:pk>/builds/<int:build_pk>/retry/", meetings.build_retry, name="staff_build_retry"),
    path("workspace/meetings/<int:pk>/packs/<int:build_pk>/", meetings.pack_file, name="staff_pack"),
]
