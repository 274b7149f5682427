// The team picker of the live round form: its buttons fetch the picker's part of the page and swap it in,
// so the rest of the form (typed, not saved) stays as it is and the phone does not reload the whole page.
// Without JavaScript the same buttons post the whole form and the page comes back at the picker.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-form]");
  if (!form || !window.fetch || !window.FormData || !window.DOMParser) return;
  var plain = false;  // after a failure, the buttons go the plain way

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (plain || !button || !button.hasAttribute("data-pick")) return;
    var box = form.querySelector("[data-team-picker]");
    if (!box || box.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
    event.preventDefault();
    var data = new FormData(form);
    data.append(button.name, button.value);
    var searching = button.name === "pick" && button.value === "search";
    box.setAttribute("aria-busy", "true");
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Team-Picker": "1" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-team-picker]");
        if (!fresh) throw new Error("no picker");
        box.replaceWith(fresh);
        var focus = searching ? fresh.querySelector("#team-q") : fresh.querySelector("[data-picker-status]");
        if (focus) focus.focus({ preventScroll: !searching });
      })
      .catch(function () {
        plain = true;
        box.removeAttribute("aria-busy");
        if (form.requestSubmit) form.requestSubmit(button); else button.click();
      });
  });
})();
