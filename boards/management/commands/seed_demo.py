from django.core.management.base import BaseCommand

from boards.demo import DEMO_USERS, seed


class Command(BaseCommand):
    help = "Load the fictional Northshire demo data (safe to run again)."

    def handle(self, *args, **options):
        logins = seed()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo logins (password for each):"))
        for username, password in logins.items():
            role = DEMO_USERS[username][4].label if username in DEMO_USERS else "Django admin"
            self.stdout.write(f"  {username:<10} {password}   ({role})")
