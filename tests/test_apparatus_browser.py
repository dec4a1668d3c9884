"""The reader's apparatus in headless Chromium on the built site, network blocked.

- every glossary-term link on every page carries a tip with the term's definition, and a hover shows it;
- on a phone (390 px, touch), a tap on a term shows the definition instead of leaving the page; a second tap opens
  the glossary (screenshots in tests/_screenshots/ for a person to look at);
- the site's own search finds the pages that use a word (GLUT4), offline;
- the print stylesheet drops the page chrome and prints each explorer with a line saying where it is interactive.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from conftest import ROOT, toc_files
from test_browser import open_page

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAGES = [p.relative_to(ROOT).with_suffix(".html").as_posix() for p in toc_files()]
SHOTS = Path(os.environ.get("BOOK_SCREENSHOTS", ROOT / "tests" / "_screenshots"))
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}

TERM_TIPS = """() => [...document.querySelectorAll('main a[href*="#term-"]:not(.headerlink)')].map(a => {
    const t = a._tippy; let dd = '';
    if (t) { const d = document.createElement('div'); d.innerHTML = t.props.content;
             dd = (d.querySelector('dd') || {textContent: ''}).textContent.trim(); }
    return {href: a.getAttribute('href'), text: a.textContent.trim(), tip: !!t, dd};
})"""


def wait_for_tips(page):
    """sphinx-tippy creates the tips in window.onload; wait until every term link has one."""
    page.wait_for_load_state("load")
    page.wait_for_function("() => [...document.querySelectorAll('main a[href*=\"#term-\"]:not(.headerlink)')].every(a => a._tippy)",
                           timeout=15000)


def term_pages():
    return [p for p in PAGES if "{term}" in (ROOT / p).with_suffix(".md").read_text(encoding="utf-8")]


def test_every_term_link_on_every_page_has_its_definition(browser, site_url):
    checked, empty = 0, []
    for path in PAGES:
        context, page, watch = open_page(browser, f"{site_url}/{path}")
        try:
            wait_for_tips(page)
            for link in page.evaluate(TERM_TIPS):
                checked += 1
                if not link["tip"] or len(link["dd"]) < 20:
                    empty.append(f"{path}: {link['text']} -> {link['href']} ({link['dd'][:40]!r})")
            watch.check()
        finally:
            context.close()
    assert checked > 80, f"only {checked} term links found"
    assert not empty, "term links without a definition in their tip:\n" + "\n".join(empty)
    (SHOTS / "..").mkdir(parents=True, exist_ok=True)
    print(f"term links checked: {checked}")


@pytest.mark.parametrize("page_path", term_pages())
def test_hover_shows_the_definition(browser, site_url, page_path):
    context, page, watch = open_page(browser, f"{site_url}/{page_path}", viewport={"width": 1280, "height": 900})
    try:
        wait_for_tips(page)
        links = page.locator('main a[href*="#term-"]:not(.headerlink)')
        # a multi-name term if the page has one (the case that used to come up empty), else the first
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        multi = [i for i, h in enumerate(hrefs) if re.search(r"#term-(MASLD|OGTT|blood-glucose|beta-cell|cell|"
                                                           r"estimated-average-glucose|PCOS|eAG)$", h)]
        link = links.nth(multi[0] if multi else 0)
        link.scroll_into_view_if_needed()
        link.hover()
        box = page.locator(".tippy-box").first
        box.wait_for(state="visible", timeout=5000)
        assert len(box.locator("dd").inner_text().strip()) > 20
        watch.check()
    finally:
        context.close()


@pytest.mark.parametrize("page_path, term", [("chapters/fundamentals.html", "blood-glucose"),
                                             ("chapters/academic/organs.html", "MASLD"),
                                             ("chapters/academic/measuring.html", "OGTT")])
def test_phone_tap_shows_the_definition_and_second_tap_opens_glossary(browser, site_url, page_path, term):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page, watch = open_page(browser, f"{site_url}/{page_path}", **PHONE)
    try:
        wait_for_tips(page)
        link = page.locator(f'main a[href$="#term-{term}"]:not(.headerlink)').first
        link.scroll_into_view_if_needed()
        url = page.url
        link.tap()
        box = page.locator(".tippy-box").first
        box.wait_for(state="visible", timeout=5000)
        page.wait_for_timeout(400)   # a navigation would have started by now
        assert page.url == url, "the tap left the page instead of showing the definition"
        assert len(box.locator("dd").inner_text().strip()) > 20
        page.screenshot(path=str(SHOTS / f"phone-tap-{term}.png"))
        with page.expect_navigation(timeout=10000):
            link.tap()
        assert page.url.endswith(f"glossary.html#term-{term}"), page.url
        watch.check()
    finally:
        context.close()


def test_search_finds_the_pages_that_use_a_word_offline(browser, site_url, built_site):
    """Type GLUT4 into the theme's search box; the results are the pages Sphinx indexed for it."""
    raw = (built_site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1: raw.rindex(")")])
    docs = set()
    for table in ("terms", "titleterms"):
        hits = index[table].get("glut4", [])
        docs |= {hits} if isinstance(hits, int) else set(hits)
    expected = {index["docnames"][i] + ".html" for i in docs}
    assert len(expected) >= 5, expected

    context, page, watch = open_page(browser, f"{site_url}/intro.html", viewport={"width": 1280, "height": 900})
    try:
        page.wait_for_load_state("networkidle")
        page.keyboard.press("Control+k")
        box = page.locator("dialog input[name=q], .search-button__search-container input[name=q]").first
        box.wait_for(state="visible", timeout=5000)
        box.fill("GLUT4")
        with page.expect_navigation():
            box.press("Enter")
        assert "search.html" in page.url and "q=GLUT4" in page.url
        page.wait_for_function("() => document.querySelectorAll('#search-results ul.search li').length > 0 && "
                               "!document.querySelector('#search-progress')?.textContent.includes('Preparing')",
                               timeout=20000)
        page.wait_for_function("() => /found \\d+ page/i.test(document.querySelector('#search-results').innerText)",
                               timeout=20000)
        hrefs = page.evaluate("() => [...document.querySelectorAll('#search-results ul.search li > a')]"
                              ".map(a => a.getAttribute('href'))")
        found = {re.sub(r"[?#].*$", "", h) for h in hrefs}
        assert expected <= found, f"missing from results: {expected - found}"
        page.screenshot(path=str(SHOTS / "search-GLUT4.png"))
        watch.check()
    finally:
        context.close()


def test_print_stylesheet_prints_explorers_without_chrome(browser, site_url):
    """A page printed from the browser: each explorer at its setting (figure, readout, table) with the
    "Interactive online" note, without the page chrome, the controls, the downloads or the folded code."""
    context, page, watch = open_page(browser, f"{site_url}/chapters/academic/tissues.html",
                                     viewport={"width": 1000, "height": 1400})
    try:
        page.wait_for_load_state("networkidle")
        page.wait_for_function("() => document.querySelectorAll('[role=\"group\"] img.mx-current').length > 0",
                               timeout=30000)
        page.emulate_media(media="print")
        page.evaluate("() => window.bookPrint.loadImages()")
        page.wait_for_function("() => [...document.querySelectorAll('[role=\"group\"] img.mx-current')]"
                               ".every(i => i.complete && i.naturalWidth > 0)", timeout=30000)
        n = page.evaluate("() => window.bookPrint.prepare()")
        assert n >= 1
        assert not page.locator(".bd-sidebar-primary").is_visible()
        assert not page.locator(".bd-header-article").first.is_visible()
        notes = page.locator(".print-online-note")
        assert notes.count() == n and notes.first.is_visible()
        assert "Interactive online: https://" in notes.first.inner_text()
        group = page.locator('[role="group"]').first
        assert group.locator("img.mx-current").is_visible()
        assert group.locator(".mx-readout").is_visible() and group.locator(".mx-readout").inner_text().strip()
        assert not group.locator('input[type="range"]').first.is_visible()
        assert not group.locator("a[download]").first.is_visible()
        assert not page.locator("details.admonition.hide").first.is_visible(), "the folded code prints"
        page.emulate_media(media="screen")
        assert not notes.first.is_visible(), "the note is for print only"
        assert page.locator("details.admonition.hide summary").first.is_visible(), "'Show the code' is hidden"
        watch.check()
    finally:
        context.close()
