"""Existing meetings take the chair current on their day; published papers keep their contact officer as known now."""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone


def fill(apps, schema_editor):
    Meeting = apps.get_model("boards", "Meeting")
    Membership = apps.get_model("boards", "Membership")
    Paper = apps.get_model("boards", "Paper")
    for meeting in Meeting.objects.filter(chaired_by__isnull=True).iterator():
        day = timezone.localtime(meeting.starts_at).date()
        chair = (
            Membership.objects.filter(board_id=meeting.board_id, role="chair", starts_on__lte=day)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
            .order_by("-starts_on", "-pk")
            .first()
        )
        if chair is not None:
            Meeting.objects.filter(pk=meeting.pk).update(chaired_by_id=chair.person_id)
    published = Paper.objects.filter(published_at__isnull=False, contact_officer__isnull=False)
    for paper in published.select_related("contact_officer").iterator():
        person = paper.contact_officer
        text = ", ".join(part for part in (person.name, person.post_title, person.organisation) if part)
        Paper.objects.filter(pk=paper.pk).update(contact_officer_as_published=text)


class Migration(migrations.Migration):
    dependencies = [("boards", "0005_meeting_chaired_by_and_contact_as_published")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
