from django.urls import path

from .views import public, staff

app_name = "boards"

urlpatterns = [
    # Public
    path("papers/", public.paper_list, name="paper_list"),
    path("papers/<int:pk>/pdf/", public.paper_pdf, name="paper_pdf"),
    path("papers/<int:pk>/appendices/<int:appendix_pk>/", public.appendix_file, name="appendix"),
    # After the two above, which its slug would otherwise swallow.
    path("papers/<int:pk>/<slug:slug>/", public.paper_detail, name="paper_detail"),
    path("boards/", public.board_list, name="board_list"),
    path("boards/<slug:slug>/", public.board_detail, name="board_detail"),
    # Workspace
    path("workspace/", staff.staff_home, name="staff_home"),
    path("workspace/papers/", staff.paper_list, name="staff_paper_list"),
    path("workspace/papers/new/", staff.paper_create, name="staff_paper_create"),
    path("workspace/papers/<int:pk>/", staff.paper_detail, name="staff_paper"),
    path("workspace/papers/<int:pk>/edit/", staff.paper_edit, name="staff_paper_edit"),
    path("workspace/papers/<int:pk>/pdf/", staff.paper_pdf, name="staff_paper_pdf"),
    path("workspace/papers/<int:pk>/history/", staff.paper_history, name="staff_paper_history"),
    path(
        "workspace/papers/<int:pk>/appendices/<int:appendix_pk>/",
        staff.appendix_file,
        name="staff_appendix",
    ),
    path("workspace/papers/<int:pk>/submit/", staff.paper_submit, name="staff_paper_submit"),
    path("workspace/papers/<int:pk>/return/", staff.paper_return, name="staff_paper_return"),
    path("workspace/papers/<int:pk>/clear/", staff.paper_clear, name="staff_paper_clear"),
    path("workspace/papers/<int:pk>/publish/", staff.paper_publish, name="staff_paper_publish"),
    path("workspace/papers/<int:pk>/withdraw/", staff.paper_withdraw, name="staff_paper_withdraw"),
    path("workspace/papers/<int:pk>/revise/", staff.paper_revise, name="staff_paper_revise"),
    path("workspace/papers/<int:pk>/comment/", staff.paper_comment, name="staff_paper_comment"),
]
