"""The shape of a recorded step in a document's life: who moved it, from what to what, when and why.

Papers and minutes each keep their own table of steps (`PaperEvent`,
`MinutesEvent`) with this one set of fields.
"""

from django.conf import settings
from django.db import models


class Step(models.Model):
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        label = self.get_action_display() if self._meta.get_field("action").choices else self.action
        return f"{label} by {self.actor} at {self.at:%Y-%m-%d %H:%M}"
