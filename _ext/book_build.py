"""Local Sphinx extension: what the book build needs beyond stock Jupyter Book.

1. Explorer mode. Kernels started by the build inherit this process's environment;
   ``METABOLISM_EXPLORER_MODE=frames`` tells ``metabolism.explore`` to precompute one
   frame per slider position, so sliders keep working on the static site. A reader's
   own kernel (local or Binder) does not set it and gets the live mode.
2. nbclient stall fix. With an ipywidgets Output widget, nbclient's
   ``OutputWidget.sync_state`` sends on the shell channel while the reply poll awaits
   the same socket, and a cell can sit until the timeout. Sending nothing there is safe
   for a build (the widget state is still saved). The test suite imports this module too.
"""
from __future__ import annotations

import os

import nbclient.output_widget


def _no_sync_state(self):  # noqa: ARG001 - replaces a method
    return None


def patch_nbclient() -> None:
    """Disable nbclient's Output-widget state sync (see module docstring)."""
    nbclient.output_widget.OutputWidget.sync_state = _no_sync_state


def setup(app):
    os.environ.setdefault("METABOLISM_EXPLORER_MODE", "frames")
    patch_nbclient()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
