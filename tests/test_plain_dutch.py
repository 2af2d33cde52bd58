"""Plain Dutch: the interface speaks at B1 level, the level about four in ten Dutch adults
read at or below.

Every Dutch interface string of eight words or more (the compiled catalogues of the core and
of each app: labels, help and intro texts, messages, e-mail texts) is scored with textstat's
Flesch-Douma reading ease. None may score under 40, and the mean must be at least 65. Texts
that users write (decisions, cases, menu items, demo content) are not in the catalogues and
are not scored here; the menu's own writers get a hint from `digital.readability`.

Placeholders are scored as a short word and markup is left out, so the score is about the
words a reader sees around them.
"""

import gettext
import re
import statistics
from pathlib import Path

import pytest
import textstat

ROOT = Path(__file__).resolve().parent.parent
MIN_WORDS = 8
MIN_SCORE = 40
MIN_MEAN = 65

PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}")
MARKUP = re.compile(r"<[^>]+>")


def catalogues():
    return sorted(
        path
        for path in ROOT.glob("**/locale/nl/LC_MESSAGES/django.mo")
        if ".venv" not in path.parts
    )


def readable(text):
    """The text as a reader meets it: markup out, placeholders as a short word."""
    text = PLACEHOLDER.sub("dit", MARKUP.sub(" ", text))
    return " ".join(text.replace("&nbsp;", " ").replace("…", ".").split())


def dutch_strings():
    """(catalogue, Dutch text) for every translated string of MIN_WORDS words or more."""
    found = {}
    for path in catalogues():
        with path.open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)._catalog
        for key, translated in catalogue.items():
            if key == "":  # the catalogue's header
                continue
            text = readable(translated)
            if len(text.split()) >= MIN_WORDS:
                found.setdefault(text, path.relative_to(ROOT).parts[0])
    return [(where, text) for text, where in found.items()]


@pytest.fixture(scope="module")
def scores():
    textstat.set_lang("nl")
    try:
        return [
            (textstat.flesch_reading_ease(text), where, text) for where, text in dutch_strings()
        ]
    finally:
        textstat.set_lang("en")


def test_catalogues_are_found(scores):
    assert len(catalogues()) == 5
    assert len(scores) > 300


def test_no_interface_text_is_hard_to_read(scores):
    hard = sorted(row for row in scores if row[0] < MIN_SCORE)
    assert not hard, "Rewrite in short sentences with common words:\n" + "\n".join(
        f"{score:6.1f}  {where}: {text}" for score, where, text in hard
    )


def test_interface_reads_easily_on_average(scores):
    mean = statistics.mean(score for score, _, _ in scores)
    assert mean >= MIN_MEAN, f"Mean Flesch-Douma {mean:.1f}, goal {MIN_MEAN}"


def test_score_is_flesch_douma():
    """Short words in short sentences score high, long compounds low: the measure works."""
    textstat.set_lang("nl")
    try:
        easy = textstat.flesch_reading_ease("Je kiest een dag. Wij bellen je dan op.")
        hard = textstat.flesch_reading_ease(
            "Informatiebeveiligingsmaatregelen vereisen organisatiebrede implementatie."
        )
    finally:
        textstat.set_lang("en")
    assert easy > 80 > MIN_SCORE > hard
