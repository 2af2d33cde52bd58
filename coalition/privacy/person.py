"""A staff member as a person with rights: their copy and its erasure.

The core holds the account, the profile and what names the person; each app adds what it
holds (`register_person_part`). In the copy a privacy officer gets, confidential records
(cases, consultations, clients, intakes) are named by kind and number only: their content is
in the copy the person downloads themselves from their profile (`own=True`), where every
one of them is written to the access log as exported."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import AccessLogEntry, Notification, Profile
from ..roles import ROLE_LABELS
from .collect import _is_historical, cascade_of, is_machinery, records_of
from .package import Section, count_line
from .registry import SubjectKind, person_parts, register_subject

User = get_user_model()

CONFIDENTIAL = frozenset(AccessLogEntry.RECORD_KINDS)
# The fields through which a confidential record is the person's own: what they wrote or
# asked. Their own copy shows the content of those; a record that names them otherwise (an
# intake they did, a request they picked up) is named by kind and number, as for the officer.
OWN_FIELDS = frozenset({"author", "requester"})


def _name(user):
    return user.get_full_name() or user.get_username()


def describe(user):
    return _("staff member %(name)s (%(username)s)") % {
        "name": _name(user),
        "username": user.get_username(),
    }


def organisations(user):
    return set(Profile.objects.filter(user=user).values_list("organisations", flat=True)) - {None}


def _references(user):
    """[(model, field)] of every foreign key in the app that can name a person."""
    found = []
    for model in apps.get_models():
        if is_machinery(model):
            continue
        for f in model._meta.concrete_fields:
            if f.is_relation and f.many_to_one and f.related_model is User:
                found.append((model, f))
    return found


def collect(user, *, own=False):
    """The sections of a staff member's copy. With `own`, the person's own download: the
    content of the confidential records they wrote is in it (`confidential_shown` lists
    them, for the access log)."""
    profile = Profile.objects.filter(user=user).first()
    roles = sorted(
        str(ROLE_LABELS.get(name, name)) for name in user.groups.values_list("name", flat=True)
    )
    sections = [
        Section(
            title=_("Account"),
            records=records_of([user], exclude=("groups", "user_permissions")),
            lines=[_("Roles: %(roles)s") % {"roles": ", ".join(roles) or _("none")}],
        )
    ]
    if profile is not None:
        sections.append(Section(title=_("Profile"), records=records_of([profile])))
    own_records = [obj for obj in cascade_of(user) if not isinstance(obj, Profile)]
    sections.extend(_sections_of(own_records, own=own, title=_("Records that exist with you")))
    sections.extend(_named_in(user, own=own))
    for part in person_parts():
        sections.extend(part.collect(user, own=own))
    return sections


def _sections_of(objects, *, own, title):
    shown, named = [], []
    for obj in objects:
        (shown if own or obj._meta.label_lower not in CONFIDENTIAL else named).append(obj)
    sections = []
    if shown:
        sections.append(Section(title=title, records=records_of(shown), objects=shown))
    if named:
        sections.append(_named_only(named, title))
    return sections


def _named_only(objects, title):
    return Section(
        title=title,
        lines=[f"{obj._meta.verbose_name} #{obj.pk}" for obj in objects],
        note=_(
            "Confidential records are named by kind and number only. Their content is in "
            "the copy the person downloads from their own profile."
        ),
    )


def _named_in(user, *, own):
    """Records of others that name the person (a case they wrote, a request they picked
    up), and how many changes they made to records, per kind: one query per reference."""
    sections, changes = [], []
    for model, f in _references(user):
        queryset = model._default_manager.filter(**{f.name: user})
        label = str(model._meta.verbose_name)
        if _is_historical(model):
            if f.name == "history_user":
                count = queryset.count()
                if count:
                    changes.append(count_line(str(model.instance_type._meta.verbose_name), count))
            continue
        if model is Notification or model is Profile:
            continue  # in the account's own sections
        if model is AccessLogEntry:
            sections.append(_reads(queryset))
            continue
        if f.remote_field.on_delete.__name__ == "CASCADE":
            continue  # among the records that exist with the person
        objects = list(queryset.order_by("pk"))
        if not objects:
            continue
        title = _("%(kind)s, as %(field)s") % {"kind": label, "field": f.verbose_name}
        sections.extend(_sections_of(objects, own=own and f.name in OWN_FIELDS, title=title))
    if changes:
        sections.append(Section(title=_("Changes you made to records"), lines=changes))
    return sections


def _reads(queryset):
    per_kind = queryset.values("object_type").annotate(n=Count("pk")).order_by("object_type")
    lines = [count_line(row["object_type"], row["n"]) for row in per_kind]
    return Section(
        title=_("Your reads in the access log"),
        lines=lines or [_("none")],
        note=_("The access log itself is kept: the law asks for it (NEN 7513)."),
    )


def confidential_shown(sections):
    """The confidential records whose content a copy shows, for the access log."""
    return [
        obj
        for section in sections
        for obj in section.objects
        if obj._meta.label_lower in CONFIDENTIAL
    ]


def erase(user):
    """Anonymise the account: no name, address or user name is left; it can no longer log
    in. Records the person wrote stay, under the anonymised account."""
    counts = {}
    user.username = f"verwijderd-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    counts[_("account")] = 1
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        profile.job_title = ""
        profile.save(update_fields=["job_title"])
        counts[_("profile versions")] = Profile.history.model.objects.filter(id=profile.pk).update(
            job_title="", history_change_reason=None
        )
    counts[_("notifications")] = Notification.objects.filter(recipient=user).delete()[0]
    from django_otp import devices_for_user

    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    counts[_("two-step devices")] = len(devices)
    for part in person_parts():
        counts.update(part.erase(user))
    return counts


PERSON = register_subject(
    SubjectKind(
        name="person",
        label=lambda: gettext_lazy("staff member"),
        get=lambda pk: User.objects.filter(pk=pk).first(),
        get_many=lambda pks: User.objects.in_bulk(pks),
        describe=describe,
        organisations=organisations,
        collect=collect,
        erase=erase,
        log_record=lambda user: user,
    )
)
