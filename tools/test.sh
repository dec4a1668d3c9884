#!/usr/bin/env bash
# Run the whole test suite: models, indices, widgets, notebooks, build, browser and JupyterLab tests.
set -euo pipefail
source "$(dirname "$0")/venv.sh" requirements-dev.txt
python -m pip check
exec python -m pytest "$@"
