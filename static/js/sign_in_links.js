// The leader's sheet: print it, or copy the Zalo text. Without JavaScript the
// browser's own print and the selectable text still do it.
(function () {
  var print = document.getElementById("print-sheet");
  if (print) print.addEventListener("click", function () { window.print(); });
  var copy = document.getElementById("copy-zalo");
  if (!copy) return;
  var text = document.getElementById("zalo-text");
  var status = document.getElementById("copy-status");
  function copied() { status.textContent = copy.dataset.copied; }
  function select() {
    text.focus();
    text.select();
    try { if (document.execCommand("copy")) copied(); } catch (e) { /* the text stays selected */ }
  }
  copy.addEventListener("click", function () {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text.value).then(copied, select);
    } else {
      select();
    }
  });
})();
