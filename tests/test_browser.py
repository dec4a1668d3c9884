"""Headless Chromium on the served static site: pages render offline, widgets render and respond.

Every request must stay on 127.0.0.1, none may fail, and the console may show only the theme's
known noise (DESIGN.md §9).
"""
from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

from conftest import ROOT, toc_files

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
        if page_path in EXPLORER_PAGES:
            # a page whose source builds an explorer must embed its views: none is a failure, not a skip
            assert views >= 1, f"{page_path}: the source has an explorer but the built page embeds no widget view"
        if views:
            # the embed manager replaces each widget-view script with rendered widgets
            page.wait_for_selector(".jupyter-widgets", timeout=30000)
            page.wait_for_function(
                "() => [...document.querySelectorAll('.jupyter-widgets img')]"
                ".some(i => i.complete && i.naturalWidth > 0)", timeout=30000)
            assert page.locator(".widget-slider, .widget-hslider").count() >= 1
        hosts = (built_site / page_path).read_text(encoding="utf-8").count("data-mx-state")
        if hosts:
            # the explorer front-end mounts each explorer and shows its first frame (lazy: scroll to it)
            page.wait_for_function(f"() => document.querySelectorAll('.mx-root').length === {hosts}", timeout=30000)
            for k in range(hosts):
                img = page.locator(".mx-root img.mx-current").nth(k)
                img.scroll_into_view_if_needed()
                page.wait_for_function("(i) => i.complete && i.naturalWidth > 0", arg=img.element_handle(),
                                       timeout=30000)
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


# ---------------------------------------------------------------- explorers on the static site

# pages still on the ipywidgets toolkit (metabolism.explore); the new front-end: test_explorers_v2.py
EXPLORER_PAGES = [p for p in PAGES
                  if "from metabolism.explore import" in (ROOT / p).with_suffix(".md").read_text(encoding="utf-8")]

SHOWN = """() => [...document.querySelectorAll('.jupyter-widgets img')]
    .filter(i => i.offsetParent !== null).map(i => ({title: i.title, src: i.src}))"""

SLIDERS = """() => [...document.querySelectorAll('.widget-slider')].map(s => {
    const l = s.querySelector('.widget-label'), r = s.querySelector('.widget-readout');
    return {label: l ? l.textContent.trim() : null, readout: r ? r.textContent.trim() : null}; })"""

IMAGE_BYTES = """async (src) => { const b = await (await fetch(src)).arrayBuffer();
    let s = ''; const u = new Uint8Array(b); for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);
    return btoa(s); }"""


def saved_frames(page):
    """Image value (base64) by alt text, from the page's saved widget state."""
    raw = page.evaluate("() => document.querySelector('script[type=\"application/vnd.jupyter.widget-state+json\"]').textContent")
    state = json.loads(raw)["state"]
    frames = {}
    for model in state.values():
        if model.get("model_name") == "ImageModel":
            for buf in model.get("buffers", []):
                if buf.get("path") == ["value"]:
                    frames[model["state"].get("tooltip")] = buf["data"]
    return frames


def settings_of(title):
    """The 'Settings: ...' part of a frame's alt text."""
    return title.split("Settings: ", 1)[1].split(". Versus the reference", 1)[0].rstrip(".")


def keys_for(handle):
    """Home/End/ArrowLeft/ArrowRight in an order where every press moves the slider."""
    now, lo, hi = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemin", "aria-valuemax"))
    if now == hi:
        return ("Home", "End", "ArrowLeft", "ArrowRight")
    return ("End", "Home", "ArrowRight", "ArrowLeft")


@pytest.mark.parametrize("page_path", EXPLORER_PAGES)
def test_every_explorer_responds_to_the_keyboard(browser, site_url, page_path):
    """Each slider, by keyboard: its readout and the shown image change, and the image shown is the saved
    frame whose settings are the sliders' readouts (byte for byte)."""
    context, page, watch = open_page(browser, f"{site_url}/{page_path}")
    try:
        page.wait_for_function("() => document.querySelectorAll('.jupyter-widgets img').length > 0", timeout=30000)
        page.wait_for_load_state("networkidle")
        frames = saved_frames(page)
        assert frames, f"{page_path}: the page saves no image frames"
        n_views = page.evaluate(
            "() => document.querySelectorAll('script[type=\"application/vnd.jupyter.widget-view+json\"]').length")
        assert n_views >= 1, f"{page_path}: the source has an explorer but the page embeds no widget view"
        assert len(page.evaluate(SHOWN)) == n_views, "each explorer must show exactly one image"
        handles = page.locator(".noUi-handle")
        assert handles.count() >= 1

        def check_shown_matches_sliders():
            sliders = page.evaluate(SLIDERS)
            shown = page.evaluate(SHOWN)
            settings_shown = [settings_of(img["title"]) for img in shown]
            for s in sliders:
                # a missing label or readout is a failure, never a slider the check passes over
                assert s["label"], f"a slider has no label (readout {s['readout']!r})"
                assert s["readout"], f"slider {s['label']!r} has no readout"
                assert any(s["label"] in st for st in settings_shown), \
                    f"slider {s['label']!r} is named in no shown frame's settings {settings_shown}"
            for img, settings in zip(shown, settings_shown):
                for s in sliders:
                    if s["label"] in settings:
                        assert f"{s['label']} {s['readout']}" in settings, \
                            f"shown frame {settings!r} does not match slider {s['label']} = {s['readout']}"
                assert img["title"] in frames, "the shown image is not one of the saved frames"
                assert page.evaluate(IMAGE_BYTES, img["src"]) == frames[img["title"]], \
                    "the shown image differs from the saved frame for these settings"

        check_shown_matches_sliders()
        for k in range(handles.count()):
            handle = handles.nth(k)
            for key in keys_for(handle):
                before_img = json.dumps(page.evaluate(SHOWN))
                before_readout = page.evaluate(SLIDERS)[k]["readout"]
                handle.focus()
                page.keyboard.press(key)
                page.wait_for_function(f"(b) => JSON.stringify(({SHOWN})()) !== b", arg=before_img, timeout=5000)
                assert page.evaluate(SLIDERS)[k]["readout"] != before_readout, f"{key} left the readout unchanged"
                check_shown_matches_sliders()
        watch.check()
    finally:
        context.close()
