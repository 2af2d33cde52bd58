"""The playbook PDF: rendering against WeasyPrint's own time on the same HTML, and the
download of a stored small and large PDF through the page.

The small playbook is the demo's first version; the large one is a version published now,
with every scenario the scaled steering group has. Both are rendered the app's way
(`coalition.pdf.html_to_pdf`, a tagged PDF/UA-1) and, for the comparison, by
`weasyprint.HTML(string=html).write_pdf()` on the same HTML, and for the reader by WeasyPrint
making the same tagged variant as the app; they take turns, `repeat` times each, the order
reversed every other round, and the fastest of each counts, so that a slow moment of the
machine (or the first render's loading of fonts) does not fall on one side only. The app's
PDFs are then stored as the versions' files and downloaded as the steering group member
would."""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from coalition.pdf import html_to_pdf
from regiegroep import services
from regiegroep.models import PlaybookPdf, PlaybookVersion, SteeringGroup

from .pages import client_for

User = get_user_model()
LANGUAGE = "nl"


def _fastest_in_turns(funcs, repeat):
    """Each function `repeat` times, taking turns, the order reversed every other round
    (ABC CBA ABC …): [(fastest time, last result)] in the order of `funcs`."""
    times, results = [[] for _func in funcs], [None] * len(funcs)
    order = list(range(len(funcs)))
    for turn in range(repeat):
        for side in order if turn % 2 == 0 else order[::-1]:
            started = time.perf_counter()
            results[side] = funcs[side]()
            times[side].append(time.perf_counter() - started)
    return [(min(spent), result) for spent, result in zip(times, results, strict=True)]


def _store(version, content):
    pdf, _created = PlaybookPdf.objects.get_or_create(version=version, language=LANGUAGE)
    pdf.file.save(f"bench-v{version.number}-{LANGUAGE}.pdf", ContentFile(content), save=True)
    return pdf


def _download(client, version, repeat):
    url = reverse("regiegroep:playbook_pdf", args=[version.pk])
    times = []
    for _round in range(repeat + 1):
        started = time.perf_counter()
        response = client.get(url)
        size = len(b"".join(response.streaming_content)) if response.streaming else 0
        times.append(time.perf_counter() - started)
    return statistics.median(times[1:]), size, response.status_code


def measure(*, render_repeat=3, download_repeat=9, username="steering"):
    from weasyprint import HTML

    steering = User.objects.get(username=username)
    group = (
        SteeringGroup.objects.filter(playbooks__isnull=False)
        .filter(seats__person=steering)
        .distinct()
        .first()
    )
    small = PlaybookVersion.objects.filter(group=group).order_by("number").first()
    large = services.playbook_publish(
        group=group, actor=steering, change_note="Benchmark: every scenario.", render=False
    )
    figures = {"group": group.name}
    for label, version in [("small", small), ("large", large)]:
        html = services.playbook_pdf_html(version=version, language=LANGUAGE)
        (app_s, content), (weasy_s, _plain), (tagged_s, _tagged) = _fastest_in_turns(
            [
                lambda html=html: html_to_pdf(html),
                lambda html=html: HTML(string=html).write_pdf(),
                # For the reader: what WeasyPrint takes for the tagged variant the app
                # makes (the structure tree for screen readers), not part of the check.
                lambda html=html: HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"),
            ],
            render_repeat,
        )
        _store(version, content)
        figures[label] = {
            "version": version.number,
            "scenarios": len(version.snapshot.get("scenarios", [])),
            "html_kb": round(len(html) / 1024, 1),
            "pdf_kb": round(len(content) / 1024, 1),
            "app_render_s": round(app_s, 3),
            "weasyprint_render_s": round(weasy_s, 3),
            "weasyprint_tagged_render_s": round(tagged_s, 3),
        }
    client = client_for(username)
    for label, version in [("small", small), ("large", large)]:
        seconds, size, status = _download(client, version, download_repeat)
        figures[label].update(
            {
                "download_ms": round(seconds * 1000, 2),
                "download_kb": round(size / 1024, 1),
                "download_status": status,
            }  # fmt: skip
        )
    return figures
