"""Build the portal's PDF of every imported record that has none yet (a render that failed, or never ran)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from archive.services.pdfs import render_pending


class Command(BaseCommand):
    help = "Render and store the PDF of every imported paper and minutes still without one."

    def handle(self, *args, **options):
        built, failures = render_pending()
        self.stdout.write(f"{built} PDF{'' if built == 1 else 's'} built.")
        if failures:
            raise CommandError(f"{len(failures)} could not be built (run again to retry):\n" + "\n".join(failures))
