"""The explorer toolkit (metabolism.explore), pure Python, both modes.

A cheap synthetic view (a sine wave) stands in for a model: the explorer knows nothing about
glucose, so nothing here needs one. Real-kernel and browser tests live elsewhere.
"""
import base64
import csv
import io
import math

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from ipywidgets import embed
from PIL import Image

from metabolism import explore, plotting
from metabolism.explore import MAX_FRAMES, FrameImage, View, explorer

GRID = {"amp": [0.5, 1.0, 2.0], "freq": [1.0, 2.0]}
REF = {"amp": 1.0, "freq": 1.0}


class Wave(View):
    """amp * sin(freq * t) over a fixed window, reference drawn faintly."""

    def setup(self, fig):
        ax = fig.add_subplot()
        self.t = np.linspace(0.0, 10.0, 200)
        plotting.reference_line(ax, self.t, np.sin(self.t))
        (self.line,) = ax.plot([], [], label="current")
        self.animate(self.line)  # only this artist changes: blitted, not a full redraw
        ax.set_xlim(0, 10)
        ax.set_ylim(-3, 3)
        ax.set_xlabel(plotting.axis_label("Time", "min"))
        ax.set_ylabel(plotting.axis_label("Signal", "a.u."))

    def update(self, amp, freq):
        if amp < 0:
            raise ValueError(f"amp={amp} must be >= 0")
        self.y = amp * np.sin(freq * self.t)
        self.line.set_data(self.t, self.y)

    def data(self):
        return {"time_min": self.t, "signal_au": self.y}


def readout(amp, freq):
    return plotting.format_change("amplitude", amp, REF["amp"])


def sentence(amp, freq):
    return "The wave is taller than the reference." if amp > 1 else "The wave is not taller than the reference."


def build(mode, **kw):
    args = dict(grid=GRID, reference=REF, readout=readout, sentence=sentence, mode=mode,
                alt="A sine wave", labels={"amp": "Amplitude", "freq": "Frequency"},
                units={"amp": "a.u.", "freq": "1/min"})
    args.update(kw)
    return explorer(Wave(), **args)


@pytest.fixture(params=["live", "frames"])
def ex(request):
    plt.close("all")
    return build(request.param)


def decoded(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


# ---------------------------------------------------------------- both modes

def test_top_widget_and_attributes(ex):
    assert isinstance(ex, widgets.VBox)
    assert set(ex.sliders) == {"amp", "freq"}
    assert ex.frame_count == 6
    assert ex.params == REF
    assert isinstance(ex.image, FrameImage)


def test_sliders_read_out_in_the_knob_unit(ex):
    s = ex.sliders["amp"]
    assert s.description == "Amplitude"
    assert [label for label, _ in s.options] == ["0.5 a.u.", "1 a.u.", "2 a.u."]


def test_moving_a_slider_changes_the_image_and_readout(ex):
    png0, readout0, alt0 = ex.png, ex.readout, ex.alt
    assert readout0 == "amplitude ±0 %"
    ex.sliders["amp"].value = 2.0
    assert ex.params == {"amp": 2.0, "freq": 1.0}
    assert ex.png != png0
    assert not np.array_equal(decoded(ex.png), decoded(png0))
    assert ex.readout == "amplitude +100 %"
    assert ex.sentence == "The wave is taller than the reference."
    assert ex.alt != alt0


def test_exactly_one_image_is_shown(ex):
    for amp in GRID["amp"]:
        ex.sliders["amp"].value = amp
        shown = [w for w in ex.shown_widgets() if isinstance(w, widgets.Image)]
        assert shown == [ex.image]


def saved_images(ex) -> dict:
    """{model id: (tooltip, PNG bytes)} of the Image models the page embeds for this explorer
    (ipywidgets' own serialisation of the widget state, as the static build saves it)."""
    state = embed.dependency_state([ex], drop_defaults=True)
    return {k: (m["state"].get("tooltip"),
                b"".join(base64.b64decode(b["data"]) for b in m.get("buffers", []) if b["path"] == ["value"]))
            for k, m in state.items() if m["model_name"] == "ImageModel"}


def test_alt_text_says_what_is_shown(ex):
    alt = ex.image.tooltip
    # the alt text is what the saved page carries for the image shown, not only a Python attribute
    assert saved_images(ex)[ex.image.model_id][0] == alt
    assert alt.startswith("A sine wave")
    assert "Amplitude 1 a.u." in alt and "Frequency 1 1/min" in alt
    assert "amplitude ±0 %" in alt


def test_no_pyplot_figure_left_open(ex):
    assert plt.get_fignums() == []
    ex.sliders["freq"].value = 2.0
    assert plt.get_fignums() == []


def test_reset_and_presets(ex):
    ex.sliders["amp"].value = 0.5
    ex.reset()
    assert ex.params == REF
    assert ex.readout == "amplitude ±0 %"


def test_model_card_is_rendered():
    card = {"model": "Sine wave", "citation": "Nobody 2024, J Tests 1:1",
            "valid": "amp 0.5-2", "leaves_out": "everything physiological"}
    ex = build("live", model_card=card)
    html = ex.model_card.value
    for text in card.values():
        assert text in html
    assert "<details" in html  # collapsed, works without a kernel


# ---------------------------------------------------------------- live mode

def test_live_mode_is_the_default(monkeypatch):
    monkeypatch.delenv(explore.MODE_ENV, raising=False)
    assert build(None).mode == "live"
    monkeypatch.setenv(explore.MODE_ENV, "frames")
    assert build(None).mode == "frames"


def test_live_png_matches_a_fresh_render():
    ex = build("live")
    ex.sliders["freq"].value = 2.0
    other = Wave()
    other.update(amp=1.0, freq=2.0)
    assert np.array_equal(decoded(ex.png), decoded(full_redraw_png(other)))


def full_redraw_png(view):
    """Reference render: a normal full draw, animated artists on top (as blitting draws them)."""
    for a in view.fig.findobj():
        if a.get_animated():
            a.set_animated(False)
            a.set_zorder(100)
    return plotting.to_png(view.fig)


def test_blitted_render_equals_a_full_redraw_and_leaves_no_trace():
    blitted = Wave()
    for amp, freq in [(2.0, 2.0), (0.5, 1.0)]:  # the second frame must not show the first curve
        blitted.update(amp=amp, freq=freq)
        png = blitted.render()
    fresh = Wave()
    fresh.update(amp=0.5, freq=1.0)
    assert np.array_equal(decoded(png), decoded(full_redraw_png(fresh)))


def test_invalidate_redraws_the_background():
    view = Wave()
    view.update(amp=1.0, freq=1.0)
    before = view.render()
    view.fig.axes[0].set_ylim(-1, 1)  # a static change: the view must say so
    view.invalidate()
    view.update(amp=1.0, freq=1.0)
    after = view.render()
    assert not np.array_equal(decoded(before), decoded(after))
    assert np.array_equal(decoded(after), decoded(full_redraw_png(view)))


def test_live_reset_button_restores_the_reference_image():
    ex = build("live")
    png0 = ex.png
    ex.sliders["amp"].value = 2.0
    ex.sliders["freq"].value = 2.0
    ex.reset_button.click()
    assert ex.params == REF
    assert np.array_equal(decoded(ex.png), decoded(png0))


def test_live_preset_sets_the_sliders():
    ex = build("live", presets={"tall": {"amp": 2.0}, "fast": {"freq": 2.0}})
    sel = ex.preset_selector
    sel.value = "tall"
    assert ex.params == {"amp": 2.0, "freq": 1.0}  # missing knobs come from the reference
    sel.value = "fast"
    assert ex.params == {"amp": 1.0, "freq": 2.0}
    ex.sliders["amp"].value = 0.5  # a manual move leaves the preset
    assert sel.index == 0


def test_live_export_writes_png_and_csv(tmp_path):
    ex = build("live")
    ex.sliders["amp"].value = 2.0
    paths = ex.export(tmp_path)
    png = [p for p in paths if p.suffix == ".png"][0]
    table = [p for p in paths if p.suffix == ".csv"][0]
    assert png.read_bytes()[:4] == b"\x89PNG"
    rows = list(csv.reader(table.open()))
    assert rows[0] == ["time_min", "signal_au"]
    assert len(rows) == 201
    assert float(rows[50][1]) == pytest.approx(2.0 * math.sin(float(rows[50][0])), abs=1e-6)
    assert "download" in ex.downloads.value and "data:image/png;base64," in ex.downloads.value


def test_live_error_is_shown_not_swallowed():
    grid = {"amp": [-1.0, 1.0], "freq": [1.0]}
    ex = explorer(Wave(), grid, init={"amp": 1.0, "freq": 1.0}, mode="live")
    png0 = ex.png
    ex.sliders["amp"].value = -1.0
    assert ex.png == png0
    assert "amp=-1" in ex.error


def test_build_time_error_propagates():
    grid = {"amp": [-1.0, 1.0], "freq": [1.0]}
    with pytest.raises(ValueError, match="amp=-1"):
        explorer(Wave(), grid, init={"amp": -1.0, "freq": 1.0}, mode="live")


def test_plain_draw_function_is_accepted_and_closed():
    def draw(amp, freq):
        fig = plt.figure(figsize=(6.4, 4))
        ax = fig.add_subplot()
        t = np.linspace(0, 10, 50)
        ax.plot(t, amp * np.sin(freq * t))
        ax.set_ylim(-3, 3)
        return fig

    plt.close("all")
    for mode in ("live", "frames"):
        ex = explorer(draw, GRID, mode=mode, alt="A sine wave")
        png0 = ex.png
        ex.sliders["amp"].value = 2.0
        assert ex.png != png0
        assert plt.get_fignums() == []


# ---------------------------------------------------------------- frames mode

def test_frames_one_frame_per_grid_point_with_alt_text():
    ex = build("frames")
    assert len(ex.frames) == ex.frame_count == 6
    alts = [f.tooltip for f in ex.frames.values()]
    assert all(a.startswith("A sine wave") for a in alts)
    assert len(set(alts)) == 6  # each says what it shows
    pngs = [f.value for f in ex.frames.values()]
    assert len(set(pngs)) == 6
    for png in pngs:
        img = Image.open(io.BytesIO(png))
        assert img.mode == "P" and len(img.getcolors(256)) <= 64


def test_frame_bytes_counts_every_png_once():
    """frame_bytes is the PNG payload the page embeds, counted from the serialised widget state."""
    ex = build("frames", presets={"tall": {"amp": 2.0}})  # a preset reuses a frame: no extra bytes
    saved = saved_images(ex)
    assert len(saved) == 6 and all(png.startswith(b"\x89PNG") for _, png in saved.values())
    assert ex.frame_bytes == sum(len(png) for _, png in saved.values())
    assert ex.frame_bytes == build("frames").frame_bytes      # the preset added no frame
    live = build("live")
    (only,) = saved_images(live).values()                      # one image on the page in live mode
    assert live.frame_bytes == len(only[1]) > 0


def test_frames_stacks_follow_the_sliders():
    ex = build("frames")
    level0, level1 = ex.stacks
    assert len(level0) == 1 and len(level1) == 3
    ex.sliders["amp"].value = 2.0
    ex.sliders["freq"].value = 2.0
    assert [s.selected_index for s in level0] == [2]
    assert [s.selected_index for s in level1] == [1, 1, 1]
    assert ex.image is ex.frames[(2, 1)]


def test_frames_jslinks_one_per_stack():
    grid = {"amp": [0.5, 1.0, 2.0], "freq": [1.0, 2.0], "phase": [0.0, 1.0]}

    class Wave3(Wave):
        def update(self, amp, freq, phase):
            super().update(amp, freq + phase)

    ex = explorer(Wave3(), grid, mode="frames", alt="A sine wave")
    assert ex.frame_count == 12
    # 1 + n0 + n0*n1 slider->Stack links
    slider_links = [l for l in ex.links if l.source[0] in ex.sliders.values()]
    assert len(slider_links) == 1 + 3 + 3 * 2
    for link in slider_links:
        assert link.source[1] == "index" and link.target[1] == "selected_index"


def test_frames_preset_is_its_own_linked_axis():
    ex = build("frames", presets={"tall and fast": {"amp": 2.0, "freq": 2.0}})
    sel = ex.preset_selector
    assert any(l.source[0] is sel for l in ex.links)
    sel.value = "tall and fast"
    assert ex.image is ex.frames[(2, 1)]
    assert ex.frame_count == 6  # a preset on the grid reuses its frame


def test_frames_has_no_kernel_only_controls():
    ex = build("frames")
    assert ex.reset_button is None and ex.export_button is None


# ---------------------------------------------------------------- validation

def test_more_than_150_frames_raises_naming_count_and_cap():
    grid = {"amp": list(np.linspace(0.5, 2, 11)), "freq": list(np.linspace(1, 2, 14))}
    for mode in ("live", "frames"):
        with pytest.raises(ValueError, match=r"154.*150"):
            explorer(Wave(), grid, mode=mode)
    assert MAX_FRAMES == 150
    grid = {"amp": list(np.linspace(0.5, 2, 10)), "freq": list(np.linspace(1, 2, 15))}
    assert explorer(Wave(), grid, mode="live").frame_count == 150


@pytest.mark.parametrize("kw, match", [
    (dict(grid={}), "grid"),
    (dict(grid={"amp": []}), "amp"),
    (dict(grid={"amp": [1.0, 1.0], "freq": [1.0]}), "amp"),
    (dict(init={"amp": 3.0}), "init"),
    (dict(init={"nope": 1.0}), "nope"),
    (dict(reference={"amp": 1.5, "freq": 1.0}), "reference"),
    (dict(mode="static"), "mode"),
    (dict(presets={"bad": {"amp": 7.0}}), "bad"),
    (dict(readout="not callable"), "readout"),
])
def test_bad_arguments_raise_value_error(kw, match):
    kw = dict(kw)
    with pytest.raises(ValueError, match=match):
        build(kw.pop("mode", "live"), **kw)


def test_view_or_draw_must_be_usable():
    with pytest.raises(ValueError, match="view_or_draw"):
        explorer(42, GRID)


def test_frame_state_always_carries_description():
    # the JS Image view reads description.length when a tooltip is set: it must never be dropped
    from ipywidgets.embed import embed_data
    ex = build("frames")
    state = embed_data(views=[ex], drop_defaults=True)["manager_state"]["state"]
    images = [state[f.model_id]["state"] for f in ex.frames.values()]
    assert len(images) == 6 and all("value" not in s for s in images)  # PNG bytes go in buffers
    assert all(s.get("description") == "" and s.get("tooltip") for s in images)


# ---------------------------------------------------------------- accessibility script

def test_aria_script_is_small_and_names_slider_handles():
    s = explore.ARIA_SCRIPT
    assert s.startswith("<script>") and s.rstrip().endswith("</script>")
    assert len(s.encode()) <= 1000
    assert "aria-label" in s and "noUi-handle" in s and "widget-label" in s


def test_display_emits_the_aria_script_once(monkeypatch):
    shown = []
    monkeypatch.setattr(explore, "display", lambda obj, **kw: shown.append(obj))
    ex = build("live")
    ex._ipython_display_()
    scripts = [o for o in shown if getattr(o, "data", None) == explore.ARIA_SCRIPT]
    assert len(scripts) == 1
    assert len(shown) == 2  # the script, then the widget itself
