// A first sign-in link: its token is the address's fragment, which the browser
// never sends. Take it out of the address (so it stays in no history on a
// shared phone) and post it; the answer asks the member before using it up.
(function () {
  var token = window.location.hash.slice(1);
  if (!token) return;
  history.replaceState(null, "", window.location.pathname);
  document.getElementById("link-token").value = token;
  document.getElementById("link-manual").hidden = true;
  document.getElementById("link-wait").hidden = false;
  document.getElementById("link-form").submit();
})();
