"""What people type, at its worst: any Unicode a form can carry (surrogates cannot travel
in a request, so they are left out), control characters, right-to-left text and emoji,
markup and script, and text of a few thousand characters."""

from hypothesis import strategies as st

# Markup that must never come back as markup. Each piece holds one of MARKUP_PROBES, the
# raw form a page may never contain.
MARKUP = [
    "<script>alert('x')</script>",
    "<b>vet</b>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</textarea><script>alert('x')</script>",
    '<a href="javascript:alert(1)">klik</a>',
    "<iframe src=//example.org></iframe>",
    "<meta http-equiv=refresh content=0>",
    "<!-- -->{{ 7|add:7 }}{% csrf_token %}",
]
MARKUP_PROBES = [
    "<script>alert",
    "<b>vet",
    "<img src=x onerror",
    "<svg onload",
    '<a href="javascript:',
    "<iframe src=//example.org",
    "<meta http-equiv=refresh",
]

RTL_AND_EMOJI = [
    "مرحبا بالعالم",
    "שלום עולם",
    "\u202eevil\u202c",
    "👩🏽‍⚕️🇳🇱",
    "e\u0301 ﬁ Å",
    "𝕳𝖊𝖑𝖑𝖔",
    "Ĳsselmeer 'Tilde~' & Co.",
    "zero\u200bwidth\ufeff",
]

# C0 and C1 controls, DEL, line and paragraph separators and the byte order mark.
controls = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x1F),
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    st.sampled_from("\u2028\u2029\ufeff\u200e\u200f"),
)
any_char = st.characters(codec="utf-8")  # every code point but the surrogates

_piece = st.one_of(
    st.text(any_char, max_size=12),
    st.text(st.characters(codec="ascii", categories=("L", "N", "Zs")), min_size=1, max_size=12),
    st.sampled_from(MARKUP),
    st.sampled_from(RTL_AND_EMOJI),
    controls,
)


def _long(args):
    chunk, length = args
    chunk = chunk or "x"
    return (chunk * (length // len(chunk) + 1))[:length]


#: Text of a few thousand characters, built from a short generated piece.
long_text = st.tuples(st.text(any_char, min_size=1, max_size=8), st.integers(150, 4000)).map(_long)

#: Any text a person might paste into a field, mostly short.
text = st.one_of(
    st.lists(_piece, max_size=6).map("".join),
    st.lists(_piece, max_size=6).map("".join),
    st.lists(_piece, max_size=6).map("".join),
    long_text,
)

#: Text with markup in it, somewhere.
_short = st.lists(_piece, max_size=3).map("".join)
markup_text = st.tuples(_short, st.sampled_from(MARKUP), _short).map("".join)

#: Any text for a field, markup included.
field_text = st.one_of(text, markup_text)

# --- Form data: gentle and wild ---------------------------------------------------------

_gentle_piece = st.one_of(
    st.text(st.characters(codec="ascii", categories=("L", "N", "Zs")), min_size=1, max_size=12),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8),
    st.sampled_from(MARKUP),
    st.sampled_from(RTL_AND_EMOJI),
    controls.filter(lambda char: char != "\x00"),
)
#: What a careful person might still type: markup, emoji, right-to-left text, a control
#: character (no NUL), short enough for most fields.
gentle_text = st.lists(_gentle_piece, min_size=1, max_size=5).map("".join)


class Text:
    """A free-text field: gentle text fit for the field, or any text at all."""

    def __init__(self, max_length=None, *, required=False):
        self.max_length, self.required = max_length, required

    def strategy(self, gentle):
        if not gentle:
            return field_text
        text = gentle_text
        if self.max_length:
            text = text.map(lambda value: value[: self.max_length])
        if self.required:
            text = text.filter(lambda value: value.strip())
        return text


class Choice:
    """A choice field: one of its values, or (wild) sometimes any text instead."""

    def __init__(self, *values):
        self.values = values

    def strategy(self, gentle):
        valid = st.sampled_from(self.values)
        return valid if gentle else st.one_of(valid, valid, field_text)


class Either:
    """A field with a gentle strategy of its own, and a wild one."""

    def __init__(self, gentle, wild=None):
        self.gentle, self.wild = gentle, wild

    def strategy(self, gentle):
        if gentle:
            return self.gentle
        return self.wild if self.wild is not None else st.one_of(self.gentle, field_text)


def form(**fields):
    """POST data for a form: each field a Text, a Choice or a strategy of its own. Half of
    the examples are gentle in every field (so accepted forms are common), the other half
    wild in every field (so are refusals)."""

    def build(gentle):
        return st.fixed_dictionaries(
            {
                name: spec.strategy(gentle) if isinstance(spec, (Text, Choice, Either)) else spec
                for name, spec in fields.items()
            }
        )

    return st.booleans().flatmap(build)
