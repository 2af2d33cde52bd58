"""Every e-mail the app sends goes through `send_templated_mail`.

One template per mail, written in HTML (extending coalition/email/base.html). The plain-text
part is derived from that same HTML by `html_to_text`, so the two parts cannot drift apart:
they say the same and carry the same links. Mail templates keep to the few elements that read
well without CSS and convert cleanly: p, br, h1/h2, ul/ol/li, a href, strong/em and footer.
Links in the text part read "link text: address", each address ending at a space or line end.
"""

import re
from contextlib import nullcontext
from html.parser import HTMLParser

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .sanitize import one_line


def absolute_url(path):
    """The address of a page of the app (`path` from `reverse` or `get_absolute_url`) for use
    outside it, on the site address production is configured with."""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"not a path inside the app: {path!r}")
    return settings.SITE_URL.rstrip("/") + path


def render_mail(*, template, context, subject):
    """(text, html) of one mail: the HTML rendered with autoescaping, the text derived from it."""
    html = render_to_string(template, {**context, "subject": subject})
    return html_to_text(html), html


def send_templated_mail(*, template, context, to, subject, attachments=(), language=None):
    """Send one multipart/alternative mail (text and HTML from `template`) to the addresses in
    `to`, with `attachments` as (filename, content, mimetype). In `language` when given (a task
    has no request to take it from), else in the active language. Returns the sent message.
    The subject is made one line: a title typed with a line break would stop the mail."""
    with translation.override(language) if language else nullcontext():
        subject = one_line(subject)
        text, html = render_mail(template=template, context=context, subject=subject)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=list(to)
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
    return message


# --- HTML to plain text --------------------------------------------------------------------

_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's white space; a non-breaking space stays
_SKIPPED = {"head", "title", "style", "script", "template"}
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "table", "hr"}
_LINES = {"div", "li", "tr", "section", "main", "header", "article", "address"}
_SIGNATURE = "\x1e"  # stands for the separator "-- " until the end, where lines are trimmed


def html_to_text(html):
    """The plain text of a mail's HTML: paragraphs apart by a blank line, `<br>` as a line
    break, list items as "- item", a link as "text: address", and the footer after the
    signature separator "-- " (which mail programs recognise)."""
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    return writer.text()


class _TextWriter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.breaks = 0  # line breaks owed before the next text
        self.tight = False  # right after the signature separator: its text follows on the next line
        self.skipping = 0
        self.links = []  # (href, index in `out` where the link text starts)

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self._break(1, force=True)
        elif tag in _PARAGRAPHS:
            self._break(2)
        elif tag in _LINES:
            self._break(1)
            if tag == "li":
                self._write("- ")
        elif tag == "footer":
            self._break(2)
            self._write(_SIGNATURE)
            self._break(1, force=True)
            self.tight = True
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.out)))

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _PARAGRAPHS or tag == "footer":
            self._break(2)
        elif tag in _LINES:
            self._break(1)
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.out[start:]).strip()
            if href and href != label:
                self._write(f": {href}" if label else href)

    def handle_data(self, data):
        if self.skipping:
            return
        text = _SPACE.sub(" ", data)
        if not self.out or self.breaks or self.out[-1].endswith(" "):
            text = text.lstrip(" ")
        if text:
            self._write(text)

    def _break(self, count, *, force=False):
        """Owe `count` line breaks before the next text; `force` also after one just made
        (two `<br>` in a row make an empty line). None at the very start."""
        if not self.out:
            return
        if force:
            self.breaks += count
        elif not self.tight:
            self.breaks = max(self.breaks, count)

    def _write(self, text):
        if self.breaks:
            self.out.append("\n" * self.breaks)
            self.breaks = 0
        self.tight = False
        self.out.append(text)

    def text(self):
        # The signature separator keeps its space: "-- " is how mail programs find it.
        lines = "".join(self.out).split("\n")
        text = "\n".join("-- " if line == _SIGNATURE else line.rstrip() for line in lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
