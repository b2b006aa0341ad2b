"""The register reminders, through Django's tasks API: sent by a worker (or at once in development), never in a
request. `manage.py send_register_reminders` queues this task once a day."""

from django_tasks import task


@task()
def send_register_reminders() -> int:
    """Remind holders of entries not reviewed for more than twelve months; the number of e-mails sent."""
    from .services.registers import send_due_reminders

    return send_due_reminders()
