"""Destructive actions ask once, saying what will be lost, or can be undone.

Every form in the templates whose action removes, resets, withdraws, retires or cancels
something carries `data-confirm` with the question (coalition.js asks it before the form is
sent), or is listed below with the reason it needs no question: it is itself the question
page, or the action offers an undo afterwards."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DESTRUCTIVE = re.compile(r"(delete|remove|reset|withdraw|retire|cancel|close|reject)")
FORM = re.compile(r"<form\b[^>]*>", re.S)
ACTION = re.compile(r"""action="\{% url '([a-z_]+:[a-z_]+)'""")

# url name: why this form needs no question of its own.
NO_QUESTION = {
    "dilemmas:consultation_withdraw": "the form sits on its own page that asks the question",
    "coalition:grant_reject": "a refusal takes nothing away: the request can be made again",
}


def templates():
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" not in path.parts:
            yield path


def destructive_forms():
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for tag in FORM.findall(text):
            found = ACTION.search(tag)
            if found and DESTRUCTIVE.search(found.group(1).split(":")[1]):
                yield path.relative_to(ROOT), found.group(1), tag


def test_templates_are_found():
    assert sum(1 for _ in templates()) > 100
    assert sum(1 for _ in destructive_forms()) > 10


def test_questions_built_in_the_template_are_whole_sentences():
    for path in templates():
        for question in re.findall(
            r"\{% blocktranslate asvar \w+[^%]*%\}(.*?)\{% endblocktranslate %\}",
            path.read_text(encoding="utf-8"),
            re.S,
        ):
            if "?" in question:
                assert len(question) > 30, f"{path}: {question}"


def test_every_destructive_form_asks_first_or_can_be_undone():
    missing = [
        f"{path}: {name}"
        for path, name, tag in destructive_forms()
        if "data-confirm=" not in tag and name not in NO_QUESTION
    ]
    assert not missing, "Add data-confirm with what will be lost:\n" + "\n".join(missing)


def test_the_question_says_what_is_lost():
    """A question names the thing or what happens, not just "Are you sure?". A question
    built with `{% blocktranslate asvar %}` (to name the thing) is checked where it is made."""
    vague = [
        f"{path}: {name}"
        for path, name, tag in destructive_forms()
        if re.search(r'data-confirm="(?!\{\{)[^"]{0,20}"', tag)
    ]
    assert not vague, "\n".join(vague)
