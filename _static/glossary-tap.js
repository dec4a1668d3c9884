/* Definitions on tap (phones and tablets). sphinx-tippy shows a term's definition on hover and, on a touch
 * screen, on touchstart; but the term is a link, so the same tap also followed it to the glossary page and
 * the reader never saw the tip. Here a touch tap on a link that has a tip (glossary terms, citations) whose
 * tip was not already showing is kept from navigating, and the tip is shown; a second tap on the same link,
 * with its tip showing, follows the link. Mouse and keyboard are untouched. Loaded on every page. */
(function () {
  var last = {touch: false, link: null, wasShown: false};
  function tipLink(target) {
    var a = target && target.closest ? target.closest("a[href]") : null;
    return a && a._tippy ? a : null;
  }
  document.addEventListener("pointerdown", function (ev) {
    var a = tipLink(ev.target);
    last.touch = ev.pointerType === "touch" || ev.pointerType === "pen";
    last.link = a;
    last.wasShown = !!(a && a._tippy.state.isVisible);
  }, true);
  document.addEventListener("click", function (ev) {
    var a = tipLink(ev.target);
    if (!a || !last.touch || last.link !== a || last.wasShown) return;
    ev.preventDefault();
    a._tippy.show();
  }, true);
})();
