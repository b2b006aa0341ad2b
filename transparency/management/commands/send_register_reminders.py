"""Queue the day's register reminders, for cron (daily). Running it twice sends nothing twice: an entry is
reminded once until it is reviewed and goes stale again."""

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from transparency.tasks_registers import send_register_reminders


class Command(BaseCommand):
    help = "Queue the reminders to holders whose register entries have not been reviewed for over twelve months."

    def handle(self, *args, **options):
        result = send_register_reminders.enqueue()
        if result.is_finished and result.status != TaskResultStatus.SUCCESSFUL:
            raise CommandError(f"The reminders could not be sent: {'; '.join(map(str, result.errors))}")
        if result.is_finished:
            self.stdout.write(f"{result.return_value} reminder(s) sent.")
        else:
            self.stdout.write(f"Reminders queued as task {result.id}.")
