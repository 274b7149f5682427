// Quiz pages: countdowns, save-every-tap, moves between questions without the network, confirm before submit.
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
      if (f && f.hidden) f = null;  // on a question: the page's reload finishes the attempt
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
  // The attempt's questions as drawn for this member (never which choice is right): the moves between them
  // and the submit step are drawn here, so they work without the network. Without it, the forms post.
  var data = null;
  try { data = JSON.parse(d.getElementById("attempt-steps").textContent); } catch (e) { data = null; }
  var steps = data ? data.questions : [], total = steps.length, step = +form.dataset.step;
  var here = step <= total && steps[step - 1] ? "q" + steps[step - 1].id : null;
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
  // What each question's choices are on this phone: the server's saved answers, then the taps kept from
  // before a reload (the phone knows better than the page what it sent).
  var chosen = {};
  if (data) Object.keys(data.chosen).forEach(function (id) { chosen[id] = data.chosen[id].map(String); });
  (function restore() {
    var all = unsaved();
    Object.keys(all).forEach(function (name) {
      if (name.charAt(0) !== "q") return;
      chosen[name.slice(1)] = all[name].fields.filter(function (f) { return f[0] === "choice"; }).map(function (f) { return String(f[1]); });
    });
    if (here && chosen[here.slice(1)]) {
      form.querySelectorAll("[name=choice]").forEach(function (c) { c.checked = chosen[here.slice(1)].indexOf(c.value) >= 0; });
    }
    if (p && all.prediction) p.value = all.prediction.fields[0][1];
  })();

  var busy = false, tries = 0, retry = null;
  // What to do once every tap is acknowledged: the submit, when the member has asked for it.
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
        say(msg.failed, "err");  // signed out, or a page instead of JSON: kept for the next tap, move or page load
      }, function () { busy = false; lost(); });
    return true;
  }
  // No answer from the server (offline) or it is restarting (503): keep everything, try again later.
  // A submit asked for waits too, and goes by itself once every kept tap is acknowledged.
  function lost(after) {
    tries += 1;
    say(next === submit ? msg.waiting : msg.offline, "err");
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
    if (e.target.name !== "choice" || !here) return;
    var fields = [["question", form.elements.question.value]], keys = [];
    form.querySelectorAll("[name=choice]:checked").forEach(function (c) { fields.push(["choice", c.value]); keys.push(c.value); });
    chosen[here.slice(1)] = keys;
    marks();
    if (practice) practice.markArea();
    remember(here, fields);
  });
  if (p) p.addEventListener("change", function () { remember("prediction", [["prediction", p.value]]); });

  // Moving: next, previous, the navigator. The page draws the question asked for from the attempt's
  // steps, online or not: no request, so no wait on 2G and no dead end in a dead zone. The address
  // follows (?q=), so a reload or the back button shows the same question as the server would.
  var qstep = d.getElementById("question-step"), head = d.getElementById("submit-head");
  var count = d.getElementById("q-count"), text = qstep && qstep.querySelector(".q-text");
  var list = qstep && qstep.querySelector(".choices"), actions = qstep && qstep.querySelector(".actions");
  var buttons = actions ? actions.querySelectorAll("button") : [];
  var suffix = d.title.indexOf(" · ") >= 0 ? d.title.slice(d.title.indexOf(" · ")) : "";
  var drawable = data && total && qstep && head && sub && list && buttons.length === 2 && window.history && history.pushState;
  function add(parent, tag, cls, content) {
    var el = d.createElement(tag);
    if (cls) el.className = cls;
    if (content != null) el.appendChild(d.createTextNode(content));
    parent.appendChild(el);
    return el;
  }
  // Order and hotspot questions (static/js/practice.js, loaded only on an attempt that has them: with the
  // page of such a question, or fetched once any other page is drawn; it calls quizPracticeReady then).
  var practice = null;
  function wirePractice() {
    if (practice || !window.quizPractice || !qstep || !list) return;
    practice = window.quizPractice({
      form: form, qstep: qstep, list: list, msg: msg, chosen: chosen, add: add, marks: marks, say: say,
      current: function () { return steps[step - 1] || null; },
      remember: function (q, fields) { remember("q" + q.id, fields); }
    });
  }
  wirePractice();
  window.quizPracticeReady = function () {
    wirePractice();
    if (practice && drawable && practice.drawsKind((steps[step - 1] || {}).kind)) draw(steps[step - 1], step);
  };
  if (!practice && form.dataset.practiceJs) window.addEventListener("load", function () {
    var css = d.createElement("link"), js = d.createElement("script");
    css.rel = "stylesheet"; css.href = form.dataset.practiceCss;
    js.src = form.dataset.practiceJs; js.async = true;
    d.head.appendChild(css); d.head.appendChild(js);
  });
  function answeredCount() {
    return steps.filter(function (q) { return (chosen[q.id] || []).length; }).length;
  }
  function marks() {
    form.querySelectorAll(".qnav button").forEach(function (b) {
      var n = +b.value, q = steps[n - 1];
      if (!q) return;
      b.classList.toggle("done", !!(chosen[q.id] || []).length);
      b.classList.toggle("cur", n === step);
      n === step ? b.setAttribute("aria-current", "step") : b.removeAttribute("aria-current");
    });
  }
  function preload(n) {
    var q = steps[n - 1];
    if (q && q.image) new Image().src = q.image;  // the next question's picture, while there is a network
  }
  function draw(q, n) {
    form.elements.question.value = q.id;
    var hint = q.multiple ? msg.multiple : q.kind === "order" ? msg.orderKind : q.kind === "hotspot" ? msg.hotspotKind : "";
    count.textContent = msg.count.replace("{q}", n).replace("{total}", total) + (hint ? " · " + hint : "");
    text.textContent = "";
    q.text.split("\n").forEach(function (line, i) {
      if (i) text.appendChild(d.createElement("br"));
      text.appendChild(d.createTextNode(line));
    });
    var img = qstep.querySelector(".q-image");
    if (img) img.parentNode.removeChild(img);
    qstep.querySelectorAll(".extra").forEach(function (el) { el.parentNode.removeChild(el); });
    list.textContent = "";
    // practice.js draws what an order or hotspot question has (the steps; the image to tap): "order", "hotspot".
    var drawn = practice ? practice.draw(q, n) : "";
    if (q.image && !drawn) {
      img = d.createElement("img");
      img.className = "q-image"; img.alt = ""; img.src = q.image;
      list.parentNode.insertBefore(img, list);
    }
    var mine = chosen[q.id] || [];
    if (drawn !== "order") q.choices.forEach(function (c, i) {
      var label = add(add(list, "li"), "label", "choice"), input = d.createElement("input");
      input.type = q.multiple ? "checkbox" : "radio";
      input.name = "choice"; input.value = c[0]; input.checked = mine.indexOf(String(c[0])) >= 0;
      label.appendChild(input);
      label.appendChild(d.createTextNode(" "));
      var span = add(label, "span");
      add(span, "b", null, ("ABCDEFGH".charAt(i) || String(i + 1)) + ".");
      span.appendChild(d.createTextNode(" " + c[1]));
    });
    if (practice) practice.markArea();
    buttons[0].value = n + 1;
    buttons[0].textContent = n === total ? buttons[0].dataset.last : buttons[0].dataset.next;
    buttons[1].value = n - 1;
    buttons[1].hidden = n <= 1;
  }
  function show(n, push) {
    n = Math.max(1, Math.min(n || 1, total + 1));
    step = n;
    var q = steps[n - 1], last = !q;
    if (q && next === submit) next = null;  // back to a question: the member is not done after all
    if (status && / ok$/.test(status.className)) say("", "muted");  // "saved" was about the question left
    qstep.hidden = last; head.hidden = !last; sub.hidden = !last;
    if (q) {
      here = "q" + q.id;
      draw(q, n);
      if (status) actions.parentNode.insertBefore(status, actions);
      d.title = count.textContent.split(" · ")[0] + suffix;
      preload(n + 1);
    } else {
      here = null;
      d.getElementById("answered").textContent = msg.answered.replace("{n}", answeredCount()).replace("{total}", total);
      if (status) sub.appendChild(status);
      d.title = msg.submitTitle + suffix;
    }
    marks();
    if (push) history.pushState({ q: n }, "", location.pathname + "?q=" + n);
    window.scrollTo(0, 0);
  }
  if (drawable) {
    history.replaceState({ q: step }, "", location.href);
    window.addEventListener("popstate", function (e) { if (e.state && e.state.q) show(e.state.q, false); });
    form.addEventListener("submit", function (e) {
      var b = e.submitter;
      if (!b || b.name !== "go") return;  // an old browser posts the form, as without JavaScript
      e.preventDefault();
      show(+b.value, true);
      tries = 0;
      resume();  // a tap kept since a failed save goes again
    });
    if (practice && practice.drawsKind((steps[step - 1] || {}).kind)) draw(steps[step - 1], step);  // buttons, the tap
    marks();
    preload(step + 1);
  }

  // The submit goes after every kept tap. Without a network (or with the server restarting) it waits,
  // says so, and goes by itself once the phone is back online, or when the member taps "Nộp bài" again.
  // The server's clock still decides: a submit or an answer that reaches it after the deadline is late.
  function submit() {
    busy = true;
    post(sub.action, new FormData(sub)).then(function (r) {
      busy = false;
      if (r.type === "opaqueredirect" || r.ok) return location.assign(sub.dataset.resultUrl);
      if (r.status >= 500) { next = submit; return lost(r.headers.get("Retry-After")); }
      sub.submit();
    }, function () { busy = false; next = submit; lost(); });
  }
  if (sub) sub.addEventListener("submit", function (e) {
    if (!confirm(sub.dataset.confirm)) return e.preventDefault();
    if (!window.fetch) return;
    e.preventDefault();
    next = submit;
    tries = 0;
    if (!navigator.onLine) return lost();
    resume();
  });

  window.addEventListener("online", function () { tries = 0; say("", "muted"); resume(); });
  window.addEventListener("offline", function () { say(next === submit ? msg.waiting : msg.offline, "err"); });
  d.addEventListener("visibilitychange", function () { if (d.visibilityState === "visible") { tries = 0; resume(); } });
  resume();
})();
