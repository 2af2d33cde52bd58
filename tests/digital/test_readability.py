"""The plain-language check: a plain and a hard Dutch text, the thresholds, other languages."""

import pytest
import textstat
from django.utils import translation

from digital import readability

PLAIN = (
    "Met deze app maak je een afspraak bij de huisarts. Je kiest een dag en een tijd. "
    "Je krijgt een bericht als het gelukt is."
)
HARD = (
    "De gemeente biedt ondersteuning bij het aanvragen van maatschappelijke voorzieningen "
    "via het digitale loket, mits de aanvrager beschikt over een geactiveerde DigiD met "
    "sms-controle en de noodzakelijke bewijsstukken tijdig worden aangeleverd."
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_plain_dutch_text_is_at_b1():
    result = readability.check(PLAIN)
    assert result.checked
    assert not result.above_b1
    assert result.hint == ""
    assert result.flesch_douma >= readability.MIN_FLESCH_DOUMA
    assert result.words_per_sentence <= readability.MAX_WORDS_PER_SENTENCE
    assert result.long_word_share <= readability.MAX_LONG_WORD_SHARE
    assert result.words == 25


def test_a_hard_dutch_text_is_above_b1_on_every_measure():
    result = readability.check(HARD)
    assert result.above_b1
    assert result.flesch_douma < readability.MIN_FLESCH_DOUMA
    assert result.words_per_sentence > readability.MAX_WORDS_PER_SENTENCE
    assert result.long_word_share > readability.MAX_LONG_WORD_SHARE
    assert len(result.reasons) == 3
    assert "B1" in result.hint


def test_long_sentences_alone_make_a_text_above_b1():
    # Short words, one long sentence: only the sentence length gives it away.
    text = (
        "Je pakt de app en je kijkt wie er is en dan druk je op de knop en dan zie je "
        "je zus en dan praat je met haar en dan ben je klaar."
    )
    result = readability.check(text)
    assert result.words_per_sentence > readability.MAX_WORDS_PER_SENTENCE
    assert result.long_word_share <= readability.MAX_LONG_WORD_SHARE
    assert result.above_b1
    assert len(result.reasons) == 1


def test_long_words_counted_by_syllables():
    result = readability.check("Zorgvoorzieningen informatiebeveiliging telefoon. Ik bel.")
    # zorgvoorzieningen, informatiebeveiliging and telefoon have three syllables or more.
    assert result.long_word_share == pytest.approx(3 / 5)


def test_other_languages_are_not_checked():
    result = readability.check("This is a short English sentence.", lang="en")
    assert not result.checked
    assert not result.above_b1
    assert result.flesch_douma is None
    assert "Dutch" in result.hint


def test_dutch_with_a_region_is_checked():
    assert readability.check(PLAIN, lang="nl-BE").checked


def test_empty_text_has_no_hint():
    result = readability.check("   ")
    assert result.checked
    assert result.words == 0
    assert not result.above_b1


def test_the_check_sets_the_language_itself():
    """textstat's language is global: whatever another caller set, Dutch is measured."""
    textstat.set_lang("en_US")
    dutch = readability.check(HARD)
    textstat.set_lang("nl")
    assert readability.check(HARD) == dutch
