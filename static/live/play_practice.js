// Order and hotspot questions on the player's phone (PROTOCOL.md v2). Loaded only where the round has them;
// play.js hands over what it draws with (P) and calls order/hotspot, revealOrder/revealHotspot.
(function () {
  "use strict";
  window.LivePractice = function (P) {
    var T = P.T, fmt = P.fmt, add = P.add;
    var arranged = null; // the steps as the player has put them: {qid, ids}

    // --- order: a row per step with its place, a grip to drag and two big buttons to move it ---

    function steps() {
      if (!arranged || arranged.qid !== P.qid()) {
        arranged = { qid: P.qid(), ids: P.cur().q.choices.map(function (c) { return c.id; }) };
      }
      return arranged.ids;
    }

    function order(done) {
      var ids = done || steps();
      add("p", "muted small", done ? T.order_sent : T.order_hint);
      var ol = add("ol", "steps");
      // A move is said once by the status line ("… ở vị trí 2/4"); the list is not read out again.
      ol.setAttribute("aria-live", "off");
      ids.forEach(function (id, i) {
        var li = add("li", "step", null, ol), text = P.textOf(id);
        li.setAttribute("data-id", id);
        add("b", "num", i + 1, li);
        add("span", "step-text", text, li);
        if (done) return;
        var grip = add("span", "grip", "\u2630", li);
        grip.setAttribute("aria-hidden", "true");
        grip.onpointerdown = function (e) { drag(e, li, grip); };
        var up = P.button("move up", "\u25B2", li, "up-" + id), down = P.button("move down", "\u25BC", li, "down-" + id);
        up.setAttribute("aria-label", fmt(T.move_up, { step: text }));
        down.setAttribute("aria-label", fmt(T.move_down, { step: text }));
        up.onclick = function () { move(li, -1, up, down); };
        down.onclick = function () { move(li, 1, down, up); };
      });
      if (!done) { edges(ol); P.sendButton(steps); }
      P.say();
    }

    // The focused step's node never leaves the page (its neighbour moves round it), so the focus stays on it.
    function move(li, d, b, other) {
      var ol = li.parentNode, next = d < 0 ? li.previousElementSibling : li.nextElementSibling;
      if (!next) return;
      ol.insertBefore(next, d < 0 ? li.nextElementSibling : li);
      settle(ol, li);
      if (b.disabled) other.focus();
    }

    function settle(ol, li) {
      arranged.ids = [].map.call(ol.children, function (x) { return Number(x.getAttribute("data-id")); });
      edges(ol);
      var n = arranged.ids.indexOf(Number(li.getAttribute("data-id")));
      P.said(fmt(T.moved, { step: P.textOf(arranged.ids[n]), n: n + 1, count: arranged.ids.length }));
      P.tick();
    }

    function edges(ol) {
      [].forEach.call(ol.children, function (x, i) {
        x.querySelector(".num").textContent = i + 1;
        x.querySelector(".up").off = i === 0;
        x.querySelector(".down").off = i === ol.children.length - 1;
      });
    }

    // By the grip, touch or mouse alike: the neighbours slide past the held step as the pointer crosses their middle.
    function drag(e, li, grip) {
      if (P.chosen() || !P.isOpen()) return;
      e.preventDefault();
      var ol = li.parentNode;
      P.hold(true);
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
        settle(ol, li);
        P.hold(false);
      };
    }

    function revealOrder(r, got) {
      add("h3", "", T.right_order);
      var ol = add("ol", "steps shown");
      r.correct.forEach(function (id, i) {
        var at = got.indexOf(id), li = add("li", "step" + (got.length ? (at === i ? " in-place" : " off-place") : ""), null, ol);
        add("b", "num", i + 1, li);
        add("span", "step-text", P.textOf(id), li);
        if (got.length) add("span", "mine", at === i ? T.in_your_place : fmt(T.your_place, { n: at + 1 }), li);
      });
    }

    // --- hotspot: the picture with its areas, every one drawn alike, and the same areas as named buttons ---

    function picture(mark) {
      var q = P.cur().q, wrap = add("div", "hot"), img = add("img", "hot-img", null, wrap);
      img.src = q.image_url;
      img.alt = T.hot_image;
      q.choices.forEach(function (c) {
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
      q.choices.forEach(function (c) {
        var b = add("button", "area", null, list);
        b.type = "button";
        b.setAttribute("data-focus", "area-" + c.id);
        add("span", "", c.text, b);
        mark(b, c.id);
      });
    }

    function hotspot(done) {
      add("p", "muted small", done ? T.hot_sent : T.hot_hint);
      picture(function (b, id) {
        var on = (done || P.picked()).indexOf(id) >= 0;
        if (on) b.className += done ? " chosen" : " picked";
        if (b.className.indexOf("area") === 0) b.setAttribute("aria-pressed", on ? "true" : "false");
        // A tap chooses and "Gửi" answers: an area may be small on a small phone, and a wrong neighbour is undone.
        b.onclick = function () { P.pick(id, fmt(T.picked_area, { area: P.textOf(id) })); };
        P.track(b);
      });
      if (!done) P.sendButton(P.picked);
      P.say();
    }

    function revealHotspot(r, got) {
      picture(function (b, id) {
        b.disabled = true;
        if (r.correct.indexOf(id) >= 0) b.className += " right";
        else if (got.indexOf(id) >= 0) b.className += " wrong";
        if (got.indexOf(id) >= 0) b.className += " chosen";
      });
      add("p", "say", fmt(T.right_area, { area: r.correct.map(P.textOf).join(", ") }));
      if (got.length) add("p", "muted", fmt(T.your_area, { area: got.map(P.textOf).join(", ") }));
    }

    return { order: order, hotspot: hotspot, revealOrder: revealOrder, revealHotspot: revealHotspot };
  };
})();
// Fetched once the page was drawn: play.js is waiting for it.
if (window.LivePracticeReady) window.LivePracticeReady();
