"""The demo data of every app; it lives in `archive`, the app above the others, so that it may call them all."""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from archive.demo import seed_archive
from boards.demo import DEMO_USERS, seed
from minutes.demo import seed_minutes
from plans.demo import seed_delivery
from transparency.demo import TRANSPARENCY_USERS, seed_transparency


class Command(BaseCommand):
    help = "Load the fictional Northshire demo data (safe to run again)."

    def handle(self, *args, **options):
        # The demo's own steps would e-mail the fictional members; keep those in memory.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            logins = seed()
            seed_delivery()
            seed_minutes()
            logins |= seed_transparency()
            seed_archive()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo logins (password for each):"))
        for username, password in logins.items():
            users = DEMO_USERS | TRANSPARENCY_USERS
            role = users[username][4].label if username in users else "Django admin"
            self.stdout.write(f"  {username:<10} {password}   ({role})")
