"""A plain-language check for the menu's Dutch texts: is a text probably at B1 or below?

About four in ten Dutch adults read at B1 or below, and many clients of the coalition read
less well than that; the menu is written for them. The check is a hint for the writer,
never a gate: a score cannot tell whether a text is clear, only that it is probably not.

A text counts as above B1 when any one of these holds:

- Flesch-Douma below 60 (`MIN_FLESCH_DOUMA`). Douma's adaptation of Flesch Reading Ease for
  Dutch, 206.835 - 0.93 x words per sentence - 77 x syllables per word; 60-70 reads as
  "fairly easy", the band Dutch plain-language guides give for B1 texts.
- More than 20 words per sentence on average (`MAX_WORDS_PER_SENTENCE`): the usual B1
  advice is sentences of at most 15-20 words, so a longer average means many sentences
  are longer than a B1 reader can hold.
- More than 15% long words (`MAX_LONG_WORD_SHARE`). A long word here is a word of three or
  more syllables as textstat counts them (pyphen's Dutch hyphenation), the measure Gunning
  and Flesch use for "hard words"; Dutch compounds (zorgvoorzieningen,
  informatiebeveiliging) land here. Everyday three-syllable words (telefoon, computer)
  keep a plain text at roughly 5-12%; official Dutch goes well above 25%.

textstat keeps its language in one global setting, so `check` sets it on every call under a
lock: another request checking a text in another language cannot change it halfway.
"""

import threading
from dataclasses import dataclass, field

import textstat
from django.utils.translation import gettext as _

MIN_FLESCH_DOUMA = 60
MAX_WORDS_PER_SENTENCE = 20
MAX_LONG_WORD_SHARE = 0.15
LONG_WORD_SYLLABLES = 3

_textstat_lock = threading.Lock()


def is_dutch(lang):
    return (lang or "").split("-")[0].split("_")[0].lower() == "nl"


@dataclass(frozen=True)
class Readability:
    """The outcome of `check`. For a text that is not Dutch only `checked` (False) and the
    hint are set; `reasons` name what makes a Dutch text above B1, one line each."""

    checked: bool
    words: int = 0
    flesch_douma: float | None = None
    words_per_sentence: float | None = None
    long_word_share: float | None = None
    reasons: tuple = field(default_factory=tuple)
    hint: str = ""

    @property
    def above_b1(self):
        return bool(self.reasons)

    @property
    def long_word_percentage(self):
        return None if self.long_word_share is None else round(self.long_word_share * 100)


def check(text, lang="nl"):
    """Measure `text` against the B1 thresholds above; only Dutch is checked."""
    if not is_dutch(lang):
        return Readability(
            checked=False, hint=_("The plain-language check is for Dutch texts only.")
        )
    text = (text or "").strip()
    with _textstat_lock:
        textstat.set_lang("nl")
        words = textstat.remove_punctuation(text).split()
        if not words:
            return Readability(checked=True)
        score = float(textstat.flesch_reading_ease(text))
        per_sentence = float(textstat.words_per_sentence(text))
        long_words = sum(1 for w in words if textstat.syllable_count(w) >= LONG_WORD_SYLLABLES)
    share = long_words / len(words)
    reasons = []
    if score < MIN_FLESCH_DOUMA:
        reasons.append(
            _("The reading ease score is %(score)s; aim for %(minimum)s or more.")
            % {"score": round(score), "minimum": MIN_FLESCH_DOUMA}
        )
    if per_sentence > MAX_WORDS_PER_SENTENCE:
        reasons.append(
            _("Sentences have %(count)s words on average; keep them to %(maximum)s or fewer.")
            % {"count": round(per_sentence), "maximum": MAX_WORDS_PER_SENTENCE}
        )
    if share > MAX_LONG_WORD_SHARE:
        reasons.append(
            _("%(percentage)s%% of the words are long; keep that under %(maximum)s%%.")
            % {"percentage": round(share * 100), "maximum": round(MAX_LONG_WORD_SHARE * 100)}
        )
    hint = ""
    if reasons:
        hint = _(
            "This text is probably above language level B1. Use short sentences and everyday "
            "words, and split long compound words."
        )
    return Readability(
        checked=True,
        words=len(words),
        flesch_douma=round(score, 1),
        words_per_sentence=round(per_sentence, 1),
        long_word_share=share,
        reasons=tuple(reasons),
        hint=hint,
    )
