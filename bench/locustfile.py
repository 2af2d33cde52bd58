"""The load test's users (locust): each logs in as one demo role and walks the main pages
of that role, a second or so apart. Run by bench/load.py; hosts come from LOAD_HOSTS.

The app runs with its production settings, behind no TLS proxy on loopback: each request
says it came through one (X-Forwarded-Proto), and the secure cookies are sent back over the
plain connection, which a browser would do over HTTPS."""

import itertools
import os
import re

from locust import HttpUser, between, task

HOSTS = itertools.cycle(os.environ.get("LOAD_HOSTS", "http://127.0.0.1:8101").split(","))
PASSWORD = os.environ.get("LOAD_PASSWORD", "coalitie-demo")
# Who, and the pages they open most: the main journeys of each part.
ROLES = itertools.cycle(
    [
        ("coordinator", ["/", "/mensen/", "/organisaties/", "/regiegroep/", "/toegang/"]),
        ("teamlead", ["/", "/dilemmas/", "/dilemmas/casussen/", "/meldingen/"]),
        ("intake", ["/", "/digitaal/", "/digitaal/clienten/", "/digitaal/menukaart/"]),
        ("steering", ["/", "/regiegroep/", "/relatiebeheer/", "/zoeken/?q=zorg"]),
        ("workgroup", ["/", "/dilemmas/", "/dilemmas/casussen/", "/dilemmas/sessies/"]),
        ("relations", ["/", "/relatiebeheer/", "/relatiebeheer/partners/"]),
        ("careworker", ["/", "/digitaal/clienten/", "/digitaal/menukaart/"]),
        ("employee", ["/", "/dilemmas/", "/hulp/"]),
    ]
)
HTTPS = {"X-Forwarded-Proto": "https"}


class Staff(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.host = next(HOSTS)
        self.client.base_url = self.host
        self.username, self.pages = next(ROLES)
        self.pages = itertools.cycle(self.pages)
        form = self.client.get("/accounts/login/", headers=HTTPS, name="login form")
        self._plain_cookies()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        self.client.post(
            "/accounts/login/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={**HTTPS, "Referer": self.host.replace("http:", "https:") + "/accounts/login/"},
            name="login",
        )
        self._plain_cookies()

    def _plain_cookies(self):
        for cookie in self.client.cookies:
            cookie.secure = False

    @task
    def open_a_page(self):
        path = next(self.pages)
        with self.client.get(path, headers=HTTPS, name=path, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")
            elif "/accounts/login/" in response.url:
                response.failure(f"sent to the login page from {path}")
