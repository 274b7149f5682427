// The host's console: sends the host's commands and shows the round as `state` and the broadcasts say.
(function () {
  "use strict";
  var U = window.LiveUI, el = U.el, fmt = U.fmt, $ = function (id) { return document.getElementById(id); };
  var cfg = U.config(), T = cfg.texts;
  var status = "", round = {}, cur = null, dist = null, correct = [], board = [], final = false;
  var ENABLED = {
    start: ["lobby"], next: ["reveal", "leaderboard"], reveal: ["question"], leaderboard: ["reveal"],
    pause: ["question", "reveal", "leaderboard"], resume: ["paused"],
    finish: ["lobby", "question", "reveal", "leaderboard", "paused"]
  };
  var sock = window.LiveSocket(cfg.socket, {
    message: onMessage,
    status: function (s) {
      $("conn").hidden = s === "open";
      $("conn").textContent = s === "down" ? T.reconnecting : s === "gone" ? T.gone : T.refused;
      $("conn").className = "conn " + s;
      buttons();
    }
  });

  $("controls").addEventListener("click", function (e) {
    var cmd = e.target.getAttribute("data-cmd");
    if (!cmd || e.target.disabled) return;
    if (cmd === "finish" && !window.confirm(T.confirm_finish)) return;
    $("error").textContent = "";
    sock.send({ type: cmd });
  });

  function onMessage(m) {
    switch (m.type) {
      case "state":
        round = m.round; status = round.status; cur = U.question(m.question); dist = null; correct = [];
        board = U.entries(m.leaderboard); final = status === "finished";
        if (m.lobby) lobby(m.lobby);
        if (m.reveal) { dist = m.reveal.distribution || {}; correct = m.reveal.correct || []; }
        $("explain").textContent = m.reveal && m.reveal.explanation || "";
        break;
      case "lobby": lobby(m); return;
      case "question": cur = U.question(m); dist = null; correct = []; status = "question"; round.question_index = cur.q.index; progress(0, 0); break;
      case "progress": if (cur && m.question_id === cur.q.id) progress(m.answered, m.players); return;
      case "reveal": dist = m.distribution || {}; correct = m.correct || []; status = "reveal"; $("explain").textContent = m.explanation || ""; break;
      case "leaderboard": board = U.entries(m.entries); status = "leaderboard"; break;
      case "finished": board = U.entries(m.leaderboard); status = "finished"; final = true; break;
      case "status":
        if (status === "paused" && m.status !== "paused") sock.sync();
        status = m.status;
        break;
      case "error": $("error").textContent = m.message; return;
      default: return;
    }
    draw();
  }

  function lobby(m) {
    var tb = $("teams");
    tb.textContent = "";
    m.teams.forEach(function (t) {
      var tr = el("tr");
      tr.appendChild(U.named("td", "", t.name));
      tr.appendChild(el("td", "", t.players));
      tb.appendChild(tr);
    });
    if (!m.teams.length) { var tr = el("tr"), td = el("td", "muted", T.no_teams); td.colSpan = 2; tr.appendChild(td); tb.appendChild(tr); }
    $("count").textContent = "· " + fmt(T.players, { n: m.player_count });
  }

  function progress(a, p) {
    $("bar").style.width = (p ? Math.round(100 * a / p) : 0) + "%";
    $("answered").textContent = fmt(T.answered, { a: a, p: p });
  }

  function buttons() {
    var last = round.question_index >= round.question_count - 1;
    [].forEach.call(document.querySelectorAll("[data-cmd]"), function (b) {
      var cmd = b.getAttribute("data-cmd");
      b.disabled = ENABLED[cmd].indexOf(status) < 0;
      if (cmd === "next") {
        if (!b.getAttribute("data-label")) b.setAttribute("data-label", b.textContent);
        b.textContent = last ? T.next_last : b.getAttribute("data-label");
      }
    });
  }

  function draw() {
    $("status").textContent = T["status_" + status] || status;
    $("qpos").textContent = round.question_index >= 0 ? fmt(T.question_of, { i: round.question_index + 1, n: round.question_count }) : "";
    buttons();
    var showQ = !!cur && (status === "question" || status === "reveal" || status === "paused");
    $("question-card").hidden = !showQ;
    if (showQ) {
      $("qindex").textContent = fmt(T.question_of, { i: cur.q.index + 1, n: cur.q.count });
      $("qtext").textContent = cur.q.text;
      if (!dist) $("explain").textContent = "";
      var ol = $("qchoices");
      ol.textContent = "";
      // An order question's reveal: the steps in the right order, each with how many put it in its place.
      if (dist && cur.q.kind === "order") drawRightOrder(ol);
      else cur.q.choices.forEach(function (c, i) {
        var li = el("li", dist && correct.indexOf(c.id) >= 0 ? "right" : "");
        li.appendChild(el("b", "", U.letter(i) + "."));
        li.appendChild(el("span", "", c.text + (dist && correct.indexOf(c.id) >= 0 ? " ✓ " + T.correct : "")));
        if (dist) li.appendChild(el("span", "n", dist[c.id] || 0));
        ol.appendChild(li);
      });
    }
    drawBoard();
    tick();
  }

  function drawRightOrder(ol) {
    var byId = {};
    cur.q.choices.forEach(function (c) { byId[c.id] = c.text; });
    correct.forEach(function (id, i) {
      var li = el("li", "");
      li.appendChild(el("b", "", (i + 1) + "."));
      li.appendChild(el("span", "", byId[id]));
      li.appendChild(el("span", "n", fmt(T.in_place, { n: dist[id] || 0 })));
      ol.appendChild(li);
    });
  }

  function drawBoard() {
    var showB = (status === "leaderboard" || status === "finished") && board.length > 0;
    $("board-card").hidden = !showB;
    if (showB) {
      $("board-title").textContent = final ? T.final : T.leaderboard;
      var tb = $("board");
      tb.textContent = "";
      board.forEach(function (e) {
        var tr = el("tr"), d = e.delta || 0;
        tr.appendChild(el("td", "", e.rank));
        tr.appendChild(U.named("td", "", e.team));
        tr.appendChild(el("td", "", e.score));
        tr.appendChild(el("td", d > 0 ? "up" : d < 0 ? "down" : "muted", d > 0 ? "▲" + d : d < 0 ? "▼" + -d : "–"));
        tb.appendChild(tr);
      });
    }
  }

  function tick() {
    if (!cur) return;
    var t = $("timer"), now = sock.now(), left = Math.ceil((cur.closes - now) / 1000);
    if (status === "paused") t.textContent = T.paused;
    else if (status !== "question") t.textContent = T.time_up;
    else t.textContent = now < cur.opens ? T.get_ready : left > 0 ? fmt(T.seconds, { s: left }) : T.time_up;
    t.className = "timer" + (status === "question" && left <= 5 ? " low" : "");
  }
  setInterval(tick, 250);
})();
