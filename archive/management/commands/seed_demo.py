"""The demo data of every app; it lives in `archive`, the app above the others, so that it may call them all."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from archive.demo import seed_archive
from boards.demo import seed
from minutes.demo import seed_minutes
from plans.demo import seed_delivery
from transparency.demo import seed_transparency


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
        User = get_user_model()
        roles = {user.username: user for user in User.objects.filter(username__in=logins).prefetch_related("groups")}
        for username, password in logins.items():
            user = roles[username]
            role = "Django admin" if user.is_superuser else ", ".join(group.name for group in user.groups.all())
            self.stdout.write(f"  {username:<10} {password}   ({role})")
