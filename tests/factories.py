from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from boards.models import (
    AgendaItem,
    Board,
    Meeting,
    Membership,
    Paper,
    Person,
    Recommendation,
    Section,
    SourceDocument,
)
from plans.models import Plan, PriorityAction, Theme


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("pass-word-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            # get_or_create: transactional tests flush the groups the migration made.
            self.groups.add(Group.objects.get_or_create(name=role.label)[0])


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Police and Crime Plan {n}")
    period_start = date(2024, 4, 1)
    period_end = date(2028, 3, 31)
    status = Plan.Status.IN_FORCE


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    plan = factory.SubFactory(PlanFactory)
    name = factory.Iterator(["Victims", "Offenders", "Communities", "Transformation"])
    position = factory.Sequence(int)


class PriorityActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityAction

    theme = factory.SubFactory(ThemeFactory)
    plan = factory.SelfAttribute("theme.plan")
    code = factory.Sequence(lambda n: f"V{n + 1}")
    text = "Support victims to cope and recover"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    # Random names share initials ("TH"); a number keeps each person's initials their own.
    initials = factory.LazyAttributeSequence(
        lambda o, n: "".join(part[0] for part in o.name.split()[:2]) + str(n % 1000)
    )
    post_title = "Head of Policy"
    organisation = "Office of the Police and Crime Commissioner"


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Business Coordination Board {n}")
    short_name = factory.Sequence(lambda n: f"BCB{n}")
    slug = factory.Sequence(lambda n: f"bcb-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    board = factory.SubFactory(BoardFactory)
    role = Membership.Role.MEMBER
    starts_on = date(2020, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    starts_at = factory.Sequence(lambda n: timezone.now() + timedelta(days=30 + n))
    location = "Meeting Room 1"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 4)
    title = "Provisional Outturn"


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper
        skip_postgeneration_save = True

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Provisional Outturn {n}")
    from_post = "Chief Executive"
    date = date(2025, 3, 11)
    purpose = "The purpose of this report is to update the Board on the outturn."
    contact_officer = factory.SubFactory(PersonFactory)
    source = factory.RelatedFactory(
        "tests.factories.SourceDocumentFactory", factory_related_name="paper", title="Police and Crime Plan 2024-28"
    )


class SourceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceDocument

    paper = factory.SubFactory(PaperFactory, source=None)
    position = factory.Sequence(int)
    title = "Police and Crime Plan 2024-28"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    paper = factory.SubFactory(PaperFactory)
    position = factory.Sequence(int)
    verb = "note"
    text = "the report"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    paper = factory.SubFactory(PaperFactory)
    position = factory.Sequence(int)
    heading = "Background"
    body = "The revenue budget was underspent by £0.412m."
