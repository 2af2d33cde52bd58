"""A staff badge as an Open Badges 3.0 credential (a W3C Verifiable Credential in JSON-LD).

The credential is unsigned for now: it carries no `proof`. Signing can come later (a Data
Integrity proof such as eddsa-rdfc-2022, or VC-JWT) with a key the coalition publishes at
the issuer's URL; the document below stays the same apart from the added proof.

The subject is identified the Open Badges way, by a salted hash of their e-mail address
(an IdentityObject), never the plain address: whoever receives the file can check that it
belongs to someone who tells them the address, and nobody can read the address from it.
"""

import hashlib
import hmac
import json
import uuid
from datetime import UTC

from django.conf import settings
from django.urls import reverse

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ISSUER_NAME = "Coalition"
DIGCOMP_FRAMEWORK = "DigComp 2.2"
DIGCOMP_URL = "https://joint-research-centre.ec.europa.eu/digcomp_en"
CONTENT_TYPE = "application/ld+json"


def _site():
    return settings.SITE_URL.rstrip("/")


def _iso(moment):
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _salt(badge):
    """A salt per badge that stays the same between downloads (so two downloads of one
    badge are the same credential) and that nobody outside can derive."""
    message = f"digital-openbadges-salt-{badge.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def identity_hash(identity, salt):
    """`sha256$` and the hex SHA-256 of the identity followed by the salt (Open Badges)."""
    return "sha256$" + hashlib.sha256((identity + salt).encode()).hexdigest()


def _identifier(user, salt):
    email = (user.email or "").strip().lower()
    if email:
        identity, identity_type = email, "emailAddress"
    else:
        identity, identity_type = (user.get_full_name() or user.get_username()), "name"
    return {
        "type": "IdentityObject",
        "identityHash": identity_hash(identity, salt),
        "identityType": identity_type,
        "hashed": True,
        "salt": salt,
    }


def achievement_url(achievement):
    return _site() + reverse("digital:achievement_detail", args=[achievement.code])


def achievement_document(achievement):
    document = {
        "id": achievement_url(achievement),
        "type": ["Achievement"],
        "name": achievement.name,
        "description": achievement.description,
        "criteria": {"narrative": achievement.criteria},
    }
    if achievement.digcomp:
        document["alignment"] = [
            {
                "type": ["Alignment"],
                "targetName": achievement.digcomp_name or achievement.digcomp,
                "targetFramework": DIGCOMP_FRAMEWORK,
                "targetCode": achievement.digcomp,
                "targetUrl": DIGCOMP_URL,
            }
        ]
    return document


def credential(badge):
    """The OpenBadgeCredential of a StaffBadge, as a dict ready for json.dumps."""
    achievement = badge.achievement
    site = _site()
    # A stable id: the same badge gives the same credential id at every download.
    credential_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{site}/digital/staff-badge/{badge.pk}")
    document = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{credential_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement.name,
        "description": achievement.description,
        "issuer": {"id": settings.SITE_URL, "type": ["Profile"], "name": ISSUER_NAME},
        "validFrom": _iso(badge.awarded_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [_identifier(badge.user, _salt(badge))],
            "achievement": achievement_document(achievement),
        },
    }
    if badge.evidence:
        document["evidence"] = [{"type": ["Evidence"], "narrative": badge.evidence}]
    return document


def credential_json(badge):
    return json.dumps(credential(badge), ensure_ascii=False, indent=2)


def credential_filename(badge):
    return f"coalition-badge-{badge.achievement.code}-{badge.pk}.json"
