"""The demo's decision notices, made through the services so each signed one has its real PDF.

Published notices (one following the board's decision on the Victims paper,
one with a confidential part, one signed by the deputy), one held back for
three weeks, one draft awaiting advice and one advised awaiting the
Commissioner's signature. Running it again adds nothing: a notice is found
by its title.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from boards.models import Decision, Paper, Person
from plans.models import Plan

from ..models import DecisionMakerCapacity, DecisionNotice
from ..services import notices as services

S = DecisionNotice.Status

VICTIMS_PAPER = "Police and Crime Plan – Victims Theme: Delivery Update"


def seed(people: dict[str, Person]) -> None:
    """people: "commissioner", "deputy", "cfo", "monitoring"; find the boards demo's people by name."""
    User = get_user_model()
    author, secretary = User.objects.get(username="author"), User.objects.get(username="secretary")
    finance, legal = people["cfo"].user, people["monitoring"].user
    commissioner, deputy = people["commissioner"], people["deputy"]
    advice = {"financial_adviser": people["cfo"], "legal_adviser": people["monitoring"]}
    plan = Plan.objects.in_force().first()

    def notice(title: str, to: str, *, hold_days: int | None = None, hold_reason: str = "", **fields):
        existing = DecisionNotice.objects.filter(title=title).first()
        if existing is not None:
            return existing
        links = {name: fields.pop(name) for name in ("themes", "priority_actions") if name in fields}
        made = services.create_notice(user=author, title=title, **advice, **fields)
        for name, values in links.items():
            getattr(made, name).set(values)
        if to == S.DRAFT:
            return made
        services.sign_off_finance(notice=made, user=finance, comment="Affordable within the approved budget.")
        services.sign_off_legal(notice=made, user=legal)
        if to == S.ADVISED:
            return made
        services.sign_notice(notice=made, user=made.decision_maker.user)
        if to == S.HELD:
            day = timezone.localdate() + timedelta(days=hold_days or 21)
            until = timezone.make_aware(datetime.combine(day, time(10, 0)))
            return services.publish_notice(notice=made, user=secretary, hold_until=until, hold_reason=hold_reason)
        return services.publish_notice(notice=made, user=secretary)

    victims_paper = Paper.objects.filter(title=VICTIMS_PAPER, status=Paper.Status.PUBLISHED).first()
    approval = (
        Decision.objects.filter(recommendation__paper=victims_paper, outcome=Decision.Outcome.APPROVED).first()
        if victims_paper
        else None
    )
    notice(
        "Integrated Victim and Witness Service: Commissioning",
        S.PUBLISHED,
        decision_maker=commissioner,
        decision="To commission an integrated victim and witness service covering the whole criminal justice "
        "pathway, from 1 April, for three years with an option to extend for two.",
        background="The Business Coordination Board approved the revised wording of priority action V1 of the "
        "Police and Crime Plan.\n\nThe current victims' service and the witness care team are commissioned "
        "separately; victims told the office they repeat their story to each.",
        options="Three options were considered:\n- extend both current contracts for one year;\n"
        "- commission one integrated service (preferred);\n- bring the service in-house.",
        consultation="Victims' Hub service users, the Constabulary's witness care team and the Crown Prosecution "
        "Service were consulted between June and August.",
        financial_implications="The service costs £1.45m a year, within the victims' grant and the Commissioner's "
        "commissioning budget.",
        legal_implications="The procurement follows the Public Contracts Regulations; the Commissioner has the power "
        "to commission victims' services under section 143 of the Anti-social Behaviour, Crime and Policing Act "
        "2014.",
        equality_implications="An equality impact assessment found the integrated service improves access for "
        "disabled victims and for victims who need an interpreter.",
        paper=victims_paper,
        board_decision=approval,
        themes=list(plan.themes.filter(name="Victims")) if plan else [],
        priority_actions=list(plan.priority_actions.filter(code="V1")) if plan else [],
    )
    notice(
        "Disposal of the Former Northshire Headquarters Site",
        S.PUBLISHED,
        decision_maker=commissioner,
        decision="To sell the former headquarters site at Castle Road to the preferred bidder.",
        background="The site has been empty since the Constabulary moved to the new headquarters. The estates "
        "strategy identified it as surplus.",
        financial_implications="The receipt will be used to fund the capital programme.",
        legal_implications="The sale is at best consideration, as the Commissioner's financial regulations require.",
        confidential_text="Preferred bidder: Harrowgate Homes Ltd, at £3.85m, against a valuation of £3.6m. "
        "The second bid was £3.2m.",
        confidential_reason="The bids are commercially sensitive until contracts are exchanged (exempt under "
        "the Freedom of Information Act 2000, section 43).",
    )
    notice(
        "Youth Diversion Scheme Grant 2026/27",
        S.PUBLISHED,
        decision_maker=deputy,
        capacity=DecisionMakerCapacity.DEPUTY,
        decision="To award a grant of £85,000 to the Northshire Youth Diversion Scheme for 2026/27.",
        background="The scheme diverts young adults from the criminal justice system; reoffending among those who "
        "complete it has fallen.",
        financial_implications="The grant is met from the community safety fund.",
        themes=list(plan.themes.filter(name="Offenders")) if plan else [],
    )
    notice(
        "Custody Health Contract Award",
        S.HELD,
        hold_days=21,
        hold_reason="The standstill period under the procurement regulations must end before the award is announced.",
        decision_maker=commissioner,
        decision="To award the custody healthcare contract to the preferred bidder for four years.",
        financial_implications="The contract costs £0.9m a year, within the budget for custody.",
        legal_implications="The award follows an open procurement.",
    )
    notice(
        "Body-Worn Video Replacement Programme",
        S.DRAFT,
        decision_maker=commissioner,
        decision="To approve capital funding of £1.1m to replace the Constabulary's body-worn video cameras.",
        background="The current cameras reach the end of their supported life next year.",
        financial_implications="Funded from the capital programme.",
    )
    notice(
        "Commissioning Intentions for Victim Services 2026/27",
        S.ADVISED,
        decision_maker=commissioner,
        decision="To adopt the commissioning intentions for victim services for 2026/27.",
        background="The intentions set out which services the office will commission next year.",
        financial_implications="Within the victims' grant settlement.",
        legal_implications="No legal issues arise.",
    )
