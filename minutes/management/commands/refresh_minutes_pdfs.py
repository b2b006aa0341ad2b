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
        signed = Minutes.objects.filter(status__in=[Minutes.Status.SIGNED, Minutes.Status.PUBLISHED])
        before = dict(signed.values_list("pk", "pdf_sha256"))
        services.refresh_public_version(meeting_ids=list(signed.values_list("meeting_id", flat=True)))
        after = dict(signed.values_list("pk", "pdf_sha256"))
        changed = sum(1 for pk, digest in after.items() if before.get(pk) != digest)
        self.stdout.write(self.style.SUCCESS(f"{len(after)} minutes read; {changed} public PDF(s) rendered again."))
