"""People's names in the order of a Dutch address book.

A Dutch address book files "Jan de Vries" under V: the tussenvoegsels ("de", "van der",
"in 't") come before the surname when the name is written out, but not when it is sorted.
Among the Vries, "de Vries" comes before "van Vries", and then the first name decides.

People type their names in the app as they like, so the last name field is read as:
"de Vries" (the usual way), "Vries, de" (address-book style), and a first name field of
"Jan de" with "Vries" as last name is understood too. Case and accents never count.
"""

import unicodedata

# The words of the Dutch register's list of voorvoegsels (BRP table 36) that people meet in
# practice; combinations ("van der", "in 't", "op de") are these words in a row.
TUSSENVOEGSELS = frozenset(
    {
        "'s",
        "'t",
        "aan",
        "bij",
        "d'",
        "da",
        "das",
        "de",
        "del",
        "della",
        "den",
        "der",
        "des",
        "di",
        "dos",
        "du",
        "het",
        "in",
        "l'",
        "la",
        "le",
        "les",
        "onder",
        "op",
        "over",
        "te",
        "ten",
        "ter",
        "thoe",
        "toe",
        "tot",
        "uit",
        "uijt",
        "v.",
        "v.d.",
        "v/d",
        "van",
        "vanden",
        "vander",
        "vd",
        "voor",
        "vom",
        "von",
        "zu",
        "zum",
        "zur",
    }
)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})


def fold(text):
    """`text` for comparing: without accents, case or runs of spaces."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_APOSTROPHES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _is_tussenvoegsel(word):
    return fold(word) in TUSSENVOEGSELS


def _split_elision(words):
    """ "d'Ancona" is the tussenvoegsel "d'" and the surname "Ancona"."""
    if words:
        first = fold(words[0])
        for elision in ("d'", "l'"):
            if first.startswith(elision) and len(first) > len(elision):
                return [words[0][: len(elision)], words[0][len(elision) :], *words[1:]]
    return words


def split_last_name(last_name):
    """(tussenvoegsels, surname) of a last name as typed: "van der Berg" -> ("van der", "Berg").

    A name that is nothing but such words ("Van") is all surname."""
    text = " ".join((last_name or "").translate(_APOSTROPHES).split())
    if "," in text:
        # "Vries, de": the address-book spelling of "de Vries".
        surname, _comma, rest = text.partition(",")
        rest_words = rest.split()
        if surname.strip() and rest_words and all(map(_is_tussenvoegsel, rest_words)):
            return " ".join(rest_words), surname.strip()
        text = text.replace(",", " ")
    words = _split_elision(text.split())
    cut = 0
    while cut < len(words) - 1 and _is_tussenvoegsel(words[cut]):
        cut += 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def sort_key_for(first_name, last_name, username=""):
    """The address-book key of a name: surname, tussenvoegsels, first name (all folded)."""
    first_words = (first_name or "").translate(_APOSTROPHES).split()
    trailing = []
    # "Jan de" + "Vries": the tussenvoegsel was typed with the first name.
    while len(first_words) > 1 and _is_tussenvoegsel(first_words[-1]):
        trailing.insert(0, first_words.pop())
    particles, surname = split_last_name(last_name)
    particles = " ".join([*trailing, particles]).strip()
    first = " ".join(first_words)
    if not surname:
        # Without a last name the first name, or else the username, is what people look for.
        surname, first = first or username, ""
    return (fold(surname), fold(particles), fold(first), fold(username))


def sort_key(user):
    """The address-book key of a user: "Jan de Vries" files under "vries"."""
    return sort_key_for(user.first_name, user.last_name, user.get_username())


def full_name(user):
    """A person's name as others write it, or the username when there is no name."""
    return user.get_full_name() or user.get_username()
