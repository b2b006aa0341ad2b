from django.core.management.base import BaseCommand

from minutes import services
from minutes.models import Minutes


class Command(BaseCommand):
    help = (
        "Render the public PDF of every signed or published minutes again from its public version, keeping any "
        "that has not changed. Run once after upgrading: minutes signed before the public version carried the "
        "actions agreed and the interests declared under public items have a public PDF without them."
    )

    def handle(self, *args, **options):
        meetings = list(Minutes.objects.filter(status__in=Minutes.FROZEN).values_list("meeting_id", flat=True))
        changed = services.refresh_public_version(meeting_ids=meetings)
        self.stdout.write(self.style.SUCCESS(f"{len(meetings)} minutes read; {changed} public PDF(s) rendered again."))
