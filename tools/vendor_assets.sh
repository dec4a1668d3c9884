#!/usr/bin/env bash
# Regenerate the vendored front-end assets the book needs offline (needs npm; CI does not run this).
#  - _static/ipywidgets/: the ipywidgets embed manager (renders saved widget state without a kernel)
#    and its three woff2 icon fonts. Jupyter Book loads every .js under _static on every page,
#    so only embed.js goes there (see TOOLCHAIN.md).
#  - _mathjax/mathjax/: MathJax 3 (full TeX build + CHTML fonts), copied into the site root by
#    html_extra_path, outside _static so it loads only on pages with maths.
#  - _tippy/tippy/: popper.js and tippy.js for sphinx-tippy's hover definitions (glossary terms,
#    citations), copied into the site root by html_extra_path (outside _static, like MathJax, so
#    Jupyter Book does not load them a second time) and named in _config.yml's tippy_js.
#  - tests/vendor/axe.min.js: axe-core for the accessibility test only.
set -euo pipefail
cd "$(dirname "$0")/.."
HTML_MANAGER=@jupyter-widgets/html-manager@1.0.15
MATHJAX=mathjax@3.2.2
AXE=axe-core@4.14.1
POPPER=@popperjs/core@2.11.8
TIPPY=tippy.js@6.3.7
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$HTML_MANAGER" "$MATHJAX" "$AXE" "$POPPER" "$TIPPY" >/dev/null)
for t in "$work"/*.tgz; do mkdir -p "${t%.tgz}" && tar -xzf "$t" -C "${t%.tgz}"; done
hm="$work/jupyter-widgets-html-manager-1.0.15/package"
mj="$work/mathjax-3.2.2/package"
ax="$work/axe-core-4.14.1/package"
pp="$work/popperjs-core-2.11.8/package"
tp="$work/tippy.js-6.3.7/package"

rm -rf _static/ipywidgets _mathjax _tippy tests/vendor
mkdir -p _static/ipywidgets _mathjax/mathjax/output/chtml/fonts _tippy/tippy tests/vendor
cp "$hm/dist/embed.js" "$hm/dist/embed.js.LICENSE.txt" "$hm"/dist/*.woff2 _static/ipywidgets/
cp "$mj/es5/tex-chtml-full.js" "$mj/LICENSE" _mathjax/mathjax/
cp -r "$mj/es5/output/chtml/fonts/woff-v2" _mathjax/mathjax/output/chtml/fonts/
cp "$pp/dist/umd/popper.min.js" _tippy/tippy/ && cp "$pp/LICENSE.md" _tippy/tippy/LICENSE-popper.md
cp "$tp/dist/tippy-bundle.umd.min.js" _tippy/tippy/ && cp "$tp/LICENSE" _tippy/tippy/LICENSE-tippy
cp "$ax/axe.min.js" "$ax/LICENSE" tests/vendor/
echo "vendored: $HTML_MANAGER, $MATHJAX, $AXE, $POPPER, $TIPPY"
du -sh _static/ipywidgets _mathjax _tippy tests/vendor
