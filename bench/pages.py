"""The pages each demo role reaches: found by following links, then counted and timed.

`discover` logs in as a demo user and follows every same-origin link from the dashboard (GET
only): never logout, the language switch, the admin, static files, or downloads (PDF, CSV,
Excel, calendar feeds, credentials), which are files, not pages. Pages that differ only in
their ids are one pattern; at most `per_pattern` pages of each pattern and `cap` pages per
role are kept.

`count` requests a list of pages and counts each one's SQL queries; `time_pages` times
repeated GETs of a page against its framework floor (bench/floor.py)."""

import statistics
import time
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlparse

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve

from .floor import FLOOR_PATH, floor_query, table_rows
from .queries import QueryCount

START = ["/", "/zoeken/?q=de"]
SKIP_PREFIXES = ("/beheer/", "/accounts/", "/i18n/", "/static/", "/media/", "/__bench__/")
# Views that answer with a file or change something on GET; never followed.
SKIP_WORDS = ("pdf", "export", "feed", "credential", "download", "sample", "my_data", "logout")


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def url_name(path):
    try:
        match = resolve(urlparse(path).path)
    except Resolver404:
        return None
    return match.view_name


def pattern_of(path):
    """Pages of one view with the same query parameters are one pattern."""
    parsed = urlparse(path)
    keys = ",".join(sorted({k for k, _v in parse_qsl(parsed.query)}))
    return f"{url_name(path)}?{keys}" if keys else str(url_name(path))


def followable(path):
    if path.startswith(SKIP_PREFIXES):
        return False
    name = url_name(path)
    return name is not None and not any(word in name for word in SKIP_WORDS)


def client_for(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _counted_get(client, path):
    with QueryCount() as queries:
        response = client.get(path)
    html = response.content.decode() if "text/html" in response.get("Content-Type", "") else ""
    page = {
        "url": path,
        "name": url_name(path),
        "status": response.status_code,
        "queries": len(queries),
        "rows": table_rows(html),
    }
    return page, html


def discover(username, *, cap=60, per_pattern=2):
    """[{url, name, status, queries, rows}] of the pages `username` reaches, in the order
    they were found, each counted on its first GET."""
    client = client_for(username)
    client.get("/")  # the first request warms caches (content types, ...): not counted
    seen, queue, pages, per = set(), list(START), [], {}
    while queue and len(pages) < cap:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        key = pattern_of(path)
        if per.get(key, 0) >= per_pattern:
            continue
        page, html = _counted_get(client, path)
        if page["status"] != 200 or not html:
            continue
        per[key] = per.get(key, 0) + 1
        pages.append(page)
        parser = LinkParser()
        parser.feed(html)
        for href in parser.links:
            target = urldefrag(urljoin(path, href)).url
            parsed = urlparse(target)
            if parsed.scheme not in ("", "http") or parsed.netloc not in ("", "testserver"):
                continue
            found = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if found not in seen and followable(found):
                queue.append(found)
    return pages


def count(username, paths):
    """[{url, name, status, queries, rows}] for each path, in order, as `username`."""
    client = client_for(username)
    client.get("/")  # as in `discover`
    return [_counted_get(client, path)[0] for path in paths]


def floor_base_queries(username):
    """Queries of the floor with no rows and no look-ups: what the middleware does."""
    client = client_for(username)
    client.get(FLOOR_PATH + "?rows=0&extra=0")
    with QueryCount() as queries:
        client.get(FLOOR_PATH + "?rows=0&extra=0")
    return len(queries)


def percentile(values, fraction):
    """Nearest-rank percentile of a list of numbers."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))  # ceil
    return ordered[int(rank) - 1]


def _get_seconds(client, path):
    started = time.perf_counter()
    response = client.get(path)
    if response.streaming:
        b"".join(response.streaming_content)
    return time.perf_counter() - started, response.status_code


def time_page(username, page, *, repeat, base_queries):
    """Median and 95th percentile of a page and of its floor, GETs taken in turns."""
    client = client_for(username)
    floor = FLOOR_PATH + floor_query(page["name"], page["rows"], page["queries"], base_queries)
    _get_seconds(client, page["url"])
    _get_seconds(client, floor)
    page_times, floor_times = [], []
    for _round in range(repeat):
        seconds, _status = _get_seconds(client, page["url"])
        page_times.append(seconds)
        seconds, _status = _get_seconds(client, floor)
        floor_times.append(seconds)
    median, p95 = statistics.median(page_times), percentile(page_times, 0.95)
    floor_median, floor_p95 = statistics.median(floor_times), percentile(floor_times, 0.95)
    return {
        "median_ms": round(median * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "floor": floor,
        "floor_median_ms": round(floor_median * 1000, 2),
        "floor_p95_ms": round(floor_p95 * 1000, 2),
        "median_ratio": round(median / floor_median, 2),
        "p95_ratio": round(p95 / floor_p95, 2),
    }
