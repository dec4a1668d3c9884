# Sourced by the README commands: create or reuse .venv at the repo root and install what is missing.
# Usage: source tools/venv.sh <requirements file>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
req="$root/${1:-requirements.txt}"
if [ ! -x "$root/.venv/bin/python" ]; then
  python3 -m venv "$root/.venv"
  "$root/.venv/bin/python" -m pip install --quiet --upgrade pip
fi
# re-install only when the requirements changed since the last successful install
stamp="$root/.venv/.installed-$(basename "$req")"
if [ ! -f "$stamp" ] || ! cmp -s <(cat "$root"/requirements*.txt "$root/pyproject.toml") "$stamp"; then
  (cd "$root" && "$root/.venv/bin/python" -m pip install --quiet -r "$req")
  cat "$root"/requirements*.txt "$root/pyproject.toml" > "$stamp"
fi
export PATH="$root/.venv/bin:$PATH"
cd "$root"
