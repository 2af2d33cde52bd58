from django.http import Http404
from django.shortcuts import render

from ..help import PARTS


def help_page(request, part="start"):
    if part not in PARTS:
        raise Http404
    parts = [(key, title) for key, (title, _namespaces) in PARTS.items()]
    return render(
        request,
        f"help/{part}.html",
        {"part": part, "parts": parts, "title": PARTS[part][0]},
    )
