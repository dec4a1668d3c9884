"""Explorers v2 on the built static site, in headless Chromium with the network blocked.

For every page whose explorers run on the new front-end (the page calls ``metabolism.book``): every control
changes the figure; a preset moves the controls and a control moved afterwards still works; Reset restores;
the PNG and CSV downloads resolve; a reloaded URL restores the setting; Pin keeps a copy; dark mode has no
light slab and no glaring figure; at 390 px nothing overflows and controls are >= 24 px tall; axe-core finds
no violation in the explorer; nothing leaves 127.0.0.1; the page works from ``file://``. Page weights,
frame counts and first-frame / frame-switch times are measured and written to ``tests/_screenshots/``.
"""
from __future__ import annotations

import io
import json
import os
import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, toc_files
from test_browser import PageWatch, open_page

pytestmark = [pytest.mark.slow, pytest.mark.browser]

AXE = ROOT / "tests" / "vendor" / "axe.min.js"
SHOTS = Path(os.environ.get("BOOK_SCREENSHOTS", ROOT / "tests" / "_screenshots"))
V2_PAGES = [p.relative_to(ROOT).with_suffix(".html").as_posix() for p in toc_files()
            if "from metabolism.book import" in p.read_text(encoding="utf-8")]
PAGE_HTML_BUDGET = 300 * 1024

STATE = re.compile(r'<script type="application/json" data-mx-state>(.*?)</script>', re.S)


def states(built_site, page_path):
    return [json.loads(m) for m in STATE.findall((built_site / page_path).read_text(encoding="utf-8"))]


def wait_ready(page, n):
    """All ``n`` explorers mounted and their current figures loaded (scrolled into view: frames are lazy)."""
    page.wait_for_function(f"() => document.querySelectorAll('.mx-root').length === {n}", timeout=30000)
    for k in range(n):
        img = page.locator(".mx-root img.mx-current").nth(k)
        img.scroll_into_view_if_needed()
        page.wait_for_function("(i) => i.complete && i.naturalWidth > 0", arg=img.element_handle(), timeout=30000)


def shown(page, k):
    return page.evaluate("""(k) => { const r = document.querySelectorAll('.mx-root')[k];
        const i = r.querySelector('img.mx-current');
        return {src: i.getAttribute('src'), alt: i.alt, loaded: i.complete && i.naturalWidth > 0,
                readout: r.querySelector('.mx-readout').textContent,
                ranges: [...r.querySelectorAll('input[type=range]')].map(x => x.value),
                radios: [...r.querySelectorAll('input[type=radio]')].map(x => x.checked),
                switches: [...r.querySelectorAll('input[role=switch]')].map(x => x.checked),
                preset: (r.querySelector('select') || {}).value}; }""", k)


def wait_changed(page, k, before, timeout=5000):
    page.wait_for_function("""([k, b]) => { const i = document.querySelectorAll('.mx-root')[k]
        .querySelector('img.mx-current'); return i.getAttribute('src') !== b && i.complete && i.naturalWidth > 0; }""",
                           arg=[k, before["src"]], timeout=timeout)


def move_range(page, slider):
    """Press End (or Home if already at the end) on a range input; returns the key pressed."""
    at_end = slider.evaluate("(x) => +x.value === +x.max")
    slider.focus()
    key = "Home" if at_end else "End"
    page.keyboard.press(key)
    return key


@pytest.fixture(params=V2_PAGES)
def v2_page(request, browser, site_url, built_site):
    page_path = request.param
    n = len(states(built_site, page_path))
    assert n >= 1, f"{page_path}: no explorer state in the built page"
    context, page, watch = open_page(browser, f"{site_url}/{page_path}", viewport={"width": 1280, "height": 900})
    wait_ready(page, n)
    yield page_path, page, watch, n
    context.close()


def test_pages_are_light_and_frames_are_files(built_site):
    """Page HTML <= 300 KB, no data-URL frames left in a page, every frame URL resolves to a file."""
    assert V2_PAGES, "no page uses the new explorers"
    for page_path in V2_PAGES:
        html_file = built_site / page_path
        assert html_file.stat().st_size <= PAGE_HTML_BUDGET, f"{page_path}: {html_file.stat().st_size} bytes"
        text = html_file.read_text(encoding="utf-8")
        assert "data:image/png" not in text and "widget-state+json" not in text.split("data-mx-state")[0][-2000:]
        for state in states(built_site, page_path):
            for frame in state["frames"].values():
                for field in ("png", "csv"):
                    if frame.get(field):
                        target = (html_file.parent / frame[field]).resolve()
                        assert target.is_file() and "_frames" in target.parts, frame[field]
    for page_path in V2_PAGES:  # the downloadable notebook carries no frames (explorers run live there)
        ipynb = built_site / "_sources" / Path(page_path).with_suffix(".ipynb")
        assert ipynb.stat().st_size < 1_000_000 and "data-mx-state" not in ipynb.read_text(encoding="utf-8")
    assert (built_site / "_static" / "explorer.js").is_file()
    assert (built_site / "_static" / "explorer.classic.js").is_file()


def test_contract_roles_and_names(v2_page):
    page_path, page, watch, n = v2_page
    for k in range(n):
        root = page.locator(".mx-root").nth(k)
        assert root.get_attribute("role") == "group"
        title_id = root.get_attribute("aria-labelledby")
        assert page.locator(f"#{title_id}").inner_text().strip()
        assert root.locator("input[type=range]").count() + root.locator("input[type=radio]").count() >= 1
        assert root.locator("select").count() == 1
        assert root.get_by_role("button", name="Reset", exact=True).count() == 1
        assert root.get_by_role("button", name="Pin", exact=True).count() == 1
        assert root.locator("a[download]").count() >= 1
        assert "Settings:" in root.locator("img.mx-current").get_attribute("alt")
        assert root.locator("[aria-live]").count() >= 1
    watch.check()


def test_every_control_changes_the_figure(v2_page):
    page_path, page, watch, n = v2_page
    for k in range(n):
        root = page.locator(".mx-root").nth(k)
        ranges = root.locator("input[type=range]")
        for j in range(ranges.count()):
            before = shown(page, k)
            move_range(page, ranges.nth(j))
            wait_changed(page, k, before)
            after = shown(page, k)
            assert after["alt"] != before["alt"] and after["ranges"][j] != before["ranges"][j]
            valuetext = ranges.nth(j).get_attribute("aria-valuetext")
            assert valuetext and valuetext in after["alt"], "the alt text names the new setting"
        radios = root.locator("input[type=radio]")
        for j in range(radios.count()):
            if radios.nth(j).is_checked():
                continue
            before = shown(page, k)
            root.locator(f"label[for='{radios.nth(j).get_attribute('id')}']").click()
            wait_changed(page, k, before)
            assert radios.nth(j).is_checked()
        switches = root.locator("input[role=switch]")
        for j in range(switches.count()):
            before = shown(page, k)
            switches.nth(j).click()
            wait_changed(page, k, before)
    watch.check()


def test_preset_moves_the_controls_and_controls_still_work(v2_page, built_site):
    page_path, page, watch, n = v2_page
    for k, state in enumerate(states(built_site, page_path)):
        spec = state["spec"]
        root = page.locator(".mx-root").nth(k)
        select = root.locator("select")
        assert select.locator("option").first.inner_text() == "your settings"
        assert root.locator(f"label[for='{select.get_attribute('id')}']").inner_text() == "Preset"
        for p_index, preset in enumerate(spec["presets"]):
            select.select_option(str(p_index))
            ranges = [str(c["values"].index(preset["value"][c["name"]])) for c in spec["controls"] if c["kind"] == "range"]
            radios = [v == preset["value"][c["name"]] for c in spec["controls"] if c["kind"] == "choice" for v in c["values"]]
            page.wait_for_function("""([k, ranges, radios]) => { const r = document.querySelectorAll('.mx-root')[k];
                const i = r.querySelector('img.mx-current');
                return JSON.stringify([...r.querySelectorAll('input[type=range]')].map(x => x.value)) === JSON.stringify(ranges)
                    && JSON.stringify([...r.querySelectorAll('input[type=radio]')].map(x => x.checked)) === JSON.stringify(radios)
                    && i.complete && i.naturalWidth > 0; }""", arg=[k, ranges, radios], timeout=5000)
            now = shown(page, k)
            assert now["preset"] == str(p_index), f"preset {preset['name']!r} is not shown as chosen"
            for c in spec["controls"]:
                if c["kind"] == "range":
                    shown_text = c["text"][c["values"].index(preset["value"][c["name"]])]
                    assert f"{c['label']} {shown_text}" in now["alt"], "the figure is the preset's"
        # a control moved afterwards works and the preset shows "your settings"
        before = shown(page, k)
        move_range(page, root.locator("input[type=range]").first)
        wait_changed(page, k, before)
        assert shown(page, k)["preset"] == ""
    watch.check()


def test_reset_restores_and_pin_keeps_a_copy(v2_page):
    page_path, page, watch, n = v2_page
    for k in range(n):
        root = page.locator(".mx-root").nth(k)
        start = shown(page, k)
        root.get_by_role("button", name="Pin", exact=True).click()
        pinned = root.locator(".mx-pinned img")
        assert pinned.is_visible() and pinned.get_attribute("src") == start["src"]
        assert "Pinned" in pinned.get_attribute("alt")
        move_range(page, root.locator("input[type=range]").first)
        wait_changed(page, k, start)
        assert pinned.get_attribute("src") == start["src"], "the pinned figure stays"
        root.get_by_role("button", name="Reset", exact=True).click()
        page.wait_for_function("([k, s]) => document.querySelectorAll('.mx-root')[k]"
                               ".querySelector('img.mx-current').getAttribute('src') === s", arg=[k, start["src"]])
        assert shown(page, k)["ranges"] == start["ranges"]
        root.get_by_role("button", name="Unpin").click()
        assert not pinned.is_visible()
    watch.check()


def test_downloads_resolve(v2_page):
    page_path, page, watch, n = v2_page
    for k in range(n):
        links = page.locator(".mx-root").nth(k).locator("a[download]:visible")
        assert links.count() >= 1
        for j in range(links.count()):
            a = links.nth(j)
            name = a.get_attribute("download")
            got = page.evaluate("""async (href) => { const r = await fetch(href); const b = new Uint8Array(
                await r.arrayBuffer()); return {status: r.status, head: [...b.slice(0, 8)], text:
                new TextDecoder().decode(b.slice(0, 200))}; }""", a.get_attribute("href"))
            assert got["status"] == 200
            if name.endswith(".png"):
                assert got["head"] == [137, 80, 78, 71, 13, 10, 26, 10]
            else:
                assert name.endswith(".csv") and "," in got["text"].splitlines()[0]
            # and the browser really downloads it
            with page.expect_download() as info:
                a.click()
            assert info.value.suggested_filename == name
    watch.check()


def test_reloaded_url_restores_the_setting(v2_page):
    page_path, page, watch, n = v2_page
    root = page.locator(".mx-root").first
    before = shown(page, 0)
    move_range(page, root.locator("input[type=range]").first)
    wait_changed(page, 0, before)
    radios = root.locator("input[type=radio]")
    for j in range(radios.count()):
        if not radios.nth(j).is_checked():
            b = shown(page, 0)
            root.locator(f"label[for='{radios.nth(j).get_attribute('id')}']").click()
            wait_changed(page, 0, b)
            break
    wanted = shown(page, 0)
    assert re.search(r"#(.*&)?x-[a-z0-9-]+=", page.url), page.url
    page.wait_for_load_state("networkidle")  # a reload aborts requests still in flight (prefetches, favicon)
    page.reload(wait_until="load")
    wait_ready(page, n)
    restored = shown(page, 0)
    for field in ("src", "ranges", "radios", "switches"):
        assert restored[field] == wanted[field], field
    watch.check()


def test_axe_finds_no_violation_in_the_explorers(v2_page):
    page_path, page, watch, n = v2_page
    page.locator(".mx-root").first.get_by_role("button", name="Pin", exact=True).click()
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run('.mx-root', {resultTypes: ['violations']}))
        .violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(x => x.target.join(' '))}))""")
    assert not violations, violations
    watch.check()


def luminance(png: bytes) -> float:
    from PIL import Image
    im = Image.open(io.BytesIO(png)).convert("L")
    hist = im.histogram()
    return sum(i * c for i, c in enumerate(hist)) / max(1, sum(hist))


@pytest.mark.parametrize("page_path", V2_PAGES)
def test_dark_mode_has_no_light_slab_and_no_glare(browser, site_url, built_site, page_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    context.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
    context.route(lambda u: urlparse(u).hostname not in ("127.0.0.1", None), lambda route: route.abort())
    page = context.new_page()
    watch = PageWatch(page)
    try:
        page.goto(f"{site_url}/{page_path}", wait_until="load")
        wait_ready(page, len(states(built_site, page_path)))
        page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'", timeout=5000)
        root = page.locator(".mx-root").first
        bg = root.evaluate("(e) => getComputedStyle(e).backgroundColor")
        rgb = [int(x) for x in re.findall(r"\d+", bg)[:3]]
        assert sum(rgb) / 3 < 80, f"explorer background {bg} is a light slab in dark mode"
        # nor around it: the theme gives HTML outputs a light background in dark mode
        light = root.evaluate("""(e) => { const out = []; for (let a = e.parentElement; a && a !== document.body;
            a = a.parentElement) { const c = getComputedStyle(a).backgroundColor.match(/[\\d.]+/g).map(Number);
            if ((c.length < 4 || c[3] > 0.1) && (c[0] + c[1] + c[2]) / 3 > 128) out.push(a.className + ' ' +
            getComputedStyle(a).backgroundColor); } return out; }""")
        assert not light, f"light slabs around the explorer in dark mode: {light}"
        pad = root.locator("img.mx-current").evaluate("(e) => getComputedStyle(e).padding")
        assert pad in ("0px", ""), f"the theme's dark-mode frame around the figure: padding {pad}"
        for control in ("select", "button"):
            c = root.locator(control).first.evaluate("(e) => getComputedStyle(e).backgroundColor")
            assert sum(int(x) for x in re.findall(r"\d+", c)[:3]) / 3 < 100, f"{control} background {c}"
        root.scroll_into_view_if_needed()
        stem = page_path.replace("/", "_").removesuffix(".html")
        root.screenshot(path=str(SHOTS / f"{stem}-explorer-dark.png"))
        figure = root.locator("img.mx-current").screenshot()
        assert luminance(figure) < 110, "the figure glares on the dark page"
        watch.check()
    finally:
        context.close()


@pytest.mark.parametrize("page_path", V2_PAGES)
def test_phone_width_fits_and_controls_are_tall_enough(browser, site_url, built_site, page_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page, watch = open_page(browser, f"{site_url}/{page_path}", viewport={"width": 390, "height": 844},
                                     device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        n = len(states(built_site, page_path))
        wait_ready(page, n)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{page_path} scrolls sideways at 390 px ({overflow} px)"
        for k in range(n):
            root = page.locator(".mx-root").nth(k)
            box = root.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 0.5
            small = root.evaluate("""(r) => [...r.querySelectorAll(`input[type=range], .mx-options label, .mx-switch,
                select, button:not([hidden]), a[download]:not([hidden])`)].map(e => [e.tagName + ' ' +
                (e.textContent || e.type).trim().slice(0, 20), e.getBoundingClientRect().height])
                .filter(([_, h]) => h < 24)""")
            assert not small, f"controls shorter than 24 px: {small}"
            img = root.locator("img.mx-current").bounding_box()
            assert img["width"] >= 300, "the figure uses the phone's width"
            stem = page_path.replace("/", "_").removesuffix(".html")
            root.scroll_into_view_if_needed()
            root.screenshot(path=str(SHOTS / f"{stem}-explorer-phone.png"))
        watch.check()
    finally:
        context.close()


@pytest.mark.parametrize("page_path", V2_PAGES)
def test_works_from_file_url(browser, built_site, page_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(lambda u: urlparse(u).hostname not in ("127.0.0.1", None), lambda route: route.abort())
    page = context.new_page()
    watch = PageWatch(page)
    try:
        page.goto((built_site / page_path).as_uri(), wait_until="load")
        wait_ready(page, len(states(built_site, page_path)))
        before = shown(page, 0)
        move_range(page, page.locator(".mx-root").first.locator("input[type=range]").first)
        wait_changed(page, 0, before)
        offsite = [u for u in watch.offsite if not u.startswith("file://")]
        assert not offsite and not watch.errors, (offsite, watch.errors)
    finally:
        context.close()


@pytest.mark.parametrize("page_path", V2_PAGES)
def test_measure_first_frame_and_frame_switch(browser, site_url, built_site, page_path):
    """Times (not budgets): first frame after navigation, and a frame switch; written for the note."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page, watch = open_page(browser, "about:blank", viewport={"width": 1280, "height": 900})
    try:
        frame_requests = []
        page.on("request", lambda r: "/_frames/" in r.url and frame_requests.append(r.url))
        t0 = time.perf_counter()
        page.goto(f"{site_url}/{page_path}", wait_until="commit")
        wait_ready(page, len(states(built_site, page_path)))
        first = time.perf_counter() - t0
        page.wait_for_load_state("networkidle")
        n_controls = sum(len(s["spec"]["controls"]) for s in states(built_site, page_path))
        # lazy: the shown frames and their neighbours (one step along each control), not the whole grid
        assert len(set(frame_requests)) <= len(states(built_site, page_path)) * (1 + 2 * n_controls), frame_requests
        switches = []
        slider = page.locator(".mx-root").first.locator("input[type=range]").first
        slider.focus()
        for key in ["ArrowLeft", "ArrowLeft", "ArrowRight", "ArrowRight", "End", "Home"] * 2:
            before = shown(page, 0)
            t = time.perf_counter()
            page.keyboard.press(key)
            if shown(page, 0)["ranges"] == before["ranges"]:
                continue
            wait_changed(page, 0, before)
            switches.append(time.perf_counter() - t)
        switches.sort()
        median = switches[len(switches) // 2]
        html_kb = (built_site / page_path).stat().st_size / 1024
        frames = sum(len(s["frames"]) for s in states(built_site, page_path))
        line = (f"{page_path}: html {html_kb:.0f} KB, {frames} frames, first frame {first * 1e3:.0f} ms, "
                f"frame switch median {median * 1e3:.0f} ms (max {switches[-1] * 1e3:.0f} ms, n={len(switches)})\n")
        with open(SHOTS / "explorers-v2-timing.txt", "a") as f:
            f.write(line)
        assert first < 15 and median < 2.0, line
        watch.check()
    finally:
        context.close()
