"""Shared fixtures: the book's table of contents, a clean build of the site, a static server, Chromium."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import book_build  # noqa: E402  (the build's local Sphinx extension)

# the nbclient Output-widget stall fix, as in the build (TOOLCHAIN.md)
book_build.patch_nbclient()

IN_CI = bool(os.environ.get("CI"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def toc_files(top_level: bool = False) -> list[Path]:
    """Every source file listed in _toc.yml, in reading order (``top_level``: chapters only, no sections)."""
    names = book_build.toc_docnames(ROOT, top_level)
    out = []
    for n in names:
        matches = [ROOT / f"{n}{ext}" for ext in (".md", ".ipynb") if (ROOT / f"{n}{ext}").exists()]
        assert matches, f"_toc.yml lists {n!r} but no {n}.md or {n}.ipynb exists"
        out.append(matches[0])
    return out


def is_notebook(path: Path) -> bool:
    """A ToC page is a notebook if it is .ipynb or MyST markdown with a kernelspec header."""
    if path.suffix == ".ipynb":
        return True
    head = path.read_text(encoding="utf-8")[:600]
    return head.startswith("---") and "kernelspec:" in head


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Build the book once per session from a clean cache, exactly as the README does, into a temp dir.

    Returns the html folder. The build log is kept next to it for the build tests. For quick iteration on
    browser tests, ``BOOK_BUILT_SITE=<path of an html folder>`` uses that build instead (never in CI).
    """
    prebuilt = os.environ.get("BOOK_BUILT_SITE")
    if prebuilt and not IN_CI:
        return Path(prebuilt)
    out = tmp_path_factory.mktemp("book")
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "-W", "-n", "--keep-going",
           "--path-output", str(out)]
    env = dict(os.environ)
    env.pop("METABOLISM_EXPLORER_MODE", None)  # the build's extension sets "frames" itself
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    (out / "build.log").write_text(proc.stdout + "\n--- stderr ---\n" + proc.stderr)
    (out / "build.seconds").write_text(f"{time.perf_counter() - t0:.1f}")
    if proc.returncode != 0:
        pytest.fail(f"jupyter-book build failed (exit {proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-3000:]}")
    return out / "_build" / "html"


@pytest.fixture(scope="session")
def site_url(built_site):
    """Serve the built site on 127.0.0.1 with Python's http.server; stop it by its PID afterwards."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                             "--directory", str(built_site)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/intro.html", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright (never a downloaded browser build)."""
    if not CHROMIUM:
        if IN_CI:
            pytest.fail("Chromium is missing in CI: .ci/run installs Debian's chromium package")
        pytest.skip("Chromium not installed (apt-get install chromium); browser tests skipped locally")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def wait_for_explorers(page, hosts: int) -> None:
    """Wait until the page's ``hosts`` explorers are mounted and each shows its first frame (frames load
    lazily, so each is scrolled into view)."""
    page.wait_for_function(f"() => document.querySelectorAll('.mx-root').length === {hosts}", timeout=30000)
    for k in range(hosts):
        img = page.locator(".mx-root img.mx-current").nth(k)
        img.scroll_into_view_if_needed()
        page.wait_for_function("(i) => i.complete && i.naturalWidth > 0", arg=img.element_handle(), timeout=30000)
