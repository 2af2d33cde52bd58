"""Publishing the playbook: the content frozen as a numbered version."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import PlaybookVersion
from ..playbook import build_snapshot
from ..tasks import render_playbook_pdf
from .groups import lock_group


@transaction.atomic
def playbook_publish(*, group, actor, change_note, render=True):
    """Freeze the current content as the next numbered version, published by `actor`; its
    PDFs render in a worker after commit (`render=False` leaves them to the first download).
    """
    if not change_note.strip():
        raise ValidationError(
            {"change_note": _("Write a short note on what changed in this version.")}
        )
    group = lock_group(group)
    last = group.playbooks.aggregate(m=Max("number"))["m"] or 0
    version = PlaybookVersion.objects.create(
        group=group,
        number=last + 1,
        change_note=change_note.strip(),
        snapshot=build_snapshot(group),
        published_by=actor,
    )
    if render:
        for language, _name in settings.LANGUAGES:
            render_playbook_pdf.delay_on_commit(version.pk, language)
    return version
