"""What works before logging in: the language switch on the login page, and the site icon."""

import re
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def csrf_token(body):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def test_anonymous_language_switch_turns_the_login_page_english():
    c = Client(enforce_csrf_checks=True)
    login = reverse("login")
    page = c.get(login).content.decode()
    assert '<html lang="nl">' in page
    response = c.post(
        reverse("set_language"),
        {"language": "en", "next": login, "csrfmiddlewaretoken": csrf_token(page)},
    )
    assert response.status_code == 302 and response.url == login
    assert c.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = c.get(login).content.decode()
    assert '<html lang="en">' in page
    assert "Sign in with the account your coordinator gave you." in page


def test_anonymous_language_switch_still_needs_the_csrf_token():
    c = Client(enforce_csrf_checks=True)
    c.get(reverse("login"))
    response = c.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in c.cookies


def test_favicon_ico_leads_to_the_svg_icon_without_login():
    response = Client().get("/favicon.ico")
    assert response.status_code == 302
    assert response.url == static("favicon.svg")
    path = finders.find("favicon.svg")
    assert path, "static/favicon.svg is missing"
    root = ElementTree.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_pages_name_the_icon(client_for, employee):
    link = f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">'
    assert link in Client().get(reverse("login")).content.decode()
    signed_in = client_for(employee).get(reverse("coalition:dashboard"))
    assert link in signed_in.content.decode()
    # The error page stands alone, without base.html.
    assert link in render_to_string("500.html")
