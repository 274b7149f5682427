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
      setTimeout(function () {
        var end = function () { f ? f.submit() : location.assign(timer.dataset.expiredUrl); };
        navigator.onLine ? end() : window.addEventListener("online", end, { once: true });  // no error page offline
      }, 1500);
    })();
  }
  var form = d.getElementById("qform"), status = d.getElementById("save-status");
  if (!form) return;
  var url = form.dataset.saveUrl, token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var msg = form.dataset;  // texts come translated from the template
  var sub = d.getElementById("submit-form"), p = d.getElementById("prediction");
  var here = form.elements.question ? "q" + form.elements.question.value : null;
  function say(text, cls) { if (status) { status.textContent = text; status.className = "small " + cls; } }

  // Every tap waits in localStorage until the server has acknowledged it: per attempt and question, the
  // latest choice wins. The network may drop for minutes or PostgreSQL restart (the server answers 503):
  // the taps stay on the phone, are sent again with backoff, when the phone is back online, when the page
  // is shown again and when it loads (a tap kept from before a reload goes first), and each is dropped
  // once acknowledged. One request at a time, so the last choice is always the last one stored.
  var KEY = "quiz-unsaved:" + url, memory = {}, store = null;
  try { store = window.localStorage; store.setItem(KEY + "?", "1"); store.removeItem(KEY + "?"); } catch (e) { store = null; }
  function unsaved() {
    if (!store) return memory;
    try { return JSON.parse(store.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function keep(all) {
    memory = all;
    if (store) try { Object.keys(all).length ? store.setItem(KEY, JSON.stringify(all)) : store.removeItem(KEY); } catch (e) { store = null; }
  }
  function remember(name, fields) {
    var all = unsaved();
    all[name] = { fields: fields, id: Date.now() + "-" + Math.random() };
    keep(all);
    resume();
  }
  function forget(name, id) {
    var all = unsaved();
    if (all[name] && all[name].id === id) { delete all[name]; keep(all); }  // a newer tap stays
  }
  function post(to, body) {
    return fetch(to, {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: { "X-CSRFToken": token, "Accept": "application/json" }
    });
  }
  // Taps kept from before a reload show as chosen: the phone knows better than the page it was sent.
  (function restore() {
    var all = unsaved();
    if (here && all[here]) {
      var chosen = all[here].fields.filter(function (f) { return f[0] === "choice"; }).map(function (f) { return f[1]; });
      form.querySelectorAll("[name=choice]").forEach(function (c) { c.checked = chosen.indexOf(c.value) >= 0; });
    }
    if (p && all.prediction) p.value = all.prediction.fields[0][1];
  })();

  var busy = false, tries = 0, retry = null;
  // What to do once every tap is acknowledged: go to another question, or submit.
  var next = null;
  function resume() {
    clearTimeout(retry);
    if (busy) return;
    if (send()) return;
    if (next) { var then = next; next = null; then(); }
  }
  function send() {
    var all = unsaved(), name = Object.keys(all)[0];
    if (!name) return false;
    var entry = all[name], body = new FormData();
    entry.fields.forEach(function (f) { body.append(f[0], f[1]); });
    busy = true;
    if (!tries) say(msg.saving, "muted");
    post(url, body)
      .then(function (r) { return r.json().then(function (j) { return [r, j]; }, function () { return [r, null]; }); })
      .then(function (rj) {
        busy = false;
        var r = rj[0], j = rj[1];
        if (j && j.saved) {
          tries = 0;
          forget(name, entry.id);
          if (name === here) { var cur = d.querySelector(".qnav .cur"); if (cur) cur.classList.add("done"); }
          if (!Object.keys(unsaved()).length) say(msg.saved, "ok");
          return resume();
        }
        if (r.status >= 500) return lost(j && j.retry_after);
        if (j && j.finished) return closed(j);
        if (j) {  // this answer is refused, not lost
          forget(name, entry.id);
          say(j.error, "err");
          // A refused prediction would be refused again by the submit: let the member correct it first.
          if (name === "prediction" && next === submit) next = null;
          return resume();
        }
        say(msg.failed, "err");  // signed out, or a page instead of JSON: kept for the next tap or page load
      }, function () { busy = false; lost(); });
    return true;
  }
  // No answer from the server (offline) or it is restarting (503): keep everything, try again later.
  function lost(after) {
    tries += 1;
    if (next === submit) { next = null; say(msg.notSubmitted, "err"); }
    else say(next ? msg.held : msg.offline, "err");
    var wait = Math.min(30000, 1000 * Math.pow(2, tries - 1));
    retry = setTimeout(resume, Math.max(wait, (after || 0) * 1000));
  }
  // The server has closed the attempt (submitted, or the deadline passed): nothing kept can be saved.
  function closed(j) {
    keep({});
    next = null;
    say(j.error, "err");
    if (j.result_url && status) {
      var a = d.createElement("a");
      a.href = j.result_url; a.textContent = msg.result;
      status.appendChild(d.createTextNode(" ")); status.appendChild(a);
    }
  }

  form.addEventListener("change", function (e) {
    if (e.target.name !== "choice") return;
    var fields = [["question", form.elements.question.value]];
    form.querySelectorAll("[name=choice]:checked").forEach(function (c) { fields.push(["choice", c.value]); });
    remember(here, fields);
  });
  if (p) p.addEventListener("change", function () { remember("prediction", [["prediction", p.value]]); });

  // One question per page: another page cannot load offline. While all is well (online, every tap
  // acknowledged) a move (next, previous, the navigator) posts the form as without JavaScript. Otherwise
  // (offline, taps kept, the last save unanswered or refused with a 503) the member stays on this question
  // with the message: the move waits until every tap is acknowledged and the server has taken the page's
  // form (a 503 still keeps the member here), then goes on by itself. A newer move replaces a waiting one.
  function goTo(q) {
    return function go() {
      if (!navigator.onLine) { next = go; return lost(); }
      busy = true;
      var body = new FormData(form);
      body.append("go", q);
      post(location.href, body).then(function (r) {
        busy = false;
        if (r.type === "opaqueredirect" || r.ok) return location.assign(location.pathname + "?q=" + q);
        if (r.status >= 500) { next = go; return lost(r.headers.get("Retry-After")); }
        plain(form, "go", q);  // anything else: let the server's page say it
      }, function () { busy = false; next = go; lost(); });
    };
  }
  function plain(f, name, value) {
    var h = d.createElement("input");
    h.type = "hidden"; h.name = name; h.value = value;
    f.appendChild(h);
    f.submit();
  }
  form.addEventListener("submit", function (e) {
    var b = e.submitter;
    if (!b || b.name !== "go" || !window.fetch) return;  // an old browser posts the form, as without JavaScript
    if (navigator.onLine && !tries && !next && !Object.keys(unsaved()).length) return;  // all is well
    e.preventDefault();
    next = goTo(b.value);
    if (!navigator.onLine) return lost();
    tries = 0;
    resume();
  });

  // The submit goes after every kept tap. If the server cannot take it, the member is told and the form
  // stays; it is not sent again behind their back.
  function submit() {
    if (!navigator.onLine) return say(msg.notSubmitted, "err");
    busy = true;
    post(sub.action, new FormData(sub)).then(function (r) {
      busy = false;
      if (r.type === "opaqueredirect" || r.ok) return location.assign(sub.dataset.resultUrl);
      if (r.status >= 500) return say(msg.notSubmitted, "err");
      sub.submit();
    }, function () { busy = false; say(msg.notSubmitted, "err"); });
  }
  if (sub) sub.addEventListener("submit", function (e) {
    if (!confirm(sub.dataset.confirm)) return e.preventDefault();
    if (!window.fetch) return;
    e.preventDefault();
    if (!navigator.onLine) return say(msg.notSubmitted, "err");
    next = submit;
    tries = 0;
    resume();
  });

  window.addEventListener("online", function () { tries = 0; say("", "muted"); resume(); });
  window.addEventListener("offline", function () { say(next ? msg.held : msg.offline, "err"); });
  d.addEventListener("visibilitychange", function () { if (d.visibilityState === "visible") { tries = 0; resume(); } });
  resume();
})();
