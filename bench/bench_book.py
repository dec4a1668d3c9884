"""Clean build of the whole book: wall time, page weights and frame counts (prints; asserts nothing).

Run: .venv/bin/python bench/bench_book.py [--keep DIR]
Builds into a temporary folder from a clean cache exactly as the README does, then reports per page the
HTML size, the number of precomputed explorer frames (new explorers' states and old saved ImageModel states),
the frame files' size (new explorers keep frames in _frames/, outside the page),
and for the whole book the build time and the build time per frame (an upper bound on the frame cost:
it also contains Sphinx, kernel start-up and the models).
"""
import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def frames_in(html: str) -> int:
    """Precomputed frames on a page: the new explorers' states plus the old toolkit's saved ImageModels."""
    n = sum(len(json.loads(s)["frames"]) for s in
            re.findall(r'<script type="application/json" data-mx-state>(.*?)</script>', html, re.S))
    return n + _widget_frames(html)


def _widget_frames(html: str) -> int:
    m = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', html, re.S)
    if not m:
        return 0
    state = json.loads(m.group(1))["state"]
    return sum(1 for s in state.values() if s.get("model_name") == "ImageModel")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", help="build into this folder instead of a temporary one")
    args = ap.parse_args()
    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="book-bench-"))
    jb = Path(sys.executable).parent / "jupyter-book"
    t0 = time.perf_counter()
    proc = subprocess.run([str(jb), "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(out)],
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode:
        print(proc.stdout[-3000:], proc.stderr[-2000:])
        sys.exit("build failed")
    html_dir = out / "_build" / "html"
    total_frames = 0
    print(f"{'page':45s} {'HTML MB':>8s} {'frames':>7s} {'HTML KB/frame':>13s}")
    for page in sorted(html_dir.rglob("*.html")):
        if page.name in ("search.html", "genindex.html") or page.parent.name.startswith("_"):
            continue
        text = page.read_text(encoding="utf-8")
        n = frames_in(text)
        total_frames += n
        per = f"{len(text) / 1024 / n:13.1f}" if n else f"{'-':>13s}"
        print(f"{str(page.relative_to(html_dir)):45s} {page.stat().st_size / 1e6:8.2f} {n:7d} {per}")
    frame_files = list((html_dir / "_frames").glob("*"))
    print(f"\n_frames/: {len(frame_files)} files, {sum(f.stat().st_size for f in frame_files) / 1e6:.1f} MB "
          "(new explorers' PNG and CSV frames, fetched when shown)")
    print(f"clean build: {wall:.1f} s for {total_frames} frames "
          f"({1e3 * wall / max(total_frames, 1):.0f} ms per frame, upper bound; target <= 40 ms, book <= 300 s)")


if __name__ == "__main__":
    main()
