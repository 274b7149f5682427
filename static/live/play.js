// The player's phone: draws what the server sends (PROTOCOL.md); keeps no game of its own.
(function () {
  "use strict";
  var U = window.LiveUI, el = U.el, fmt = U.fmt;
  var cfg = U.config(), T = cfg.texts;
  var view = document.getElementById("view"), conn = document.getElementById("conn");
  var status = "", me = {}, lobby = null, cur = null, board = [], reveal = null;
  var mine = null;     // {question_id, choices} accepted by the server
  var pending = null;  // the answer sent and not yet acknowledged
  var said = "";       // what the last ack said
  var picked = [];     // a multiple-choice selection (or a hotspot's area) not yet sent
  var held = false, drawLater = false; // a step being dragged (play_practice.js)
  var buttons = [], timerEl = null, sayEl = null;
  // An answer the server could not store (not_saved) is sent again, 1, 2, then every 4 s, while open.
  var resend = null, resendDelay = 1000;

  var sock = window.LiveSocket(cfg.socket, { message: onMessage, status: onStatus });

  function onStatus(s) {
    conn.hidden = s === "open";
    conn.textContent = s === "down" ? T.reconnecting : s === "gone" ? T.gone : T.refused;
    conn.className = "conn " + s;
  }

  function qid() { return cur ? cur.q.id : null; }
  function chosen() {
    if (mine && mine.question_id === qid()) return mine.choices;
    if (pending && pending.question_id === qid()) return pending.choices;
    return null;
  }

  function onMessage(m) {
    switch (m.type) {
      case "state":
        status = m.round.status; me = m.me || {};
        cur = U.question(m.question);
        mine = m.my_answer || null;
        board = U.entries(m.leaderboard); reveal = m.reveal || null; lobby = m.lobby || lobby;
        if (mine) { pending = null; said = T.received; }
        else if (pending && status === "question" && pending.question_id === qid()) send(pending);
        break;
      case "lobby": lobby = m; break;
      case "question":
        if (qid() !== m.question.id) { picked = []; said = ""; reveal = null; }
        cur = U.question(m); status = "question";
        break;
      case "ack": onAck(m); break;
      case "reveal": reveal = m; status = "reveal"; break;
      case "leaderboard": board = U.entries(m.entries); status = "leaderboard"; break;
      case "finished": board = U.entries(m.leaderboard); status = "finished"; break;
      case "status":
        // Back from a pause the question's closing time has moved: ask for it.
        if (status === "paused" && m.status !== "paused") sock.sync();
        status = m.status;
        break;
      case "error":
        said = m.message;
        if (m.code === "not_saved") resendLater();
        break;
      default: return;
    }
    // A step being dragged stays under the finger: the page is drawn again when it is let go.
    if (held) drawLater = true; else draw();
  }

  function onAck(m) {
    if (m.question_id !== qid()) return;
    if (m.accepted) {
      mine = { question_id: m.question_id, choices: pending ? pending.choices : [] };
      said = T.received;
    } else {
      said = T["reason_" + m.reason] || m.reason;
      // Answered before (a resend after a reconnect): the state brings back the accepted choice.
      if (m.reason === "already_answered") sock.sync();
      else picked = [];
    }
    pending = null;
    resendDelay = 1000;
  }

  function resendLater() {
    var a = pending;
    if (resend || !a || a.question_id !== qid()) return;
    resend = setTimeout(function () {
      resend = null;
      if (pending === a && status === "question" && a.question_id === qid()) { send(a); draw(); }
    }, resendDelay);
    resendDelay = Math.min(resendDelay * 2, 4000);
  }

  function send(a) {
    pending = a;
    said = sock.send(a) ? T.sending : T.not_sent;
  }

  function answer(ids) {
    if (chosen() || !ids.length) return;
    send({ type: "answer", question_id: qid(), choices: ids });
    draw();
  }

  function draw() {
    // A move or area button keeps the keyboard's focus across a redraw.
    var f = document.activeElement, key = f && f.getAttribute && f.getAttribute("data-focus");
    view.textContent = ""; buttons = []; timerEl = null; sayEl = null;
    view.className = "view " + status;
    if (status === "lobby") drawLobby();
    else if (status === "question" && cur) drawQuestion();
    else if (status === "reveal") drawReveal();
    else if (status === "leaderboard") drawBoard(false);
    else if (status === "finished") drawBoard(true);
    else if (status === "paused") { add("h2", "big", T.paused); add("p", "muted", T.paused_hint); }
    else add("p", "muted", T.wait_next);
    tick();
    var again = key && view.querySelector('[data-focus="' + key + '"]');
    if (again && !again.disabled) again.focus();
  }

  function add(tag, cls, text, parent) { var e = el(tag, cls, text); (parent || view).appendChild(e); return e; }

  function drawLobby() {
    add("h2", "", T.lobby);
    if (me.team) view.appendChild(U.phrase("p", "team-line", T.my_team, { team: me.team }, ["team"]));
    if (lobby) {
      var t = lobby.teams.filter(function (x) { return x.id === me.team_id; })[0];
      if (t) add("p", "", fmt(T.team_players, { n: t.players }));
      add("p", "muted", fmt(T.all_players, { n: lobby.player_count }));
    }
    add("p", "wait", T.wait_start);
  }

  function head() {
    var bar = add("div", "qhead");
    add("span", "", fmt(T.question_of, { i: cur.q.index + 1, n: cur.q.count }), bar);
    timerEl = add("span", "timer", "", bar);
    add("p", "q-text", cur.q.text);
    // A hotspot's picture is drawn with its areas (play_practice.js).
    if (cur.q.image_url && cur.q.kind !== "hotspot") { var img = add("img", "q-image"); img.src = cur.q.image_url; img.alt = ""; }
  }

  function button(cls, text, parent, focus) {
    var b = add("button", cls, text, parent);
    b.type = "button";
    if (focus) b.setAttribute("data-focus", focus);
    buttons.push(b);
    return b;
  }

  // ids(): the answer when the button is pressed (steps move without a redraw).
  function sendButton(ids) {
    var s = button("wide send", T.send, null, "send");
    s.off = !ids().length;
    s.onclick = function () { answer(ids().slice()); };
  }

  function say() {
    sayEl = add("p", "say" + (mine && mine.question_id === qid() ? " ok" : ""), said);
    sayEl.setAttribute("role", "status");
  }

  function textOf(id) {
    var c = cur.q.choices.filter(function (x) { return x.id === id; })[0];
    return c ? c.text : "";
  }

  function choiceList(mark) {
    var list = add("div", "answers");
    cur.q.choices.forEach(function (c, i) {
      var b = add("button", "answer a" + i, null, list);
      b.type = "button";
      add("b", "letter", U.letter(i), b);
      add("span", "", c.text, b);
      mark(b, c.id);
      buttons.push(b);
    });
  }

  function drawQuestion() {
    head();
    if (practiced()) return practice[cur.q.kind](chosen());
    if (v2()) return add("p", "wait", T.loading_question);  // its code still on its way
    var multi = cur.q.kind === "multiple", done = chosen();
    if (multi && !done) add("p", "muted small", T.pick_all);
    choiceList(function (b, id) {
      var on = done ? done.indexOf(id) >= 0 : picked.indexOf(id) >= 0;
      if (on) b.className += done ? " chosen" : " picked";
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.onclick = function () {
        if (!multi) return answer([id]);
        var k = picked.indexOf(id);
        if (k >= 0) picked.splice(k, 1); else picked.push(id);
        draw();
      };
    });
    if (multi && !done) sendButton(function () { return picked; });
    say();
  }

  function drawReveal() {
    var r = reveal, answered = r && cur && r.question_id === cur.q.id;
    if (r && "my_correct" in r) {
      var mineHere = mine && mine.question_id === r.question_id;
      var box = add("div", "verdict " + (r.my_correct ? "right" : "wrong"));
      add("strong", "", r.my_correct ? T.right : mineHere ? T.wrong : T.no_answer, box);
      if (r.my_correct) add("span", "", fmt(T.plus_points, { p: r.my_points }), box);
      if (r.my_team_rank) add("span", "", fmt(T.team_rank, { rank: r.my_team_rank }), box);
    }
    if (!answered) { add("p", "muted", T.wait_next); return; }
    head();
    var got = chosen() || [];
    if (practiced()) practice[cur.q.kind === "order" ? "revealOrder" : "revealHotspot"](r, got);
    else choiceList(function (b, id) {
      b.disabled = true;
      if (r.correct.indexOf(id) >= 0) b.className += " right";
      else if (got.indexOf(id) >= 0) b.className += " wrong";
      if (got.indexOf(id) >= 0) b.className += " chosen";
    });
    buttons = [];
    if (r.explanation) { var e = add("p", "explain"); add("b", "", T.explanation + ": ", e); e.appendChild(document.createTextNode(r.explanation)); }
  }

  function drawBoard(final) {
    add("h2", "", final ? T.final : T.leaderboard);
    var my = board.filter(function (e) { return e.team_id === me.team_id; })[0];
    if (my) view.appendChild(U.phrase("p", "my-rank", T.my_rank, { team: my.team, rank: my.rank, score: my.score }, ["team"]));
    var top = board.slice(0, final ? 3 : 5);
    if (my && top.indexOf(my) < 0) top.push(my);
    var ol = add("ol", "board");
    top.forEach(function (e) {
      var li = add("li", e === my ? "me" : "", null, ol);
      add("span", "rank", e.rank, li);
      li.appendChild(U.named("span", "name", e.team));
      add("span", "score", e.score, li);
    });
    if (final) add("p", "wait", T.thanks);
  }

  // The countdown counts on the server's clock (measured), never the phone's own.
  function tick() {
    if (!timerEl || !cur) return;
    var now = sock.now(), left = Math.ceil((cur.closes - now) / 1000), early = now < cur.opens;
    var open = status === "question" && !early && left > 0;
    timerEl.textContent = status !== "question" ? "" : early ? T.get_ready : left > 0 ? fmt(T.seconds, { s: left }) : T.time_up;
    timerEl.className = "timer" + (left <= 5 ? " low" : "");
    var done = !!chosen();
    buttons.forEach(function (b) { b.disabled = !open || done || !!b.off; });
  }

  // Order and hotspot questions: play_practice.js/.css, fetched once the page is drawn (docs/PRACTICE.md).
  var practice = null, files = document.querySelector("[data-practice-js]");
  function wirePractice() {
    if (practice || !window.LivePractice) return;
    practice = window.LivePractice({
      T: T, fmt: fmt, add: add, button: button, sendButton: sendButton, say: say, textOf: textOf, tick: tick,
      qid: qid, chosen: chosen, isOpen: isOpen, cur: function () { return cur; },
      picked: function () { return picked; },
      pick: function (id, text) { picked = [id]; said = text; draw(); },
      said: function (text) { said = text; if (sayEl) { sayEl.textContent = text; sayEl.className = "say"; } },
      track: function (b) { buttons.push(b); },
      hold: function (on) { held = on; if (!on && drawLater) { drawLater = false; draw(); } }
    });
    if (cur && v2()) draw();
  }
  window.LivePracticeReady = wirePractice;
  wirePractice();
  if (files && !practice) window.addEventListener("load", function () {
    var css = add("link", "", null, document.head), js = document.createElement("script");
    css.rel = "stylesheet"; css.href = files.dataset.practiceCss;
    js.src = files.dataset.practiceJs; document.head.appendChild(js);
  });

  function v2() { return cur.q.kind === "order" || cur.q.kind === "hotspot"; }
  function practiced() {
    if (!v2()) return false;
    var key = "live-reload-" + cur.q.id;
    try {
      if (!practice && !files && !sessionStorage.getItem(key)) { sessionStorage.setItem(key, "1"); location.reload(); }
    } catch (e) { /* no storage (a private tab): no reload rather than many */ }
    return !!practice;
  }

  function isOpen() {
    var now = sock.now();
    return status === "question" && !!cur && now >= cur.opens && now < cur.closes;
  }
  setInterval(tick, 250);
})();
