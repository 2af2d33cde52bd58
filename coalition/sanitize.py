"""User-entered text that may carry a little markup (help texts of questions), and text
that must fit on one line (one_line: a mail subject made from a title).

Everything else users type is escaped by the templates. Where a small safe subset is
allowed, nh3 (a well-kept sanitiser) keeps links and emphasis and removes every other tag
and attribute, including `<meta http-equiv=refresh>`, scripts, styles and event handlers.
"""

import unicodedata

import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"a", "em", "strong", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def clean_markup(text):
    """The text with only links, emphasis and line breaks left (a plain str)."""
    return nh3.clean(
        text or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def safe_markup(text):
    """For rendering: cleaned again on the way out, then marked safe."""
    return mark_safe(clean_markup(text))  # noqa: S308 - sanitised by nh3 just above


def one_line(text, max_length=None):
    """Text for a place that holds one line (a mail subject, a notification's title): line
    breaks, control characters and runs of white space become one space. Longer than
    `max_length`, it ends in an ellipsis; the whole text stays where it came from."""
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in str(text))
    text = " ".join(text.split())
    if max_length and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text
