"""Shared steps of the browser journeys (Playwright on Debian's Chromium)."""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from coalition.demo import DEMO_PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
_axe = Axe()


def login(page, live_server, username, password=DEMO_PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def logout(page):
    # On a narrow screen "Uitloggen" sits behind the header's menu button.
    menu = page.locator("header .menu-toggle")
    if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def assert_accessible(page, context=""):
    """Run axe-core (WCAG 2.1 A and AA rules) on the current page; fail on any violation."""
    results = _axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    violations = results.response["violations"]
    assert not violations, f"axe violations on {context or page.url}:\n" + results.generate_report()


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


PHONE = {"width": 390, "height": 844}


def fits(page, width=PHONE["width"]):
    """Nothing on the page is wider than the screen (no sideways scrolling)."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide"
