"""The archive import's staff pages, and the public's copies of original files."""

from django.urls import path

from .views import drafts, originals, review

app_name = "archive"

urlpatterns = [
    # Review screens (upload, progress, review, confirm)
    path("workspace/archive/", review.review_list, name="review_list"),
    path("workspace/archive/upload/", review.upload, name="upload"),
    path("workspace/archive/batches/<int:pk>/", review.batch_detail, name="batch"),
    path("workspace/archive/batches/<int:pk>/status/", review.batch_status, name="batch_status"),
    path("workspace/archive/documents/<int:pk>/", review.document_review, name="document"),
    path("workspace/archive/documents/<int:pk>/read-again/", review.read_again, name="read_again"),
    # Original files of confirmed records: the public's, while the record is public; staff's.
    path("archive/papers/<int:pk>/original/", originals.paper_original, name="paper_original"),
    path("archive/minutes/<int:pk>/original/", originals.minutes_original, name="minutes_original"),
    path("workspace/archive/documents/<int:pk>/original/", originals.staff_original, name="staff_original"),
    # Starting a paper from a Word file.
    path("workspace/papers/new/from-word/", drafts.paper_from_word, name="paper_from_word"),
    path("workspace/papers/<int:pk>/from-word/dismiss/", drafts.dismiss, name="dismiss_unplaced"),
]
