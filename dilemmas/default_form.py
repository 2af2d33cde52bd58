"""The default case form that ships with the app, in the spirit of the dilemma method.

A working group starts from it and publishes its own versions; cases keep the version they
were written on. The questions are content in Dutch, the language of the people who use it.
Used by the data migration and by the demo seeder (a test database flush removes it).
"""

from django.utils import timezone

QUESTIONS = [
    (
        "Wat is de situatie?",
        "Beschrijf wat er gebeurde, zonder namen of andere gegevens waaraan een cliënt "
        "te herkennen is.",
        True,
    ),
    (
        "Wat is de morele vraag?",
        "Formuleer het dilemma als één vraag: moet ik … of moet ik …?",
        True,
    ),
    (
        "Welke opties zie je, en tegen welke waarde of norm gaat elke optie in?",
        "Bij een moreel dilemma lijkt elke optie een belangrijke waarde of norm te schaden. "
        "Noem per optie welke.",
        True,
    ),
    (
        "Wie zijn erbij betrokken?",
        "Cliënt, naasten, collega's, de organisatie: wie raakt het, en hoe? Zonder namen.",
        True,
    ),
    (
        "Hoe weeg je de opties af?",
        "Welke argumenten wegen voor jou het zwaarst, en waarom?",
        True,
    ),
    (
        "Wat is je keuze (of wat was die)?",
        "Het mag ook zijn dat je nog niet weet wat je kiest.",
        False,
    ),
    (
        "Wat is er nodig als vervolg?",
        "Wat wil je afspreken, met wie, en wat heb je zelf nodig?",
        False,
    ),
]


def ensure_default_form(version_model, question_model):
    """Create version 1 of the default form unless it exists; return it."""
    version = version_model.objects.filter(group__isnull=True, number=1).first()
    if version is not None:
        return version
    version = version_model.objects.create(group=None, number=1, published_at=timezone.now())
    for order, (title, help_text, required) in enumerate(QUESTIONS, start=1):
        question_model.objects.create(
            version=version, order=order, title=title, help_text=help_text, required=required
        )
    return version
