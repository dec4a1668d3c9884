#!/usr/bin/env bash
# Build the whole book as one PDF, book.pdf at the repository root: every page in ToC order, printed by
# Debian's Chromium (apt-get install chromium; nothing is downloaded) with the book's print stylesheet.
# Builds the HTML site first (from a clean cache) unless REUSE_HTML=1 and _build/html exists.
set -euo pipefail
source "$(dirname "$0")/venv.sh" requirements-dev.txt
if [ "${REUSE_HTML:-0}" != 1 ] || [ ! -f _build/html/intro.html ]; then
  jupyter-book clean --all . >/dev/null
  jupyter-book build . -W -n --keep-going
fi
python tools/book_pdf.py --html _build/html --out "${OUT:-book.pdf}"
