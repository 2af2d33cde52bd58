"""What the steering-group form tests share: the errors shown next to one field, and a
client that reads the pages in English."""

import re

from django.conf import settings


def field_errors(body, field):
    """The error list rendered inside the field group of `field`."""
    match = re.search(
        rf'<div class="field field-invalid">(?:(?!<div class="field).)*?name="{field}"', body, re.S
    )
    return match.group(0) if match else ""


def in_english(client):
    """The client with the language switch set to English: pages show the source strings."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
