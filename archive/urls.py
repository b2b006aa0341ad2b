"""The archive import's staff pages, and the public's copies of original files."""

from django.urls import path

from .views import review

app_name = "archive"

urlpatterns = [
    # Review screens (upload, progress, review, confirm)
    path("workspace/archive/", review.review_list, name="review_list"),
    path("workspace/archive/upload/", review.upload, name="upload"),
    path("workspace/archive/batches/<int:pk>/", review.batch_detail, name="batch"),
    path("workspace/archive/batches/<int:pk>/status/", review.batch_status, name="batch_status"),
    path("workspace/archive/documents/<int:pk>/", review.document_review, name="document"),
    path("workspace/archive/documents/<int:pk>/original/", review.original_file, name="original"),
    path("workspace/archive/documents/<int:pk>/read-again/", review.read_again, name="read_again"),
    # Starting a paper from a Word file
    # Original files of confirmed records
]
