#!/usr/bin/env bash
# Regenerate the vendored front-end assets the book needs offline (needs npm; CI does not run this).
#  - _static/ipywidgets/: the ipywidgets embed manager (renders saved widget state without a kernel)
#    and its three woff2 icon fonts. Jupyter Book loads every .js under _static on every page,
#    so only embed.js goes there (see TOOLCHAIN.md).
#  - _mathjax/mathjax/: MathJax 3 (full TeX build + CHTML fonts), copied into the site root by
#    html_extra_path, outside _static so it loads only on pages with maths.
#  - tests/vendor/axe.min.js: axe-core for the accessibility test only.
set -euo pipefail
cd "$(dirname "$0")/.."
HTML_MANAGER=@jupyter-widgets/html-manager@1.0.15
MATHJAX=mathjax@3.2.2
AXE=axe-core@4.14.1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$HTML_MANAGER" "$MATHJAX" "$AXE" >/dev/null)
for t in "$work"/*.tgz; do mkdir -p "${t%.tgz}" && tar -xzf "$t" -C "${t%.tgz}"; done
hm="$work/jupyter-widgets-html-manager-1.0.15/package"
mj="$work/mathjax-3.2.2/package"
ax="$work/axe-core-4.14.1/package"

rm -rf _static/ipywidgets _mathjax tests/vendor
mkdir -p _static/ipywidgets _mathjax/mathjax/output/chtml/fonts tests/vendor
cp "$hm/dist/embed.js" "$hm/dist/embed.js.LICENSE.txt" "$hm"/dist/*.woff2 _static/ipywidgets/
cp "$mj/es5/tex-chtml-full.js" "$mj/LICENSE" _mathjax/mathjax/
cp -r "$mj/es5/output/chtml/fonts/woff-v2" _mathjax/mathjax/output/chtml/fonts/
cp "$ax/axe.min.js" "$ax/LICENSE" tests/vendor/
echo "vendored: $HTML_MANAGER, $MATHJAX, $AXE"
du -sh _static/ipywidgets _mathjax tests/vendor
