"""What the menu tests share: a hard Dutch text and the address of a menu page."""

from django.urls import reverse

HARD_DUTCH = (
    "De gemeente biedt ondersteuning bij het aanvragen van maatschappelijke voorzieningen "
    "via het digitale loket, mits de aanvrager beschikt over een geactiveerde DigiD met "
    "sms-controle en de noodzakelijke bewijsstukken tijdig worden aangeleverd."
)


def url(name, *args, **query):
    path = reverse(f"digital:{name}", args=args)
    if query:
        path += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return path
