"""The playbook PDF, read back with poppler's pdftotext."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from coalition.pdf import LocalOnlyURLFetcher
from regiegroep import services
from regiegroep.models import PlaybookPdf
from regiegroep.playbook import render_playbook
from tests.regiegroep.factories import RiskFactory, ScenarioFactory, StepFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils"),
]


def pdf_text(data, tmp_path, layout=False):
    path = tmp_path / "playbook.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def page_count(data, tmp_path):
    path = tmp_path / "count.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )


@pytest.fixture
def recorded_fetches(monkeypatch):
    fetched = []
    original = LocalOnlyURLFetcher.create

    def create():
        fetched.append("created")
        fetcher = original()
        inner = fetcher.fetch

        def fetch(url, headers=None):
            fetched.append(url)
            return inner(url, headers)

        fetcher.fetch = fetch
        return fetcher

    monkeypatch.setattr(LocalOnlyURLFetcher, "create", staticmethod(create))
    return fetched


@pytest.fixture
def big_playbook(group, member, organisation):
    group.name = "Regiegroep Coëxistentie"
    group.vision = 'Samen <script>alert("x")</script> sterk'
    group.save()
    titles = []
    for i in range(12):
        scenario = ScenarioFactory(group=group, title=f"Scenario {i:02d}: uitval van locatie {i}")
        titles.append(scenario.title)
        for j in range(6):
            StepFactory(scenario=scenario, action=f"Stap {j} van scenario {i}", position=j)
        for j in range(3):
            RiskFactory(
                scenario=scenario,
                organisation=organisation if j else None,
                description=f"Risico {j} bij scenario {i}",
                likelihood=1 + (i + j) % 5,
                impact=1 + (i * j) % 5,
                mitigation='<img src="http://example.com/tracker.png"> Flexpool inzetten',
            )
    version = services.playbook_publish(
        group=group, actor=member, change_note="Eerste versie", render=False
    )
    return version, titles


def test_pdf_has_title_toc_every_scenario_and_dutch_text(big_playbook, tmp_path, recorded_fetches):
    version, titles = big_playbook
    with translation.override("nl"):
        data = render_playbook(version)
    text = pdf_text(data, tmp_path)
    layout = pdf_text(data, tmp_path, layout=True)
    assert "Regiegroep Coëxistentie" in text
    assert "Versie 1" in text
    assert "Inhoud" in text
    for title in titles:
        assert title in text
    # The table of contents carries page numbers, and every page its "pagina X van Y".
    pages = page_count(data, tmp_path)
    assert pages > 8
    assert f"pagina 2 van {pages}" in layout
    assert f"pagina {pages} van {pages}" in layout
    toc = layout.split("Inhoud", 1)[1].split("pagina 2 van", 1)[0]
    assert "Scenario 00: uitval van locatie 0" in toc
    assert any(line.rstrip()[-1:].isdigit() for line in toc.splitlines() if "Risicomatrix" in line)
    # A user's HTML is text, not markup, and nothing was fetched from outside.
    assert '<script>alert("x")</script>' in text
    assert '<img src="http://example.com/tracker.png">' in text
    assert recorded_fetches[0] == "created"  # rendering went through the local-only fetcher
    outside = [u for u in recorded_fetches[1:] if not u.startswith(("file:", "data:"))]
    assert not outside
    assert "Risicomatrix" in text


def test_cover_title_extracts_as_whole_words(big_playbook, tmp_path):
    version, _titles = big_playbook
    for language, kicker in (("nl", "Draaiboek"), ("en", "Playbook")):
        with translation.override(language):
            cover = pdf_text(render_playbook(version), tmp_path, layout=True).split("\f")[0]
        lines = [line.strip() for line in cover.splitlines() if line.strip()]
        assert lines[:2] == [kicker, "Regiegroep Coëxistentie"]


def test_risk_legend_stands_on_the_page_of_its_risk_table(group, member, tmp_path):
    """Step plans of growing length move the risk table down to the end of the page and
    over it; with 19 steps the legend printed after the table once stood alone."""
    scenario = ScenarioFactory(group=group, title="Uitval van een locatie")
    for j in range(3):
        RiskFactory(scenario=scenario, description=f"Risico {j} van de locatie")
    risk = re.compile(r"Risico \d van de locatie")
    legend = "K = kans, I = impact, elk van 1 tot en met 5."
    for n in range(1, 25):
        StepFactory(scenario=scenario, action=f"Stap {n}", position=n)
        if n < 14:
            continue
        version = services.playbook_publish(
            group=group, actor=member, change_note=f"{n} stappen", render=False
        )
        with translation.override("nl"):
            text = pdf_text(render_playbook(version), tmp_path)
        pages = [" ".join(page.split()) for page in text.split("\f")]
        for page in pages:
            assert (legend in page) == bool(risk.search(page)), (n, page)


def _download(c, url, django_capture_on_commit_callbacks):
    """The PDF at `url`: the first request finds it missing and asks for it (rendered here
    by the task, run in-process after commit), the second one gets it."""
    with django_capture_on_commit_callbacks(execute=True):
        waiting = c.get(url)
    assert waiting.status_code == 200 and waiting["Content-Type"].startswith("text/html")
    response = c.get(url)
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def test_pdf_follows_the_users_language(
    client_for, big_playbook, member, tmp_path, django_capture_on_commit_callbacks
):
    version, _titles = big_playbook
    c = client_for(member)
    url = reverse("regiegroep:playbook_pdf", args=[version.pk])
    dutch = pdf_text(_download(c, url, django_capture_on_commit_callbacks), tmp_path)
    assert "Stappenplan" in dutch
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = pdf_text(_download(c, url, django_capture_on_commit_callbacks), tmp_path)
    assert "Step plan" in english and "Contents" in english
    assert set(PlaybookPdf.objects.values_list("language", flat=True)) == {"nl", "en"}


def test_download_serves_the_stored_file_without_rendering_again(
    client_for, big_playbook, member, monkeypatch
):
    version, _titles = big_playbook
    stored = services.playbook_pdf_render(version=version, language="nl")

    def refuse(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr("regiegroep.playbook.render_playbook", refuse)
    response = client_for(member).get(reverse("regiegroep:playbook_pdf", args=[version.pk]))
    with stored.file.open("rb") as f:
        assert b"".join(response.streaming_content) == f.read()


def test_old_version_pdf_keeps_old_content(group, member, tmp_path):
    scenario = ScenarioFactory(group=group, title="Oude titel")
    StepFactory(scenario=scenario)
    v1 = services.playbook_publish(group=group, actor=member, change_note="v1", render=False)
    scenario.title = "Nieuwe titel"
    scenario.save()
    with translation.override("nl"):
        text = pdf_text(render_playbook(v1), tmp_path)
    assert "Oude titel" in text and "Nieuwe titel" not in text


def _web_labels(body):
    """{risk description: label} from the risk tables of a page."""
    rows = re.findall(
        r'<span class="tag sev-\w+">([^<]+)</span></td>\s*<th scope="row">([^<]+)</th>', body
    )
    return {description.strip(): label for label, description in rows}


def test_risks_carry_the_same_number_on_the_web_and_in_the_pdf(
    client_for, group, member, organisation, tmp_path
):
    # Two scenarios, numbered by title; risks numbered within their scenario, heaviest first.
    second = ScenarioFactory(group=group, title="Uitval van ICT")
    first = ScenarioFactory(group=group, title="Hittegolf")
    for scenario in (first, second):
        StepFactory(scenario=scenario)
    RiskFactory(scenario=first, description="Uitdroging", likelihood=4, impact=5)
    RiskFactory(scenario=first, description="Personeelstekort", likelihood=2, impact=2)
    RiskFactory(scenario=second, description="Geen dossiers", likelihood=3, impact=4)
    RiskFactory(
        scenario=second, organisation=organisation, description="Datalek", likelihood=5, impact=5
    )
    expected = {
        "Uitdroging": "R1.1",
        "Personeelstekort": "R1.2",
        "Datalek": "R2.1",
        "Geen dossiers": "R2.2",
    }
    c = client_for(member)
    web = {}
    for scenario in (first, second):
        web |= _web_labels(c.get(scenario.get_absolute_url()).content.decode())
    assert web == expected
    overview = c.get(reverse("regiegroep:scenario_list", args=[group.pk])).content.decode()
    assert _web_labels(overview) == expected

    version = services.playbook_publish(group=group, actor=member, change_note="v1", render=False)
    services.playbook_pdf_render(version=version, language="nl")
    response = c.get(reverse("regiegroep:playbook_pdf", args=[version.pk]))
    layout = pdf_text(b"".join(response.streaming_content), tmp_path, layout=True)
    for description, label in expected.items():
        # The label stands in the first column of the risk's own row.
        assert re.search(rf"^\s*{re.escape(label)}\s+{description}\b", layout, re.M), label
    # The matrix lists the same labels: nothing numbered the old global way.
    assert not re.search(r"\bR[3-9]\b", layout)
    assert "R2.1" in layout.split("Risicomatrix")[-1]


def test_the_scenario_list_shows_scenarios_in_the_playbooks_order_with_their_risks(
    client_for, group, member
):
    """The cards in title order (a step count must not lose it), and each risk in the table
    links to its own scenario."""
    made = {
        title: ScenarioFactory(group=group, title=title)
        for title in ("Stroomuitval", "Hittegolf", "Uitval van ICT", "Griepgolf")
    }
    for scenario in made.values():
        StepFactory(scenario=scenario)
    RiskFactory(scenario=made["Uitval van ICT"], description="Geen dossiers")
    RiskFactory(scenario=made["Griepgolf"], description="Personeelstekort")
    page = client_for(member).get(reverse("regiegroep:scenario_list", args=[group.pk]))
    assert [s.title for s in page.context["scenarios"]] == sorted(made)
    body = page.content.decode()
    cards = body.split('<ul class="grid plain-list">')[1].split("</ul>")[0]
    assert re.findall(r'<h2 class="h3"><a href="([^"]+)">([^<]+)</a>', cards) == [
        (made[title].get_absolute_url(), title) for title in sorted(made)
    ]
    for description, title in (
        ("Geen dossiers", "Uitval van ICT"),
        ("Personeelstekort", "Griepgolf"),
    ):
        row = body.split(f'<th scope="row">{description}</th>')[1].split("</tr>")[0]
        assert f'<a href="{made[title].get_absolute_url()}">{title}</a>' in row
