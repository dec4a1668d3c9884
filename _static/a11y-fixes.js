/* Accessibility fixes for markup of the theme and of sphinxcontrib-bibtex (found by tests/test_accessibility.py):
 * - the search field's accessible name must contain its visible text ("Search Ctrl+K"): drop the narrower aria-label;
 * - the colour-mode button's decorative icons (hidden from screen readers) carry <title>s ("Light", "Dark") that
 *   clash with the button's name "Color mode": drop those titles (Font Awesome adds them after load, so watch);
 * - the bibliography's role="list" needs role="listitem" children (doc-biblioentry is deprecated);
 * - the sidebar's section toggles (<summary> holding only a chevron icon) need a name: "Sections of <chapter>". */
(function () {
  var pending = false;
  function fix() {
    pending = false;
    document.querySelectorAll(".search-button-field[aria-label]").forEach(function (b) { b.removeAttribute("aria-label"); });
    document.querySelectorAll(".theme-switch-button svg title").forEach(function (t) {
      var svg = t.parentNode; svg.removeAttribute("aria-labelledby"); svg.setAttribute("aria-hidden", "true"); t.remove();
    });
    document.querySelectorAll(".theme-switch-button i").forEach(function (i) { i.removeAttribute("title"); });
    document.querySelectorAll('[role="list"].citation-list > [role="doc-biblioentry"]').forEach(function (e) {
      e.setAttribute("role", "listitem");
    });
    document.querySelectorAll("li.has-children > details > summary").forEach(function (s) {
      var link = s.parentNode.parentNode.querySelector(":scope > a");
      if (!s.textContent.trim() && link) s.setAttribute("aria-label", "Sections of " + link.textContent.trim());
    });
  }
  function later() { if (!pending) { pending = true; requestAnimationFrame(fix); } }
  function start() {
    fix();
    document.querySelectorAll(".theme-switch-button").forEach(function (b) {
      new MutationObserver(later).observe(b, {childList: true, subtree: true});
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
  window.addEventListener("load", fix);
})();
