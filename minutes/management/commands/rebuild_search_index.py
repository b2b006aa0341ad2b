from django.core.management.base import BaseCommand
from django.db import transaction

from boards import search as board_search
from minutes import search as minutes_search
from pcp_portal import search
from plans import search as plan_search
from transparency import search as transparency_search


class Command(BaseCommand):
    help = "Rebuild the full-text search index from everything published."

    @transaction.atomic
    def handle(self, *args, **options):
        search.clear()
        count = 0
        sources = (
            board_search.documents,
            minutes_search.documents,
            plan_search.documents,
            transparency_search.documents,
        )
        for source in sources:
            for document in source():
                search.index(document)
                count += 1
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} published documents."))
