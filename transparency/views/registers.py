"""The registers of interests and of gifts and hospitality: public pages, CSVs and the workspace.

What the public reads comes from `InterestRegister.objects.public()`,
`Interest.objects.public()` and `Gift.objects.public()`; what a signed-in
user may open or change is asked of `permissions`. Views save through the
services, which check the right again and record who changed what.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pcp_portal.access import signed_in_with
from pcp_portal.api import csv_response
from pcp_portal.paging import paginate
from pcp_portal.versions import EditConflict, last_saved

from .. import permissions
from ..forms_registers import EndInterestForm, GiftFilterForm, GiftForm, InterestForm, RegisterForm
from ..models import Gift, Interest, InterestRegister
from ..services import gifts as gift_services
from ..services import registers as services

GIFTS_PER_PAGE = 25

registers_staff = signed_in_with(
    permissions.can_use_registers, "Registers of interests are kept by the board secretary and their holders."
)
gifts_staff = signed_in_with(permissions.can_use_gifts, "The gifts and hospitality register is kept by the office.")


# Public


def _public_registers():
    return (
        InterestRegister.objects.public()
        .select_related("person")
        .annotate(last_updated=Max("interests__updated_at"))
        .order_by("person__name")
    )


def interest_registers(request):
    registers = list(_public_registers())
    today = timezone.localdate()
    current = [r for r in registers if r.is_current(today)]
    former = [r for r in registers if not r.is_current(today)]
    return render(request, "transparency/public_interest_registers.html", {"current": current, "former": former})


def _by_category(interests) -> list[tuple[str, list[Interest]]]:
    groups: dict[str, list[Interest]] = {}
    for interest in interests:
        groups.setdefault(interest.category, []).append(interest)
    labels = dict(Interest.Category.choices)
    return [(labels[category], groups[category]) for category in Interest.Category.values if category in groups]


def interest_register(request, pk: int):
    register = get_object_or_404(_public_registers(), pk=pk)
    today = timezone.localdate()
    interests = Interest.objects.public().filter(register=register).order_by("category", "-from_date", "pk")
    current = list(interests.current(today))
    ended = list(interests.ended(today).order_by("-to_date", "pk"))
    return render(
        request,
        "transparency/public_interest_register.html",
        {
            "register": register,
            "is_current": register.is_current(today),
            "groups": _by_category(current),
            "ended": ended,
        },
    )


def interest_registers_csv(request):
    interests = (
        Interest.objects.public()
        .select_related("register__person")
        .order_by("register__person__name", "category", "-from_date", "pk")
    )
    today = timezone.localdate()
    rows = (
        [
            i.register.person.name,
            i.register.get_capacity_display(),
            "current" if i.register.is_current(today) else "former",
            i.get_category_display(),
            i.description,
            i.from_date.isoformat(),
            i.to_date.isoformat() if i.to_date else "",
            timezone.localdate(i.updated_at).isoformat(),
        ]
        for i in interests
    )
    header = ["holder", "capacity", "holder_status", "category", "description", "from", "to", "last_updated"]
    return csv_response("register-of-interests.csv", header, rows)


def _public_gifts(request):
    all_gifts = Gift.objects.public()
    form = GiftFilterForm(request.GET or None, gifts=all_gifts)
    return form, form.filter(all_gifts).select_related("recipient")


def gifts(request):
    form, chosen = _public_gifts(request)
    page, query = paginate(request, chosen, GIFTS_PER_PAGE)
    return render(request, "transparency/public_gifts.html", {"form": form, "page": page, "query": query})


def _gift_rows(chosen):
    for g in chosen:
        yield [
            g.reference,
            g.offered_on.isoformat(),
            g.recipient.name,
            g.recipient_post,
            g.description,
            g.offered_by,
            f"{g.value:.2f}",
            g.get_outcome_display(),
            g.reason,
        ]


def gifts_csv(request):
    _, chosen = _public_gifts(request)
    header = ["reference", "offered_on", "recipient", "recipient_post", "offered", "offered_by", "value_gbp"]
    return csv_response("gifts-and-hospitality.csv", [*header, "outcome", "reason"], _gift_rows(chosen))


# Workspace: registers of interests


def _register_for_user(request, pk: int) -> InterestRegister:
    """The register if `request.user` may open it in the workspace, else 404."""
    return get_object_or_404(permissions.visible_registers(request.user).select_related("person__user"), pk=pk)


def _interest_for_user(request, pk: int, *, edit: bool = False) -> Interest:
    interest = get_object_or_404(
        Interest.objects.select_related("register__person").filter(
            register__in=permissions.visible_registers(request.user)
        ),
        pk=pk,
    )
    if edit and not permissions.can_edit_interest(request.user, interest):
        raise PermissionDenied("This register can no longer be changed from your login.")
    return interest


def _who_saved(current) -> str:
    who, when = last_saved(current)
    return f"{who} saved a newer version ({when}) while you were editing"


def _conflict(form, conflict: EditConflict) -> None:
    form.add_error(
        None,
        f"Not saved: {_who_saved(conflict.current)}. What you typed is still below: open the entry in a new tab to "
        "see their version, then make your change again on top of it.",
    )


@registers_staff
def staff_registers(request):
    user = request.user
    visible = permissions.visible_registers(user).select_related("person").order_by("person__name")
    registers = list(visible.annotate(last_reviewed=Max("interests__reviewed_at")))
    stale = set(Interest.objects.stale().filter(register__in=visible).values_list("register_id", flat=True))
    if not permissions.can_manage_registers(user) and len(registers) == 1:
        return redirect(registers[0].get_staff_url())
    return render(
        request,
        "transparency/staff_registers.html",
        {
            "registers": registers,
            "stale": stale,
            "today": timezone.localdate(),
            "can_manage": permissions.can_manage_registers(user),
        },
    )


def _secretary_only(request) -> None:
    if not permissions.can_manage_registers(request.user):
        raise PermissionDenied("Only the board secretary opens registers and changes their details.")


@registers_staff
def staff_register_create(request):
    _secretary_only(request)
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.REGISTER_FIELDS}
        try:
            register = services.create_register(user=request.user, person=form.cleaned_data["person"], **data)
        except services.TransitionError as error:
            form.add_error("person", str(error))
        else:
            messages.success(request, f"Opened the register of interests of {register.person}.")
            return redirect(register.get_staff_url())
    return render(request, "transparency/staff_register_form.html", {"form": form, "register": None})


@registers_staff
def staff_register_edit(request, pk: int):
    register = _register_for_user(request, pk)
    _secretary_only(request)
    form = RegisterForm(request.POST or None, instance=register)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.REGISTER_FIELDS}
        try:
            services.update_register(user=request.user, register=register, expected_version=form.version, **data)
        except EditConflict as conflict:
            _conflict(form, conflict)
        else:
            messages.success(request, f"Saved the register of {register.person}.")
            return redirect(register.get_staff_url())
    register.refresh_from_db()
    return render(request, "transparency/staff_register_form.html", {"form": form, "register": register})


@registers_staff
def staff_register(request, pk: int):
    register = _register_for_user(request, pk)
    today = timezone.localdate()
    interests = list(register.interests.order_by("category", "-from_date", "pk"))
    stale = set(Interest.objects.stale().filter(register=register).values_list("pk", flat=True))
    return render(
        request,
        "transparency/staff_register.html",
        {
            "register": register,
            "current": [i for i in interests if not i.has_ended(today)],
            "ended": [i for i in interests if i.has_ended(today)],
            "stale": stale,
            "actions": permissions.register_actions(request.user, register),
            "is_current": register.is_current(today),
            "today": today,
            "records": register.history.order_by("-history_date").select_related("history_user")[:50],
        },
    )


@registers_staff
def staff_interest_create(request, pk: int):
    register = _register_for_user(request, pk)
    if not permissions.can_edit_register(request.user, register):
        raise PermissionDenied("This register can no longer be changed from your login.")
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.INTEREST_FIELDS}
        services.add_interest(user=request.user, register=register, **fields)
        messages.success(request, "Entry added to the register.")
        return redirect(register.get_staff_url())
    return render(
        request,
        "transparency/staff_register_interest_form.html",
        {"form": form, "register": register, "interest": None},
    )


@registers_staff
def staff_interest_edit(request, pk: int):
    interest = _interest_for_user(request, pk, edit=True)
    form = InterestForm(request.POST or None, instance=interest)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.INTEREST_FIELDS}
        try:
            services.edit_interest(user=request.user, interest=interest, expected_version=form.version, **fields)
        except EditConflict as conflict:
            _conflict(form, conflict)
        else:
            messages.success(request, "Entry saved.")
            return redirect(interest.register.get_staff_url())
    return render(
        request,
        "transparency/staff_register_interest_form.html",
        {"form": form, "register": interest.register, "interest": interest},
    )


@registers_staff
def staff_interest_end(request, pk: int):
    interest = _interest_for_user(request, pk, edit=True)
    form = EndInterestForm(request.POST or None, interest=interest)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_interest(
                user=request.user,
                interest=interest,
                expected_version=form.cleaned_data["expected_version"],
                on=form.cleaned_data["on"],
            )
        except EditConflict as conflict:
            _conflict(form, conflict)
        except services.TransitionError as error:
            form.add_error("on", str(error))
        else:
            messages.success(request, "The entry is recorded as ended.")
            return redirect(interest.register.get_staff_url())
    return render(
        request,
        "transparency/staff_register_interest_end.html",
        {"form": form, "interest": interest, "register": interest.register},
    )


@require_POST
@registers_staff
def staff_interest_confirm(request, pk: int):
    interest = _interest_for_user(request, pk, edit=True)
    try:
        expected = int(request.POST.get("expected_version", ""))
    except ValueError:
        expected = 0
    try:
        services.confirm_interest(user=request.user, interest=interest, expected_version=expected)
    except EditConflict as conflict:
        messages.error(request, f"Not confirmed: {_who_saved(conflict.current)}. Read the entry again below.")
    else:
        messages.success(request, "Confirmed as still true today.")
    return redirect(interest.register.get_staff_url())


@registers_staff
def staff_interest_history(request, pk: int):
    interest = _interest_for_user(request, pk)
    records = list(interest.history.order_by("-history_date", "-history_id").select_related("history_user"))
    return render(
        request,
        "transparency/staff_register_interest_history.html",
        {"interest": interest, "register": interest.register, "records": records},
    )


# Workspace: gifts and hospitality


@gifts_staff
def staff_gifts(request):
    gifts_all = permissions.visible_gifts(request.user).select_related("recipient")
    page, query = paginate(request, gifts_all, GIFTS_PER_PAGE)
    return render(
        request,
        "transparency/staff_gifts.html",
        {"page": page, "query": query, "can_manage": permissions.can_manage_gifts(request.user)},
    )


def _gift_editor(request, gift: Gift | None):
    if not permissions.can_manage_gifts(request.user):
        raise PermissionDenied("Only the board secretary records gifts and hospitality.")
    form = GiftForm(request.POST or None, instance=gift)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in gift_services.GIFT_FIELDS}
        try:
            if gift is None:
                saved = gift_services.record_gift(user=request.user, **fields)
            else:
                saved = gift_services.edit_gift(user=request.user, gift=gift, expected_version=form.version, **fields)
        except EditConflict as conflict:
            _conflict(form, conflict)
        else:
            messages.success(request, f"Saved {saved.reference}.")
            return redirect("transparency:staff_gifts")
    records = gift.history.order_by("-history_date").select_related("history_user") if gift else []
    return render(request, "transparency/staff_gift_form.html", {"form": form, "gift": gift, "records": records})


@gifts_staff
def staff_gift_create(request):
    return _gift_editor(request, None)


@gifts_staff
def staff_gift_edit(request, pk: int):
    gift = get_object_or_404(permissions.visible_gifts(request.user), pk=pk)
    return _gift_editor(request, gift)
