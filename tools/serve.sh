#!/usr/bin/env bash
# Build the book from a clean cache and serve it on http://127.0.0.1:${PORT:-8000}/ (Ctrl-C stops it).
set -euo pipefail
source "$(dirname "$0")/venv.sh" requirements.txt
PORT="${PORT:-8000}"
jupyter-book clean --all . >/dev/null
jupyter-book build . -W -n --keep-going
echo
echo "Serving the book at http://127.0.0.1:${PORT}/intro.html  (Ctrl-C to stop)"
exec python -m http.server "$PORT" --bind 127.0.0.1 --directory _build/html
