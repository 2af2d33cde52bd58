"""Clients, intakes and the persona proposal.

The proposal is transparent on purpose: it counts the "Ik kan…" statements the client can
do, looks at the basics (device, internet, passwords) first, maps that onto a DigComp level
and takes the persona nearest below it. The intake staff sees why, and confirms it or
chooses another persona with a reason."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition.permissions import is_coordinator

from ..models import Client, Devices, Intake, Internet, Persona, SkillStatement
from ..permissions import client_organisation_ids, may_change_client
from . import plans


@dataclass
class Proposal:
    level: int
    persona: Persona | None
    reason: str


def propose_persona(*, can_ids, devices, internet):
    statements = list(SkillStatement.objects.all())
    can = {s.pk for s in statements} & {int(i) for i in can_ids}
    basics = [s for s in statements if s.is_foundation]
    basics_ok = all(s.pk in can for s in basics)
    counted = _("can do %(can)s of the %(total)s things on their own") % {
        "can": len(can),
        "total": len(statements),
    }
    usable_devices = [d for d in devices if d != Devices.NONE]
    if not usable_devices or internet == Internet.NONE:
        level = 1
        reason = _("No device or no internet yet; %(counted)s.") % {"counted": counted}
    elif not basics_ok:
        level = 2 if can else 1
        reason = _(
            "The basics (device, internet, passwords) do not work alone yet; %(counted)s."
        ) % {"counted": counted}
    else:
        share = len(can) / len(statements) if statements else 0
        level = 5 if share == 1 else 4 if share >= 0.5 else 3
        reason = _("The basics work; %(counted)s.") % {"counted": counted}
    persona = (
        Persona.objects.filter(digcomp_level__lte=level).order_by("-digcomp_level").first()
        or Persona.objects.order_by("digcomp_level").first()
    )
    return Proposal(level=level, persona=persona, reason=reason)


@transaction.atomic
def client_save(*, client, actor):
    """Add or change a client of an organisation whose clients the actor may change."""
    if client.organisation_id not in client_organisation_ids(actor):
        raise PermissionDenied
    if client.pk is not None and not may_change_client(actor, client):
        raise PermissionDenied
    duplicate = Client.objects.filter(
        organisation_id=client.organisation_id, number__iexact=client.number
    ).exclude(pk=client.pk)
    if duplicate.exists():
        raise ValidationError(
            {"number": _("Your organisation already has a client with this number.")}
        )
    creating = client.pk is None
    client.save()
    if creating:
        plans.ensure_basic_goal(client=client, actor=actor)
    return client


@transaction.atomic
def intake_record(*, client, actor, can, wants, devices, internet, help_at_home):
    """Record an intake with the app's proposal; the persona is chosen in a second step.
    A client's first intake is the intake, every later one a re-intake; none is lost."""
    if not may_change_client(actor, client):
        raise PermissionDenied
    with translation.override(settings.LANGUAGE_CODE):  # stored: in the product language
        proposal = propose_persona(can_ids=can, devices=devices, internet=internet)
    return Intake.objects.create(
        client=client,
        done_by=actor,
        done_at=timezone.now(),
        is_reintake=client.intakes.exists(),
        can=sorted(int(i) for i in can),
        wants=sorted(int(i) for i in wants),
        devices=list(devices),
        internet=internet,
        help_at_home=help_at_home,
        proposed_persona=proposal.persona,
        proposal_reason=proposal.reason,
    )


@transaction.atomic
def intake_choose_persona(*, intake, persona, reason, actor):
    """Confirm the proposed persona, or choose another with a reason; the client takes it."""
    if not may_change_client(actor, intake.client):
        raise PermissionDenied
    reason = (reason or "").strip()
    if persona != intake.proposed_persona and not reason:
        raise ValidationError(
            {"reason": _("Say why you choose another persona than the one proposed.")}
        )
    intake.persona = persona
    intake.override_reason = reason if persona != intake.proposed_persona else ""
    intake.save(update_fields=["persona", "override_reason"])
    client = intake.client
    client.persona = persona
    client.save(update_fields=["persona"])
    return intake


@transaction.atomic
def persona_save(*, persona, services, actor):
    if not is_coordinator(actor):
        raise PermissionDenied
    persona.save()
    persona.services.set(services)
    return persona
