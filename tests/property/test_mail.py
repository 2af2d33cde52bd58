"""Mail made from what people typed (a meeting series' title in the subject of its
minutes, a decision's title in its notification): it always goes out, with a subject of
one line, and its HTML shows the text as text."""

import re

from django.core import mail
from hypothesis import example, given

from coalition.mail import send_templated_mail

from .checks import no_raw_markup
from .strategies import field_text


@given(title=field_text)
@example(title="RRO\nOost")
@example(title="RRO <script>alert('x')</script>\r\nBcc: iemand@example.org")
def test_a_mail_goes_out_whatever_its_subject_holds(title):
    mail.outbox = []  # the test settings send mail to this list
    send_templated_mail(
        template="coalition/email/minutes.html",
        context={"title": title, "date": "05-01-2026", "link": "https://example.org/rro/1/"},
        to=["ann@example.org"],
        subject=f"Notulen van {title}, 05-01-2026",
    )
    (message,) = mail.outbox
    message.message()  # the headers as they are sent
    # One line, the same words: a control character counts as a space.
    typed = re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", f"Notulen van {title}, 05-01-2026")
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject.split() == typed.split()
    html = message.alternatives[0][0]
    no_raw_markup(html)
