"""Headless Chromium on the served static site: every page renders offline and mounts its explorers.

Every request must stay on 127.0.0.1, none may fail, and the console may show only the theme's
known noise (DESIGN.md §9).
"""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import ROOT, toc_files, wait_for_explorers

pytestmark = [pytest.mark.slow, pytest.mark.browser]

KNOWN_NOISE = ("THEBE_JS_URL", "Got invalid theme mode")
PAGES = [p.relative_to(ROOT).with_suffix(".html").as_posix() for p in toc_files()]
EXPLORER_PAGES = [p.relative_to(ROOT).with_suffix(".html").as_posix() for p in toc_files()
                  if "explorer(" in p.read_text(encoding="utf-8")]


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


@pytest.mark.parametrize("page_path", PAGES)
def test_page_renders_offline(browser, site_url, built_site, page_path):
    context, page, watch = open_page(browser, f"{site_url}/{page_path}")
    try:
        page.wait_for_load_state("networkidle")
        assert page.locator("main h1").count() >= 1
        hosts = (built_site / page_path).read_text(encoding="utf-8").count("data-mx-state")
        if page_path in EXPLORER_PAGES:
            # a page whose source builds an explorer must carry it: none is a failure, not a skip
            assert hosts >= 1, f"{page_path}: the source has an explorer but the built page holds none"
        if hosts:
            wait_for_explorers(page, hosts)
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
            img = page.locator(".mx-root img.mx-current").first
            img.scroll_into_view_if_needed()  # frames are lazy
            page.wait_for_function("(i) => i.complete && i.naturalWidth > 0", arg=img.element_handle(), timeout=30000)
            page.evaluate("() => window.scrollTo(0, 0)")
            page.screenshot(path=str(out / f"intro-{name}.png"), full_page=True)
            watch.check()
        finally:
            context.close()
    assert (out / "intro-desktop.png").stat().st_size > 10_000
