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
  var arranged = null; // an order question's steps as the player has put them: {qid, ids}
  var dragging = null, drawLater = false;
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
    if (dragging) drawLater = true; else draw();
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
    // A hotspot's image is the answer itself: drawn with its areas (hotImage).
    if (cur.q.image_url && cur.q.kind !== "hotspot") { var img = add("img", "q-image"); img.src = cur.q.image_url; img.alt = ""; }
  }

  function button(cls, text, parent, focus) {
    var b = add("button", cls, text, parent);
    b.type = "button";
    if (focus) b.setAttribute("data-focus", focus);
    buttons.push(b);
    return b;
  }

  // ``ids()``: the answer as it stands when the button is pressed (steps move without a redraw).
  function sendButton(ids) {
    var s = button("wide send", T.send, null, "send");
    s.off = !ids().length;
    s.onclick = function () { answer(ids().slice()); };
  }

  function pickedIds() { return picked; }

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
    if (cur.q.kind === "order") return drawOrder(chosen());
    if (cur.q.kind === "hotspot") return drawHotspot(chosen());
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
    if (multi && !done) sendButton(pickedIds);
    say();
  }

  // --- order: the steps in the player's order, moved by big up/down buttons or dragged by their grip ---

  function steps() {
    if (!arranged || arranged.qid !== qid()) arranged = { qid: qid(), ids: cur.q.choices.map(function (c) { return c.id; }) };
    return arranged.ids;
  }

  function drawOrder(done) {
    var ids = done || steps();
    add("p", "muted small", done ? T.order_sent : T.order_hint);
    var ol = add("ol", "steps");
    // The list's changes are said once by the status line ("… now in place 2 of 4"), not read out again.
    ol.setAttribute("aria-live", "off");
    ids.forEach(function (id, i) {
      var li = add("li", "step", null, ol), text = textOf(id);
      li.setAttribute("data-id", id);
      add("b", "num", i + 1, li);
      add("span", "step-text", text, li);
      if (done) return;
      var grip = add("span", "grip", "\u2630", li);
      grip.setAttribute("aria-hidden", "true");
      grip.onpointerdown = function (e) { startDrag(e, li, grip); };
      var up = button("move up", "\u25B2", li, "up-" + id), down = button("move down", "\u25BC", li, "down-" + id);
      up.setAttribute("aria-label", fmt(T.move_up, { step: text }));
      down.setAttribute("aria-label", fmt(T.move_down, { step: text }));
      up.onclick = function () { moveStep(li, -1, up, down); };
      down.onclick = function () { moveStep(li, 1, down, up); };
    });
    if (!done) { markEdges(ol); sendButton(steps); }
    say();
  }

  // The focused step's own node never leaves the page (its neighbour moves round it), so the focus stays.
  function moveStep(li, d, b, other) {
    var ol = li.parentNode, next = d < 0 ? li.previousElementSibling : li.nextElementSibling;
    if (!next) return;
    ol.insertBefore(next, d < 0 ? li.nextElementSibling : li);
    settle(ol, li);
    if (b.disabled) other.focus();
  }

  function settle(ol, li) {
    arranged.ids = [].map.call(ol.children, function (x) { return Number(x.getAttribute("data-id")); });
    markEdges(ol);
    var n = arranged.ids.indexOf(Number(li.getAttribute("data-id")));
    said = fmt(T.moved, { step: textOf(arranged.ids[n]), n: n + 1, count: arranged.ids.length });
    if (sayEl) { sayEl.textContent = said; sayEl.className = "say"; }
    tick();
  }

  function markEdges(ol) {
    [].forEach.call(ol.children, function (x, i) {
      x.querySelector(".num").textContent = i + 1;
      x.querySelector(".up").off = i === 0;
      x.querySelector(".down").off = i === ol.children.length - 1;
    });
  }

  // Dragging by the grip (touch or mouse): the neighbours slide past the held step as the pointer crosses their middle.
  function startDrag(e, li, grip) {
    if (chosen() || !isOpen()) return;
    e.preventDefault();
    var ol = li.parentNode;
    dragging = li;
    li.className += " dragging";
    try { grip.setPointerCapture(e.pointerId); } catch (x) { /* an old browser: the moves still come */ }
    function middle(x) { var r = x.getBoundingClientRect(); return r.top + r.height / 2; }
    grip.onpointermove = function (m) {
      var prev = li.previousElementSibling, next = li.nextElementSibling;
      if (prev && m.clientY < middle(prev)) ol.insertBefore(prev, li.nextElementSibling);
      else if (next && m.clientY > middle(next)) ol.insertBefore(next, li);
    };
    grip.onpointerup = grip.onpointercancel = function () {
      grip.onpointermove = grip.onpointerup = grip.onpointercancel = null;
      li.className = li.className.replace(" dragging", "");
      dragging = null;
      settle(ol, li);
      if (drawLater) { drawLater = false; draw(); }
    };
  }

  // --- hotspot: the image with its areas, every one drawn alike, and the same areas as named buttons ---

  function hotImage(mark) {
    var wrap = add("div", "hot"), img = add("img", "hot-img", null, wrap);
    img.src = cur.q.image_url;
    img.alt = T.hot_image;
    cur.q.choices.forEach(function (c) {
      if (!c.area) return;
      // For the finger only: the named buttons below are the same areas for a keyboard or a screen reader.
      var a = add("button", "spot", null, wrap);
      a.type = "button";
      a.tabIndex = -1;
      a.setAttribute("aria-hidden", "true");
      a.style.left = 100 * c.area.x + "%"; a.style.top = 100 * c.area.y + "%";
      a.style.width = 100 * c.area.w + "%"; a.style.height = 100 * c.area.h + "%";
      mark(a, c.id);
    });
    add("p", "muted small", T.areas);
    var list = add("div", "areas");
    cur.q.choices.forEach(function (c) {
      var b = add("button", "area", null, list);
      b.type = "button";
      b.setAttribute("data-focus", "area-" + c.id);
      add("span", "", c.text, b);
      mark(b, c.id);
    });
  }

  function drawHotspot(done) {
    add("p", "muted small", done ? T.hot_sent : T.hot_hint);
    hotImage(function (b, id) {
      var on = done ? done.indexOf(id) >= 0 : picked.indexOf(id) >= 0;
      if (on) b.className += done ? " chosen" : " picked";
      if (b.className.indexOf("area") === 0) b.setAttribute("aria-pressed", on ? "true" : "false");
      // A tap chooses, "Gửi" answers: an area may be small on a small phone, and a wrong neighbour is undone.
      b.onclick = function () {
        picked = [id];
        said = fmt(T.picked_area, { area: textOf(id) });
        draw();
      };
      buttons.push(b);
    });
    if (!done) sendButton(pickedIds);
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
    if (cur.q.kind === "order") revealOrder(r, got);
    else if (cur.q.kind === "hotspot") revealHotspot(r, got);
    else choiceList(function (b, id) {
      b.disabled = true;
      if (r.correct.indexOf(id) >= 0) b.className += " right";
      else if (got.indexOf(id) >= 0) b.className += " wrong";
      if (got.indexOf(id) >= 0) b.className += " chosen";
    });
    buttons = [];
    if (r.explanation) { var e = add("p", "explain"); add("b", "", T.explanation + ": ", e); e.appendChild(document.createTextNode(r.explanation)); }
  }

  function revealOrder(r, got) {
    add("h3", "", T.right_order);
    var ol = add("ol", "steps shown");
    r.correct.forEach(function (id, i) {
      var at = got.indexOf(id), li = add("li", "step" + (got.length ? (at === i ? " in-place" : " off-place") : ""), null, ol);
      add("b", "num", i + 1, li);
      add("span", "step-text", textOf(id), li);
      if (got.length) add("span", "mine", at === i ? T.in_your_place : fmt(T.your_place, { n: at + 1 }), li);
    });
  }

  function revealHotspot(r, got) {
    hotImage(function (b, id) {
      b.disabled = true;
      if (r.correct.indexOf(id) >= 0) b.className += " right";
      else if (got.indexOf(id) >= 0) b.className += " wrong";
      if (got.indexOf(id) >= 0) b.className += " chosen";
    });
    var right = r.correct.map(textOf).join(", ");
    add("p", "say", fmt(T.right_area, { area: right }));
    if (got.length) add("p", "muted", fmt(T.your_area, { area: got.map(textOf).join(", ") }));
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

  function isOpen() {
    var now = sock.now();
    return status === "question" && !!cur && now >= cur.opens && now < cur.closes;
  }
  setInterval(tick, 250);
})();
