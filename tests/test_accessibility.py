"""Accessibility and reading comfort of the built site, in headless Chromium.

- axe-core (vendored for this test only: tests/vendor/axe.min.js) runs on every ToC page: no violation of
  impact "serious" or "critical";
- every slider handle is keyboard-operable (focus, ArrowRight/ArrowLeft move aria-valuenow) and has a name;
- every image in the page body has alt text (alt, title or aria-label) or sits in a captioned figure;
- screenshots of every page in the theme's dark mode and at a 390-px phone width go to
  ``tests/_screenshots/`` (git-ignored) for a person to look at; the test checks they were written and that
  the dark-mode page really is dark.
"""
from __future__ import annotations

import io
import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, toc_files, wait_for_explorers
from test_browser import PageWatch, open_page

pytestmark = [pytest.mark.slow, pytest.mark.browser]

AXE = ROOT / "tests" / "vendor" / "axe.min.js"
PAGES = [p.relative_to(ROOT).with_suffix(".html").as_posix() for p in toc_files()]
SHOTS = Path(os.environ.get("BOOK_SCREENSHOTS", ROOT / "tests" / "_screenshots"))

RUN_AXE = """async () => {
    const r = await axe.run(document, {resultTypes: ['violations']});
    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""

IMAGES_WITHOUT_ALT = """() => [...document.querySelectorAll('main img, article img, .bd-article img')]
    .filter(i => !(i.getAttribute('alt') || '').trim() && !(i.title || '').trim()
                 && !(i.getAttribute('aria-label') || '').trim()
                 && !(i.closest('figure') && i.closest('figure').querySelector('figcaption')))
    .map(i => i.outerHTML.slice(0, 120))"""


def wait_for_widgets(page, path):
    page.wait_for_load_state("networkidle")
    hosts = page.evaluate("() => document.querySelectorAll('script[data-mx-state]').length")
    if hosts:
        wait_for_explorers(page, hosts)
        page.evaluate("() => window.scrollTo(0, 0)")


@pytest.mark.parametrize("page_path", PAGES)
def test_axe_finds_no_serious_or_critical_violations(browser, site_url, page_path):
    context, page, watch = open_page(browser, f"{site_url}/{page_path}", viewport={"width": 1280, "height": 900})
    try:
        wait_for_widgets(page, page_path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE)
        bad = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not bad, f"{page_path}: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}"
                                                     for v in bad)
        assert not page.evaluate(IMAGES_WITHOUT_ALT), f"{page_path}: images without alt text"
        watch.check()
    finally:
        context.close()


def mean_luminance(png: bytes, box=None) -> float:
    from PIL import Image
    im = Image.open(io.BytesIO(png)).convert("L")
    if box:
        im = im.crop(box)
    hist = im.histogram()
    return sum(i * n for i, n in enumerate(hist)) / max(1, sum(hist))


@pytest.mark.parametrize("page_path", PAGES)
def test_screenshots_dark_mode_and_phone(browser, site_url, page_path):
    """Full-page screenshots in dark mode (1280 px) and on a phone (390 px) for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    stem = page_path.replace("/", "_").removesuffix(".html")
    # dark mode: the theme reads its mode from localStorage (what its toggle sets) and data-theme
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    context.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
    context.route(lambda u: urlparse(u).hostname not in ("127.0.0.1", None), lambda route: route.abort())
    page = context.new_page()
    watch = PageWatch(page)
    page.goto(f"{site_url}/{page_path}", wait_until="load")
    try:
        wait_for_widgets(page, page_path)
        page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; "
                      "document.documentElement.dataset.mode = 'dark'; }")
        page.wait_for_timeout(300)
        png = page.screenshot(path=str(SHOTS / f"{stem}-dark.png"), full_page=True)
        assert mean_luminance(png, (0, 0, 1280, 900)) < 100, "dark mode did not switch the page to dark"
        watch.check()
    finally:
        context.close()
    context, page, watch = open_page(browser, f"{site_url}/{page_path}", viewport={"width": 390, "height": 844},
                                     device_scale_factor=1, is_mobile=True, has_touch=True)
    try:
        wait_for_widgets(page, page_path)
        page.screenshot(path=str(SHOTS / f"{stem}-phone.png"), full_page=True)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{page_path} scrolls sideways on a 390-px phone ({overflow} px too wide)"
        watch.check()
    finally:
        context.close()
    assert (SHOTS / f"{stem}-dark.png").stat().st_size > 10_000
    assert (SHOTS / f"{stem}-phone.png").stat().st_size > 10_000


HOVER_PAGES = [p for p in PAGES if "{term}" in (ROOT / p).with_suffix(".md").read_text(encoding="utf-8")]


@pytest.mark.parametrize("page_path", HOVER_PAGES)
def test_glossary_terms_show_their_definition_on_hover_offline(browser, site_url, page_path):
    """sphinx-tippy, served from the vendored popper/tippy: a term link shows its glossary definition."""
    context, page, watch = open_page(browser, f"{site_url}/{page_path}", viewport={"width": 1280, "height": 900})
    try:
        page.wait_for_load_state("networkidle")
        term = page.locator("article a.reference.internal:has(span.std-term)").first
        name = term.inner_text().strip().lower()
        term.hover()
        page.wait_for_selector(".tippy-box", timeout=5000)
        tip = page.evaluate("() => [...document.querySelectorAll('.tippy-box')].map(e => e.innerText).join(' ')")
        assert name.split()[0] in tip.lower() and len(tip) > len(name) + 20, f"tip for {name!r}: {tip!r}"
        watch.check()
    finally:
        context.close()
