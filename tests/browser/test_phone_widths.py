"""Everyday use on a phone: every page a demo role reaches fits a 390 px screen, and the header
folds into a "Menu" button that works with the keyboard and without JavaScript."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from coalition.demo import USERS
from regiegroep.models import Scenario, SteeringGroup
from tests.browser.helpers import PHONE, assert_accessible, fits, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
SMALLEST = {"width": 320, "height": 640}
MAX_PAGES_PER_ROLE = 40
MAX_HEADER_HEIGHT = 90
SKIP_PREFIXES = ("/beheer/", "/accounts/logout/", "/i18n/", "/static/", "/media/")
DOWNLOAD = re.compile(r"[./](pdf|ics|csv|xlsx)/?$", re.IGNORECASE)
PAGE_QUERY = re.compile(r"page=\d+")

# The element that sticks out furthest on the right, to say where to look. An element inside a
# box that scrolls sideways is clipped by it, unless it is positioned absolutely and escapes.
WIDEST_ELEMENT = """() => {
  const clipped = (el) => {
    if (["absolute", "fixed"].includes(getComputedStyle(el).position)) return false;
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  let widest = null;
  for (const el of document.body.querySelectorAll("*")) {
    const right = Math.round(el.getBoundingClientRect().right);
    if (right > window.innerWidth && (!widest || right > widest.right) && !clipped(el)) {
      const classes = String(el.className || "").trim().split(/\\s+/).filter(Boolean);
      widest = {right, name: [el.tagName.toLowerCase(), ...classes].join(".")};
    }
  }
  return widest ? `${widest.name} reaches ${widest.right}px` : "no single element";
}"""


@pytest.fixture
def demo_data(transactional_db, settings):
    settings.DEBUG = True  # seed_demo refuses without it
    call_command("seed_demo", verbosity=0)


def _shape(path, query):
    """Pages that differ only in ids show the same template: one of each is enough here."""
    return re.sub(r"/\d+(?=/|$)", "/N", path) + ("?page" if query else "")


def _to_follow(url, host):
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and parts.netloc == host
        and not parts.path.startswith(SKIP_PREFIXES)
        and not DOWNLOAD.search(parts.path)
        and (not parts.query or PAGE_QUERY.fullmatch(parts.query))
    )


def _too_wide_pages(page, live_server):
    """Visit up to MAX_PAGES_PER_ROLE pages from the dashboard, breadth first (the navigation
    and the dashboard's own links come first); return (url, width, hint) for each page wider
    than the screen."""
    host = urlsplit(live_server.url).netloc
    queue, shapes, too_wide = [f"{live_server.url}/"], set(), []
    while queue and len(shapes) < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        parts = urlsplit(url)
        shape = _shape(parts.path, parts.query)
        if shape in shapes:
            continue
        shapes.add(shape)
        try:
            response = page.goto(url)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):  # an export without a file extension
                continue
            raise
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            too_wide.append((path, width, page.evaluate(WIDEST_ELEMENT)))
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            href = href.split("#")[0]
            if _to_follow(href, host) and _shape(*urlsplit(href)[2:4]) not in shapes:
                queue.append(href)
    return too_wide


def test_no_page_is_wider_than_a_phone_for_any_role(demo_data, live_server, browser):
    too_wide = []
    for username in USERS:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        login(page, live_server, username)
        too_wide += [(username, *entry) for entry in _too_wide_pages(page, live_server)]
        context.close()
    assert not too_wide, f"wider than {PHONE['width']}px:\n" + "\n".join(
        f"  {username}: {path} is {width}px ({hint})" for username, path, width, hint in too_wide
    )


def _menu_parts(page):
    return (
        page.locator("header").get_by_role("button", name="Menu"),
        page.get_by_role("navigation", name="Hoofdnavigatie"),
        page.get_by_role("button", name="Uitloggen"),
    )


def test_the_header_folds_into_a_menu_on_a_phone(demo_data, live_server, page):
    page.set_viewport_size(PHONE)
    login(page, live_server, "coordinator")
    menu, nav, logout = _menu_parts(page)
    header_height = page.locator("header.site-header").bounding_box()["height"]
    assert header_height <= MAX_HEADER_HEIGHT
    assert menu.get_attribute("aria-expanded") == "false"
    assert set(menu.get_attribute("aria-controls").split()) == {"header-tools", "main-nav"}
    expect(nav).to_be_hidden()
    expect(logout).to_be_hidden()
    assert_accessible(page, "dashboard on a phone, menu closed")
    screenshot(page, "phone-dashboard-menu-closed")

    # By keyboard: past the skip link and the brand to the button, which shows its focus.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert menu.evaluate("el => el === document.activeElement")
    assert menu.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    expect(nav).to_be_visible()
    expect(logout).to_be_visible()
    expect(nav.get_by_role("link", name="Inzagelog")).to_be_visible()
    fits(page)
    assert_accessible(page, "dashboard on a phone, menu open")
    screenshot(page, "phone-dashboard-menu-open")

    # Tab goes on into the menu; Escape closes it and puts focus back on the button.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#header-tools') !== null")
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.evaluate("el => el === document.activeElement")
    expect(nav).to_be_hidden()
    page.keyboard.press("Space")
    expect(nav).to_be_visible()

    # The menu opens the same way on the next page.
    nav.get_by_role("link", name="Regiegroep").click()
    page.wait_for_load_state()
    expect(nav).to_be_hidden()
    assert page.locator("header.site-header").bounding_box()["height"] <= MAX_HEADER_HEIGHT


def test_the_header_is_unchanged_on_a_wide_screen(demo_data, live_server, page):
    page.set_viewport_size(DESKTOP)
    login(page, live_server, "coordinator")
    menu, nav, logout = _menu_parts(page)
    expect(menu).to_be_hidden()
    expect(nav).to_be_visible()
    expect(logout).to_be_visible()
    expect(page.locator("a.notifications-link")).to_be_visible()
    screenshot(page, "desktop-dashboard")


def test_without_javascript_the_menu_is_simply_open(demo_data, live_server, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    login(page, live_server, "employee")
    menu, nav, logout = _menu_parts(page)
    expect(menu).to_be_hidden()
    expect(nav).to_be_visible()
    expect(logout).to_be_visible()
    fits(page)
    context.close()


def _pages_with_wide_tables():
    group = SteeringGroup.objects.order_by("pk").first()
    scenario = Scenario.objects.filter(steps__isnull=False, risks__isnull=False).first()
    return {
        "seats": reverse("regiegroep:seat_list", args=[group.pk]),
        "scenario": reverse("regiegroep:scenario_detail", args=[scenario.pk]),
        "people": reverse("coalition:person_list"),
    }


def test_wide_tables_read_on_a_phone(demo_data, live_server, page):
    page.set_viewport_size(PHONE)
    login(page, live_server, "coordinator")
    menu, nav, _ = _menu_parts(page)
    for name, path in _pages_with_wide_tables().items():
        page.set_viewport_size(PHONE)
        page.goto(f"{live_server.url}{path}")
        fits(page)
        # One card per row: the column headers stand in front of the values.
        expect(page.locator("table.stacked [data-label]").first).to_be_visible()
        assert_accessible(page, f"{name} on a phone, menu closed")
        screenshot(page, f"phone-{name}")
        menu.click()
        expect(nav).to_be_visible()
        assert_accessible(page, f"{name} on a phone, menu open")
        page.set_viewport_size(DESKTOP)
        expect(page.locator("table.stacked thead").first).to_be_visible()
        screenshot(page, f"desktop-{name}")


def test_a_table_that_scrolls_is_a_named_keyboard_stop(demo_data, live_server, page):
    # 320 px: the width WCAG's reflow criterion asks for, where the risk matrix no longer fits.
    page.set_viewport_size(SMALLEST)
    login(page, live_server, "coordinator")
    page.goto(f"{live_server.url}{_pages_with_wide_tables()['scenario']}")
    # The matrix stays a grid: its box scrolls and, while it does, is a keyboard stop named
    # by the table's caption.
    box = page.locator(".table-wrap", has=page.locator("table.risk-matrix"))
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    assert box.get_attribute("tabindex") == "0"
    assert box.get_attribute("role") == "region"
    caption = page.locator("table.risk-matrix caption")
    assert box.get_attribute("aria-labelledby") == caption.get_attribute("id")
    fits(page, SMALLEST["width"])
    assert_accessible(page, "scenario at 320px")
    screenshot(page, "smallest-scenario")
    # On a wide screen nothing scrolls, so there is no extra tab stop.
    page.set_viewport_size(DESKTOP)
    page.wait_for_function("() => !document.querySelector('[data-scroll-region]')")
    assert box.get_attribute("tabindex") is None
