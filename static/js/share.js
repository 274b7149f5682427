// "Chia sẻ": the phone's share sheet (Zalo, Messenger…) where there is one,
// otherwise copy the link. Without JavaScript the link is still there to copy.
// Every button with data-share (and the older id="share") works alike: data-url, data-title,
// data-text (sent with the link), data-copied, and the ids of its link's field (data-input,
// "invite-url" by default) and of its status line (data-status, "share-status" by default).
(function () {
  function wire(button) {
    var status = document.getElementById(button.dataset.status || "share-status");
    var url = button.dataset.url;
    function copied() { if (status) status.textContent = button.dataset.copied; }
    function select() {
      var input = document.getElementById(button.dataset.input || "invite-url");
      if (!input) return;
      input.focus();
      input.select();
      try { if (document.execCommand("copy")) copied(); } catch (e) { /* the text stays selected */ }
    }
    function copy() {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(copied, select);
      } else {
        select();
      }
    }
    button.addEventListener("click", function () {
      if (navigator.share) {
        var data = { title: button.dataset.title, url: url };
        if (button.dataset.text) data.text = button.dataset.text;
        navigator.share(data).catch(function (err) {
          if (err && err.name !== "AbortError") copy();
        });
      } else {
        copy();
      }
    });
  }
  var buttons = document.querySelectorAll("button#share, button[data-share]");
  for (var i = 0; i < buttons.length; i++) wire(buttons[i]);
})();
