// The projector: read-only, huge, drawn from `state` and the broadcasts (PROTOCOL.md).
(function () {
  "use strict";
  var U = window.LiveUI, el = U.el, fmt = U.fmt, $ = function (id) { return document.getElementById(id); };
  var cfg = U.config(), T = cfg.texts;
  var status = "", round = {}, cur = null, reveal = null, board = [], answered = null;
  var sock = window.LiveSocket(cfg.socket, {
    message: onMessage,
    status: function (s) {
      $("conn").hidden = s === "open";
      $("conn").textContent = s === "down" ? T.reconnecting : s === "gone" ? T.gone : T.refused;
      $("conn").className = "conn " + s;
    }
  });

  function onMessage(m) {
    switch (m.type) {
      case "state":
        round = m.round; status = round.status; cur = U.question(m.question); reveal = m.reveal || null; answered = null;
        if (m.lobby) lobby(m.lobby);
        board = U.entries(m.leaderboard);
        break;
      case "lobby": lobby(m); return;
      case "question": cur = U.question(m); reveal = null; answered = null; status = "question"; round.question_index = cur.q.index; break;
      case "progress": answered = m; showAnswered(); return;
      case "reveal": reveal = m; status = "reveal"; break;
      case "leaderboard": board = U.entries(m.entries); status = "leaderboard"; break;
      case "finished": board = U.entries(m.leaderboard); status = "finished"; break;
      case "status":
        if (status === "paused" && m.status !== "paused") sock.sync();
        status = m.status;
        break;
      default: return;
    }
    draw();
  }

  function lobby(m) {
    var ul = $("teams");
    ul.textContent = "";
    m.teams.forEach(function (t) {
      if (!t.players) return;
      var li = U.named("li", "", t.name);
      li.appendChild(el("b", "", t.players));
      ul.appendChild(li);
    });
    if (!ul.firstChild) ul.appendChild(el("li", "", T.no_teams));
    $("count").textContent = "· " + fmt(T.players, { n: m.player_count });
  }

  function show(id) {
    ["lobby", "question", "board", "podium", "paused"].forEach(function (s) { $(s).hidden = s !== id; });
  }

  function draw() {
    $("qpos").textContent = round.question_index >= 0 && status !== "lobby" && status !== "finished"
      ? fmt(T.question_of, { i: round.question_index + 1, n: round.question_count }) : "";
    if (status === "lobby") show("lobby");
    else if (status === "paused") show("paused");
    else if ((status === "question" || status === "reveal") && cur) { show("question"); drawQuestion(); }
    else if (status === "leaderboard") { show("board"); drawBoard(); }
    else if (status === "finished") { show("podium"); drawPodium(); }
    else show("");
    tick();
  }

  function drawQuestion() {
    $("qtext").textContent = cur.q.text;
    var box = $("choices"), r = reveal && reveal.question_id === cur.q.id ? reveal : null;
    box.textContent = "";
    $("question").className = "question" + (r ? " revealed" : "");
    var old = document.querySelector(".bars");
    if (old) old.remove();
    box.className = "choices" + (cur.q.kind === "order" || cur.q.kind === "hotspot" ? " " + cur.q.kind : "");
    if (cur.q.kind === "hotspot") hotspot(box, r);
    else if (cur.q.kind === "order" && r) rightOrder(box, r);
    else choices(box, r);
    var ex = document.querySelector(".explain");
    if (ex) ex.remove();
    if (r && r.explanation) box.parentNode.appendChild(el("p", "explain", r.explanation));
    showAnswered();
  }

  function choices(box, r) {
    if (r) {
      // The answer distribution as bars, one per choice, then the choices marked right or not.
      var counts = cur.q.choices.map(function (c) { return (r.distribution || {})[c.id] || 0; });
      var most = Math.max.apply(null, counts.concat([1]));
      var bars = el("div", "bars");
      cur.q.choices.forEach(function (c, i) {
        var right = r.correct.indexOf(c.id) >= 0, b = el("div", "bar" + (right ? "" : " no"));
        b.appendChild(el("span", "n", counts[i]));
        var fill = el("div", "fill a" + i);
        fill.style.height = Math.round(100 * counts[i] / most) + "%";
        b.appendChild(fill);
        b.appendChild(el("span", "n", U.letter(i)));
        bars.appendChild(b);
      });
      box.parentNode.insertBefore(bars, box);
    }
    cur.q.choices.forEach(function (c, i) {
      var cls = "choice a" + i + (r ? (r.correct.indexOf(c.id) >= 0 ? " yes" : " no") : "");
      var d = el("div", cls);
      d.appendChild(el("span", "l", U.letter(i)));
      d.appendChild(el("span", "", c.text));
      box.appendChild(d);
    });
  }

  // The image with its areas, all drawn alike while open; at the reveal, each area's count on it, the right one lit.
  function hotspot(box, r) {
    var wrap = el("div", "hot"), img = el("img", "hot-img");
    img.src = cur.q.image_url;
    img.alt = "";
    wrap.appendChild(img);
    var right = [];
    cur.q.choices.forEach(function (c) {
      if (!c.area) return;
      var yes = r && r.correct.indexOf(c.id) >= 0, a = el("div", "spot" + (r ? (yes ? " yes" : " no") : ""));
      a.style.left = 100 * c.area.x + "%"; a.style.top = 100 * c.area.y + "%";
      a.style.width = 100 * c.area.w + "%"; a.style.height = 100 * c.area.h + "%";
      if (r) a.appendChild(el("span", "count", (r.distribution || {})[c.id] || 0));
      if (yes) right.push(c.text);
      wrap.appendChild(a);
    });
    box.appendChild(wrap);
    if (r) box.appendChild(el("p", "right-name", "\u2714 " + right.join(", ")));
  }

  // The steps in the right order, each with how many players put it in its place.
  function rightOrder(box, r) {
    box.appendChild(el("p", "right-name", T.right_order));
    var byId = {};
    cur.q.choices.forEach(function (c) { byId[c.id] = c.text; });
    var ol = el("ol", "order-rows");
    r.correct.forEach(function (id, i) {
      var li = el("li", "order-row");
      li.appendChild(el("span", "l", i + 1));
      li.appendChild(el("span", "t", byId[id]));
      li.appendChild(el("span", "n", fmt(T.in_place, { n: (r.distribution || {})[id] || 0 })));
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }

  function showAnswered() {
    $("answered").textContent = answered && cur && answered.question_id === cur.q.id && status === "question"
      ? fmt(T.answered, { a: answered.answered, p: answered.players }) : "";
  }

  function drawBoard() {
    $("board-title").textContent = T.leaderboard;
    var ol = $("rows");
    ol.textContent = "";
    board.slice(0, 8).forEach(function (e) {
      var li = el("li"), d = e.delta || 0;
      li.appendChild(el("span", "r", e.rank));
      li.appendChild(U.named("span", "t", e.team));
      li.appendChild(el("span", "s", e.score));
      li.appendChild(el("span", "d " + (d > 0 ? "up" : d < 0 ? "down" : "same"), d > 0 ? "▲" + d : d < 0 ? "▼" + -d : "–"));
      ol.appendChild(li);
    });
  }

  function drawPodium() {
    // A team none of whose players answered anything ("played": false) takes no place, even with 0 points
    // that would put it on a step; a team that played and scored 0 keeps its place (docs/LIVE.md). Places are
    // counted among the teams that played: a team that did not play can rank before one that scored 0 too
    // (equal score and time: the name decides), and a "4" on the third step would read as a mistake.
    var played = board.filter(function (e) { return e.played !== false; });
    var steps = $("steps");
    steps.textContent = "";
    [1, 0, 2].forEach(function (k) {
      var e = played[k];
      if (!e) return;
      var s = el("div", "step p" + (k + 1));
      s.appendChild(U.named("p", "who", e.team));
      s.appendChild(el("p", "pts", fmt(T.points, { p: e.score })));
      s.appendChild(el("div", "block", k + 1));
      steps.appendChild(s);
    });
    var rest = $("rest");
    rest.textContent = "";
    played.slice(3, 10).forEach(function (e, i) {
      rest.appendChild(document.createTextNode((i ? " · " : "") + (i + 4) + ". "));
      rest.appendChild(U.bdi(e.team));
      rest.appendChild(document.createTextNode(" (" + e.score + ")"));
    });
  }

  function tick() {
    var t = $("timer");
    if (!cur || status !== "question") { t.textContent = status === "reveal" ? "✓" : ""; t.className = "clock word"; return; }
    var now = sock.now(), left = Math.ceil((cur.closes - now) / 1000);
    if (now < cur.opens) { t.textContent = T.get_ready; t.className = "clock word"; return; }
    t.textContent = left > 0 ? left : "0";
    t.className = "clock" + (left <= 5 ? " low" : "");
  }
  setInterval(tick, 250);
})();
