"""Headless Chromium on the served static site: pages render offline, widgets render and respond.

Every request must stay on 127.0.0.1, none may fail, and the console may show only the theme's
known noise (DESIGN.md §9).
"""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import ROOT, toc_files

pytestmark = [pytest.mark.slow, pytest.mark.browser]

KNOWN_NOISE = ("THEBE_JS_URL", "Got invalid theme mode")
PAGES = [p.relative_to(ROOT).with_suffix(".html").as_posix() for p in toc_files()]


class PageWatch:
    """Collects off-site requests, failed requests and console errors of one page."""

    def __init__(self, page):
        self.offsite, self.failed, self.errors = [], [], []
        page.on("request", self._request)
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url} (HTTP {r.status})"))
        page.on("console", self._console)
        page.on("pageerror", self._pageerror)

    def _request(self, request):
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:", "about:")):
            return
        if host != "127.0.0.1":
            self.offsite.append(request.url)

    def _console(self, msg):
        if msg.type == "error" and not any(n in msg.text for n in KNOWN_NOISE):
            self.errors.append(msg.text)

    def _pageerror(self, error):
        if not any(n in str(error) for n in KNOWN_NOISE):
            self.errors.append(f"pageerror: {error}")

    def check(self):
        assert not self.offsite, f"requests left 127.0.0.1: {self.offsite[:5]}"
        assert not self.failed, f"failed requests: {self.failed[:5]}"
        assert not self.errors, f"console errors: {self.errors[:5]}"


def open_page(browser, url, **context_args):
    context = browser.new_context(**context_args)
    # block (and record) anything that is not local, so an off-site request cannot hang the test
    context.route(lambda u: urlparse(u).hostname not in ("127.0.0.1", None), lambda route: route.abort())
    page = context.new_page()
    watch = PageWatch(page)
    page.goto(url, wait_until="load")
    return context, page, watch


def widget_count(html_path):
    text = (html_path).read_text(encoding="utf-8")
    return text.count('type="application/vnd.jupyter.widget-view+json"')


@pytest.mark.parametrize("page_path", PAGES)
def test_page_renders_offline(browser, site_url, built_site, page_path):
    context, page, watch = open_page(browser, f"{site_url}/{page_path}")
    try:
        page.wait_for_load_state("networkidle")
        assert page.locator("main h1").count() >= 1
        views = widget_count(built_site / page_path)
        if views:
            # the embed manager replaces each widget-view script with rendered widgets
            page.wait_for_selector(".jupyter-widgets", timeout=30000)
            page.wait_for_function(
                "() => [...document.querySelectorAll('.jupyter-widgets img')]"
                ".some(i => i.complete && i.naturalWidth > 0)", timeout=30000)
            assert page.locator(".widget-slider, .widget-hslider").count() >= 1
        # no raw TeX left when the page has maths (MathJax is served locally)
        assert "\\(" not in page.locator("main").inner_text()
        watch.check()
    finally:
        context.close()


def test_screenshot_of_landing_page(browser, site_url, tmp_path_factory):
    """Keep a screenshot of the landing page (desktop and phone width) for people to look at."""
    out = tmp_path_factory.mktemp("screens")
    for name, viewport in [("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})]:
        context, page, watch = open_page(browser, f"{site_url}/intro.html", viewport=viewport)
        try:
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / f"intro-{name}.png"), full_page=True)
            watch.check()
        finally:
            context.close()
    assert (out / "intro-desktop.png").stat().st_size > 10_000
