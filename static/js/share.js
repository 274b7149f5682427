// "Chia sẻ": the phone's share sheet (Zalo, Messenger…) where there is one,
// otherwise copy the link. Without JavaScript the link is still there to copy.
(function () {
  var button = document.getElementById("share");
  if (!button) return;
  var status = document.getElementById("share-status");
  var url = button.dataset.url;
  function copied() { status.textContent = button.dataset.copied; }
  function copy() {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(copied, select);
    } else {
      select();
    }
  }
  function select() {
    var input = document.getElementById("invite-url");
    input.focus();
    input.select();
    try { if (document.execCommand("copy")) copied(); } catch (e) { /* the text stays selected */ }
  }
  button.addEventListener("click", function () {
    if (navigator.share) {
      navigator.share({ title: button.dataset.title, url: url }).catch(function (err) {
        if (err && err.name !== "AbortError") copy();
      });
    } else {
      copy();
    }
  });
})();
