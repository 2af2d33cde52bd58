"""Likely duplicate partners: the same organisation written a little differently.

Names are compared in their normalised form (models.normalise_name: lower case, no accents,
no punctuation, no legal form, with the place), scored with rapidfuzz's token_set_ratio, and
a score of THRESHOLD (90) or more counts as a likely duplicate. token_set_ratio ignores word
order and words that only one of the two names has, so "Stichting De Brug, Amsterdam" and
"De Brug Amsterdam" score 100 and "De Brugg Amsterdam" 97, while "De Brug Utrecht" stays
below 70.

Two refinements keep branches and look-alikes apart:
- Names that each have a word the other lacks, and those words are not the same word with a
  typo (fuzz.ratio of the differing words below SAME_WORD, 80), are different partners:
  "Wijkteam Noord" and "Wijkteam Zuid", "Buurtzorg Oost" and "Buurtzorg West" (which
  token_set_ratio alone scores 92, carried by the long shared part). The score is then that
  of the differing words.
- When the shorter of the two is a single word, every name containing that word would score
  100 ("zorg" against "buurtzorg plus zorg"), so a single word is compared as a whole with
  token_sort_ratio instead.

The place is part of the normalised name where both partners have one; where either has
none, names are compared alone, so "Humanitas" without a place still finds "Humanitas,
Amsterdam".

The import compares many rows with one organisation's partners: DuplicateFinder reads them
once. The partner form asks for one name: likely_duplicates.
"""

from rapidfuzz import fuzz, process

from .models import Partner, normalise_name

THRESHOLD = 90
# Two words this alike (ratio) are one word with a typo: "brug" and "brugg" (89).
SAME_WORD = 80


def similarity(a, b):
    """The score (0-100) of two normalised names, as described above."""
    if not a or not b:
        return 0
    words_a, words_b = set(a.split()), set(b.split())
    if min(len(words_a), len(words_b)) < 2:
        return fuzz.token_sort_ratio(a, b)
    only_a, only_b = words_a - words_b, words_b - words_a
    if only_a and only_b:
        differing = fuzz.ratio(" ".join(sorted(only_a)), " ".join(sorted(only_b)))
        if differing < SAME_WORD:
            return differing
    return fuzz.token_set_ratio(a, b)


def _scorer(a, b, **kwargs):
    score = similarity(a, b)
    cutoff = kwargs.get("score_cutoff") or 0
    return score if score >= cutoff else 0


class DuplicateFinder:
    """The partners of one organisation, read once, to compare many names against."""

    def __init__(self, organisation_id, *, exclude_pk=None):
        rows = Partner.objects.filter(organisation_id=organisation_id)
        if exclude_pk is not None:
            rows = rows.exclude(pk=exclude_pk)
        # With the place where both have one; by name alone where either has none, so
        # "Humanitas" without a place still finds "Humanitas, Amsterdam".
        self._with_place, self._bare = {}, {}
        for pk, name, place in rows.values_list("pk", "name", "place"):
            self._bare[pk] = normalise_name(name)
            if place.strip():
                self._with_place[pk] = normalise_name(name, place)

    def scores(self, name, place="", *, limit=5):
        """[(partner pk, score)] of likely duplicates, best first."""
        bare = normalise_name(name)
        if not bare:
            return []
        best = {}
        if place.strip():
            wanted = normalise_name(name, place)
            without_place = {pk: n for pk, n in self._bare.items() if pk not in self._with_place}
            searches = [(wanted, self._with_place), (bare, without_place)]
        else:
            searches = [(bare, self._bare)]
        for query, choices in searches:
            if not choices:
                continue
            found = process.extract(
                query, choices, scorer=_scorer, score_cutoff=THRESHOLD, limit=limit
            )
            for _name, score, pk in found:
                best[pk] = max(best.get(pk, 0), round(score))
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return ranked[:limit]


def with_scores(scores):
    """The partners of [(pk, score)], in that order, each with `similarity` set. One query."""
    if not scores:
        return []
    partners = Partner.objects.select_related("category").in_bulk([pk for pk, _s in scores])
    found = []
    for pk, score in scores:
        partner = partners.get(pk)
        if partner is not None:
            partner.similarity = score
            found.append(partner)
    return found


def likely_duplicates(organisation_id, name, place, exclude_pk=None, limit=5):
    """Partners of the organisation whose name (with place) looks like `name` in `place`:
    a list of Partner objects, most alike first, each with `similarity` (90-100). Two
    queries; an empty list when the name is empty."""
    if not (name or "").strip():
        return []
    finder = DuplicateFinder(organisation_id, exclude_pk=exclude_pk)
    return with_scores(finder.scores(name, place or "", limit=limit))
