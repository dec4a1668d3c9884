/* Print support for explorers (see _static/print.css, "EXPLORERS IN PRINT"). Under each explorer, a line that
 * only shows in print: "Interactive online: <this page's address>" (from <meta name="book:online-url">, set
 * from the repository setting by _ext/apparatus.py). Runs on load, before printing, and when tools/pdf.sh
 * calls window.bookPrint.prepare(). Loaded on every page; does nothing on pages without explorers. */
(function () {
  // what marks an explorer's output cell: the ES-module explorer's group with its figure
  var EXPLORER = '[role="group"] img';
  function prepare() {
    var meta = document.querySelector('meta[name="book:online-url"]');
    var url = meta ? meta.content : location.href;
    var cells = document.querySelectorAll(".cell_output");
    var n = 0;
    cells.forEach(function (cell) {
      if (!cell.querySelector(EXPLORER)) return;
      n += 1;
      if (cell.nextElementSibling && cell.nextElementSibling.classList.contains("print-online-note")) return;
      var note = document.createElement("p");
      note.className = "print-online-note";
      note.appendChild(document.createTextNode("Printed at its reference setting. Interactive online: "));
      var a = document.createElement("a");
      a.href = url; a.textContent = url;
      note.appendChild(a);
      cell.parentNode.insertBefore(note, cell.nextSibling);
    });
    return n;
  }
  // explorer figures load lazily on screen; a printed page needs every one of them, also those never scrolled to
  function loadImages() {
    var lazy = document.querySelectorAll('[role="group"] img[loading="lazy"]');
    lazy.forEach(function (img) { img.loading = "eager"; });
    return lazy.length;
  }
  window.bookPrint = {prepare: prepare, loadImages: loadImages};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", prepare); else prepare();
  window.addEventListener("beforeprint", function () { loadImages(); prepare(); });
})();
