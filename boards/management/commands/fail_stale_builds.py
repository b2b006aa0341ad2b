"""Fail pack builds stuck past PACK_BUILD_TIMEOUT_SECONDS, for cron: a killed worker's build becomes retryable
even if nobody opens the meeting's page."""

from django.core.management.base import BaseCommand

from boards.services import fail_stale_builds


class Command(BaseCommand):
    help = "Fail pack builds queued or building for longer than PACK_BUILD_TIMEOUT_SECONDS, so they can be retried."

    def handle(self, *args, **options):
        failed = fail_stale_builds()
        self.stdout.write(f"{failed} stuck build(s) failed.")
