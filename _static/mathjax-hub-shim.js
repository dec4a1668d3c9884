// The vendored ipywidgets manager (html-manager 1.0.x) typesets widget labels through MathJax 2's
// MathJax.Hub.Queue whenever window.MathJax exists. The book serves MathJax 3, which has no Hub, so pages with
// both equations and ipywidgets explorers threw "Cannot read properties of undefined (reading 'Queue')".
// Give every MathJax object a Hub whose Queue typesets with MathJax 3's own promise API.
(function () {
  "use strict";
  function addHub(mj) {
    if (mj && typeof mj === "object" && !mj.Hub) {
      mj.Hub = {
        Queue: function () {
          if (typeof mj.typesetPromise === "function") {
            mj.typesetPromise().catch(function () {});
          }
        }
      };
    }
    return mj;
  }
  var current = addHub(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) { current = addHub(value); }
  });
})();
