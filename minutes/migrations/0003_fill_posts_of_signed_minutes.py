"""Signed minutes keep their attendees' posts and key to initials, as best known when this field arrived."""

from django.db import migrations


def _post(person):
    return ", ".join(part for part in (person.post_title, person.organisation) if part)


def fill(apps, schema_editor):
    Minutes = apps.get_model("minutes", "Minutes")
    Attendance = apps.get_model("minutes", "Attendance")
    for minutes in Minutes.objects.filter(status__in=["signed", "published"]).iterator():
        people = {}
        for attendance in Attendance.objects.filter(minutes=minutes).select_related("person"):
            Attendance.objects.filter(pk=attendance.pk).update(post=_post(attendance.person))
            if attendance.state in ("member", "in_attendance"):
                people[attendance.person_id] = attendance.person
        for declaration in minutes.declarations.select_related("person"):
            people[declaration.person_id] = declaration.person
        for action in minutes.actions.select_related("owner"):
            people[action.owner_id] = action.owner
        for item in minutes.items.filter(introduced_by__isnull=False).select_related("introduced_by"):
            people[item.introduced_by_id] = item.introduced_by
        key = sorted(
            [p.initials, ", ".join(part for part in (p.name, p.post_title) if part)] for p in people.values()
        )
        Minutes.objects.filter(pk=minutes.pk).update(initials_key=key)


class Migration(migrations.Migration):
    dependencies = [("minutes", "0002_attendance_post_and_initials_key")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
