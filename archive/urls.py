"""The archive import's staff pages, and the public's copies of original files."""

from django.urls import path

from .views import originals

app_name = "archive"

urlpatterns = [
    # Original files of confirmed records: the public's, while the record is public; staff's.
    path("archive/papers/<int:pk>/original/", originals.paper_original, name="paper_original"),
    path("archive/minutes/<int:pk>/original/", originals.minutes_original, name="minutes_original"),
    path("workspace/archive/documents/<int:pk>/original/", originals.staff_original, name="staff_original"),
]
