"""The demo's Commissioner's decisions, forward plan and registers, for the fictional Northshire office."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from boards.demo import DEMO_PASSWORD
from boards.models import Person
from pcp_portal.roles import Role

from . import forward_plan, notices, registers

#: The logins this app adds: username -> (name, initials, post, organisation, role).
TRANSPARENCY_USERS = {
    "deputy": (
        "Nadia Farrow",
        "NF",
        "Deputy Police and Crime Commissioner",
        "Office of the Police and Crime Commissioner",
        Role.COMMISSIONER,
    ),
    "cfo": (
        "Ravi Chandra",
        "RC",
        "Chief Finance Officer",
        "Office of the Police and Crime Commissioner",
        Role.FINANCE,
    ),
    "monitoring": (
        "Helen Ashdown",
        "HA",
        "Monitoring Officer",
        "Office of the Police and Crime Commissioner",
        Role.LEGAL,
    ),
}


def _logins() -> dict[str, Person]:
    """The deputy, the chief finance officer and the monitoring officer; the Commissioner (the demo's chair) may
    sign decisions too."""
    User = get_user_model()
    people = {}
    for username, (name, initials, post, organisation, role) in TRANSPARENCY_USERS.items():
        first, last = name.split(" ", 1)
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=role.label))
        person = Person.objects.filter(user=user).first() or Person.objects.filter(name=name).order_by("pk").first()
        if person is None:
            person = Person.objects.create(name=name, initials=initials, post_title=post, organisation=organisation)
        if person.user_id is None:
            person.user = user
            person.save(update_fields=["user"])
        people[username] = person
    chair = User.objects.get(username="chair")
    chair.groups.add(Group.objects.get(name=Role.COMMISSIONER.label))
    people["commissioner"] = chair.person
    return people


def seed_transparency() -> dict[str, str]:
    """Load the demo's decisions, forward plan and registers (safe to run again); the logins it added."""
    people = _logins()
    notices.seed(people)
    forward_plan.seed(people)
    registers.seed(people)
    return {username: DEMO_PASSWORD for username in TRANSPARENCY_USERS}
