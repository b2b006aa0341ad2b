from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Police and Crime Plan"

    def ready(self):
        from pcp_portal import public_changes

        from . import models

        # What of the plan the public sees, for the page cache (assessments answer by their own `public()`).
        public_changes.reference(
            models.Plan, models.Variation, models.VariationChange, models.Theme, models.Objective, models.PriorityAction
        )
        public_changes.public_rows(models.ReportingPeriod, lambda: models.ReportingPeriod.objects.published())
