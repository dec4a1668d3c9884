"""Live JupyterLab: the landing notebook (MyST .md) opens as a notebook, runs, and its explorer (the new
front-end, through anywidget) recomputes: a moved slider and a chosen preset change the figure, and the
controls follow the preset.

The notebook is copied into a temporary folder so nothing JupyterLab saves can touch the repository;
JupyterLab's settings live in a temporary JUPYTER_CONFIG_DIR with autosave off and the Jupytext viewer set
for Markdown/MyST, exactly as the README and Binder's postBuild set it.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, free_port

pytestmark = [pytest.mark.slow, pytest.mark.browser]

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    work = tmp_path_factory.mktemp("lab")
    shutil.copy(ROOT / "intro.md", work / "intro.md")
    config = work / ".config"
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config))
    env.pop("METABOLISM_EXPLORER_MODE", None)
    overrides = config / "labconfig" / "default_setting_overrides.json"
    subprocess.run([BIN / "jupytext-config", "--settings-file", overrides,
                    "set-default-viewer", "markdown", "myst"], check=True, env=env, capture_output=True)
    settings = json.loads(overrides.read_text())
    settings.setdefault("@jupyterlab/docmanager-extension:plugin", {})["autosave"] = False
    overrides.write_text(json.dumps(settings))

    port, token = free_port(), secrets.token_hex(16)
    proc = subprocess.Popen(
        [BIN / "jupyter", "lab", "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=open(work / "lab.log", "w"))
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("JupyterLab did not start:\n" + (work / "lab.log").read_text()[-3000:])
    yield base, token, work
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def kernel_states(base, token):
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=5) as r:
        return [s["kernel"]["execution_state"] for s in json.load(r)]


def wait_for(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def status_idle(page):
    """JupyterLab 4.6 starts kernels lazily: the status bar's "Idle" is the reliable signal."""
    return page.locator("#jp-main-statusbar", has_text="Idle").count() > 0


def test_landing_notebook_runs_and_explorer_follows(browser, lab):
    from metabolism.book import landing

    base, token, work = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{base}/lab/tree/intro.md?reset&token={token}")
        # opened as a notebook (Jupytext viewer), not in the text editor
        page.wait_for_selector(".jp-Notebook", timeout=90000)
        wait_for(lambda: status_idle(page), 90, "an idle kernel")
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        root = page.locator(".jp-OutputArea .mx-root").first
        root.wait_for(timeout=120000)
        img = root.locator("img.mx-current")
        page.wait_for_function("(i) => i.complete && i.naturalWidth > 0", arg=img.element_handle(), timeout=60000)
        wait_for(lambda: kernel_states(base, token) == ["idle"], 120, "Run All to finish")

        # a slider moved by keyboard (JupyterLab must not swallow the key) recomputes the figure
        before = img.get_attribute("src")
        slider = root.locator("input[type=range]").first
        slider.focus()
        page.keyboard.press("End")
        wait_for(lambda: img.get_attribute("src") != before, 30, "the figure to change after moving a slider")
        assert slider.input_value() == slider.get_attribute("max")

        # a preset moves every control and the figure follows
        name, preset = "type 2 diabetes", landing.PRESETS["type 2 diabetes"]
        before = img.get_attribute("src")
        root.locator("select").select_option(label=name)
        wait_for(lambda: img.get_attribute("src") != before, 30, "the figure to change after a preset")
        ranges = root.locator("input[type=range]")
        assert ranges.nth(0).input_value() == str(landing.GLUCOSE_MGDL.index(preset["glucose"]))
        assert ranges.nth(1).input_value() == str(landing.INSULIN_UU.index(preset["insulin"]))
        assert "140 mg/dL" in img.get_attribute("alt")
        assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        assert page.locator("text=Traceback").count() == 0
        assert root.locator(".mx-error:visible").count() == 0
        assert not [e for e in errors if "THEBE" not in e], errors
    finally:
        page.screenshot(path=str(work / "lab.png"))
        context.close()
