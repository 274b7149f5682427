// Quiz pages: countdowns, save-every-tap, confirm before submit.
// Everything works without this file (plain forms); the server decides the deadline.
(function () {
  var d = document;
  function fmt(s) {
    var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), r = s % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (r < 10 ? "0" : "") + r;
  }
  // Closing countdowns on the home and round pages (seconds from the server).
  d.querySelectorAll("[data-countdown]").forEach(function (el) {
    var end = Date.now() + el.dataset.countdown * 1000;
    (function tick() {
      var s = Math.max(0, Math.round((end - Date.now()) / 1000));
      el.textContent = fmt(s);
      if (s > 0) setTimeout(tick, 1000);
    })();
  });
  // The attempt timer: at zero, reload; the server finishes the attempt and shows the result.
  var timer = d.getElementById("timer");
  if (timer) {
    var end = Date.now() + timer.dataset.seconds * 1000;
    (function tick() {
      var s = Math.max(0, Math.round((end - Date.now()) / 1000));
      timer.textContent = fmt(s);
      timer.className = s < 60 ? "low" : "";
      if (s > 0) return setTimeout(tick, 1000);
      var f = d.getElementById("submit-form");
      setTimeout(function () { f ? f.submit() : location.assign(timer.dataset.expiredUrl); }, 1500);
    })();
  }
  var form = d.getElementById("qform"), status = d.getElementById("save-status");
  if (!form) return;
  var url = form.dataset.saveUrl, token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var msg = form.dataset;  // texts come translated from the template
  function say(text, cls) { if (status) { status.textContent = text; status.className = "small " + cls; } }
  function save(body, tries) {
    say(msg.saving, "muted");
    fetch(url, { method: "POST", body: body, headers: { "X-CSRFToken": token }, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (j) { return [r, j]; }); })
      .then(function (rj) {
        var j = rj[1];
        if (j.saved) {
          say(msg.saved, "ok");
          var cur = d.querySelector(".qnav .cur");
          if (cur) cur.classList.add("done");
        } else if (j.result_url) {
          location.assign(j.result_url);
        } else {
          say(j.error, "err");
        }
      })
      .catch(function () {
        if (tries < 6) {
          say(msg.retrying, "err");
          setTimeout(function () { save(body, tries + 1); }, 1000 * Math.pow(2, tries));
        } else {
          say(msg.failed, "err");
        }
      });
  }
  form.addEventListener("change", function (e) {
    if (e.target.name !== "choice") return;
    var body = new FormData();
    body.append("question", form.elements.question.value);
    form.querySelectorAll("[name=choice]:checked").forEach(function (c) { body.append("choice", c.value); });
    save(body, 0);
  });
  var p = d.getElementById("prediction"), sub = d.getElementById("submit-form");
  if (p) p.addEventListener("change", function () {
    var body = new FormData(); body.append("prediction", p.value); save(body, 0);
  });
  if (sub) sub.addEventListener("submit", function (e) {
    if (!confirm(sub.dataset.confirm)) e.preventDefault();
  });
})();
