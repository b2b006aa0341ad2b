"""Publish the decision notices held back until a date that has come: run from cron, safe to run again."""

from django.core.management.base import BaseCommand

from transparency.services.notices import publish_due_notices


class Command(BaseCommand):
    help = "Publish every decision notice held back from publication whose date has come."

    def handle(self, *args, **options):
        published = publish_due_notices()
        for notice in published:
            self.stdout.write(f"Published {notice.reference} {notice.title}")
        self.stdout.write(f"{len(published)} held notice(s) published.")
