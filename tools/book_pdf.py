"""Print the built site to one PDF, page by page in ToC order, with Debian's Chromium (tools/pdf.sh runs it).

Each ToC page is opened from a local server with the network blocked (nothing loads from another site), its
explorers are left at the setting they open with (the reference setting) and drawn, MathJax has typeset, and
the page is printed with the book's print stylesheet (_static/print.css). The pages are merged with pypdf into
one PDF with a bookmark per page. A summary (pages, explorers, seconds) is written next to it as JSON.

    python tools/book_pdf.py [--html _build/html] [--out book.pdf]
"""
from __future__ import annotations

import argparse
import io
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from html import escape as html_escape
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import book_build  # noqa: E402  (one reader of _toc.yml, shared with the tests)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"

# an explorer's output cell (today's ipywidgets view or the ES-module explorer): see _static/print.css
EXPLORER_CELLS = """() => [...document.querySelectorAll('.cell_output')].filter(c => c.querySelector(
    '[role="group"] img')).length"""
EXPLORER_IMAGES_READY = """(n) => [...document.querySelectorAll('.cell_output')].filter(c =>
    [...c.querySelectorAll('[role="group"] img')].some(i => i.complete && i.naturalWidth > 0)
  ).length >= n"""
MATH_READY = """async () => { if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise; } return true; }"""


def toc_pages(root: Path = ROOT) -> list[str]:
    """Docnames in reading order (root, then chapters and their sections)."""
    return book_build.toc_docnames(root)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def print_book(html: Path, out: Path, browser=None) -> dict:
    """Print the site at ``html`` into ``out``; ``browser``: a Playwright Chromium to use (else one is launched)."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    t0 = time.perf_counter()
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(html)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    summary = {"pages": [], "offsite_blocked": []}
    writer = PdfWriter()
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/intro.html", timeout=1)
                break
            except OSError:
                time.sleep(0.1)

        def run(browser):
            context = browser.new_context(viewport={"width": 1100, "height": 1400})
            try:
                def block(route):
                    summary["offsite_blocked"].append(route.request.url)
                    route.abort()

                context.route(lambda u: urlparse(u).hostname not in ("127.0.0.1", None), block)
                page = context.new_page()
                for name in toc_pages():
                    page.goto(f"{base}/{name}.html", wait_until="load")
                    page.wait_for_load_state("networkidle")
                    n = page.evaluate(EXPLORER_CELLS)
                    if n:
                        page.evaluate("() => window.bookPrint && window.bookPrint.loadImages()")
                        page.wait_for_function(EXPLORER_IMAGES_READY, arg=n, timeout=60000)
                    page.evaluate(MATH_READY)
                    notes = page.evaluate("() => window.bookPrint ? window.bookPrint.prepare() : 0")
                    title = page.locator("main h1").first.inner_text().replace("#", "").strip()
                    page.emulate_media(media="print")
                    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True,
                                   display_header_footer=True, header_template="<span></span>",
                                   footer_template=(
                                       '<div style="font-size:7pt;width:100%;text-align:center;color:#555">'
                                       f'{html_escape(title)} · <span class="pageNumber"></span>/<span class="totalPages">'
                                       '</span></div>'))
                    page.emulate_media(media="screen")
                    start = len(writer.pages)
                    reader = PdfReader(io.BytesIO(pdf))
                    for pg in reader.pages:
                        writer.add_page(pg)
                    writer.add_outline_item(title=title, page_number=start)
                    summary["pages"].append({"doc": name, "title": title, "first_page": start,
                                             "pdf_pages": len(reader.pages), "explorers": n, "notes": notes})
            finally:
                context.close()

        if browser is not None:
            run(browser)
        else:
            with sync_playwright() as p:
                own = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
                    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"])
                try:
                    run(own)
                finally:
                    own.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    writer.add_metadata({"/Title": yaml.safe_load((ROOT / "_config.yml").read_text())["title"]})
    with out.open("wb") as fh:
        writer.write(fh)
    summary["total_pdf_pages"] = len(writer.pages)
    summary["seconds"] = round(time.perf_counter() - t0, 1)
    out.with_suffix(".json").write_text(json.dumps(summary, indent=1))
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    ap.add_argument("--out", type=Path, default=ROOT / "book.pdf")
    args = ap.parse_args()
    if not (args.html / "intro.html").exists():
        sys.exit(f"no built site at {args.html}: build the book first (tools/pdf.sh does)")
    s = print_book(args.html, args.out)
    if s["offsite_blocked"]:
        sys.exit(f"pages tried to load from other sites: {s['offsite_blocked'][:5]}")
    print(f"{args.out}: {s['total_pdf_pages']} pages from {len(s['pages'])} book pages, "
          f"{sum(p['explorers'] for p in s['pages'])} explorers, {s['seconds']} s")


if __name__ == "__main__":
    main()
