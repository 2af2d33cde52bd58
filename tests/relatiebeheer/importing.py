"""Steps through the import pages that the import and export tests share."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from relatiebeheer.models import Priority

HEADER = "name,place,sector,category,priority,region,website\n"


def url(name, *args):
    return reverse(f"relatiebeheer:{name}", args=args)


def upload(client, content, file_name="partners.csv", **data):
    """POST the upload step; returns the response (a redirect to the columns on success)."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    form = {"priority": Priority.MEDIUM, **data}
    form["file"] = SimpleUploadedFile(file_name, content)
    return client.post(url("import_start"), form)


def token_of(response):
    assert response.status_code == 302, getattr(response, "content", b"")[:2000]
    return re.search(r"/import/([0-9a-f-]{36})/", response["Location"]).group(1)


def guessed_mapping(client, token):
    """The column choices as the mapping page proposes them, as POST data."""
    form = client.get(url("import_mapping", token)).context["form"]
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        data[name] = "" if value is None else value
    return data


def import_file(client, content, file_name="partners.csv", include=(), **data):
    """Upload, accept the guessed columns, and import; returns the final response."""
    token = token_of(upload(client, content, file_name, **data))
    response = client.post(url("import_mapping", token), guessed_mapping(client, token))
    assert response.status_code == 302, response.content[:3000]
    assert client.get(url("import_preview", token)).status_code == 200
    return client.post(url("import_run", token), {"include": list(include)})
