// Order and hotspot questions on the attempt page: loaded before attempt.js, only on an attempt that has them.
// attempt.js calls window.quizPractice with what it shares (the member's choices, the save queue, the texts)
// and draws each question through it. Without this file or without JavaScript, the page's numbers beside
// the steps and the image as the form's button post the answer (competitions.answer_forms).
window.quizPractice = function (a) {
  var d = document, list = a.list, qstep = a.qstep, msg = a.msg, chosen = a.chosen, add = a.add;
  var TAP_WIDTH = 320;  // competitions.answer_forms.TAP_WIDTH: the image as wide as without JavaScript

  // An order question: the steps as the member has put them (as shown, shuffled, until the first move),
  // each with large buttons to move it up or down and a grip to drag it; every move is a saved answer.
  function orderOf(q) {
    var keys = q.choices.map(function (c) { return String(c[0]); }), mine = chosen[q.id] || [];
    return mine.length === keys.length ? mine.map(String) : keys;
  }
  function drawSteps(q) {
    var texts = {}, order = orderOf(q);
    q.choices.forEach(function (c) { texts[c[0]] = c[1]; });
    list.textContent = "";
    order.forEach(function (key, i) {
      var li = add(list, "li", "choice step");
      add(li, "span", "place", String(i + 1)).title = msg.drag;
      add(li, "span", "step-text", texts[key]);
      var moves = add(li, "span", "moves");
      [[-1, "▲ " + msg.up, msg.up], [1, "▼ " + msg.down, msg.down]].forEach(function (m) {
        var b = add(moves, "button", "secondary move", m[1]);
        b.type = "button"; b.dataset.move = m[0];
        b.setAttribute("aria-label", m[2] + ": " + texts[key]);
        b.disabled = (m[0] < 0 && i === 0) || (m[0] > 0 && i === order.length - 1);
      });
    });
    return texts;
  }
  function move(q, from, to, dir) {
    var order = orderOf(q);
    if (to < 0 || to >= order.length || from === to) return;
    var key = order.splice(from, 1)[0];
    order.splice(to, 0, key);
    chosen[q.id] = order;
    a.marks();
    a.remember(q, [["question", q.id]].concat(order.map(function (k) { return ["choice", k]; })));
    var texts = drawSteps(q), li = list.children[to], live = d.getElementById("order-live");
    if (live) live.textContent = msg.moved.replace("{step}", texts[key]).replace("{n}", to + 1).replace("{total}", order.length);
    var b = li.querySelector('[data-move="' + dir + '"]');
    if (!b || b.disabled) b = li.querySelector(".move:not([disabled])");
    if (b) b.focus();
  }
  function ordering() { var q = a.current(); return q && q.kind === "order" ? q : null; }
  list.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-move]"), q = ordering();
    if (!b || !q) return;
    var from = [].indexOf.call(list.children, b.closest("li"));
    move(q, from, from + +b.dataset.move, +b.dataset.move);
  });
  // Dragging by the grip (the step's number), with a finger or a mouse, where pointer events exist.
  list.addEventListener("pointerdown", function (e) {
    var grip = e.target.closest && e.target.closest(".place"), q = ordering();
    if (!grip || !q || !grip.setPointerCapture) return;
    var li = grip.closest("li"), items = [].slice.call(list.children), from = items.indexOf(li), to = from, y0 = e.clientY;
    e.preventDefault();
    grip.setPointerCapture(e.pointerId);
    li.classList.add("dragging");
    function over(ev) {
      li.style.transform = "translateY(" + (ev.clientY - y0) + "px)";
      to = items.filter(function (it) {
        if (it === li) return false;
        var r = it.getBoundingClientRect();
        return r.top + r.height / 2 < ev.clientY;
      }).length;
    }
    function done() {
      grip.removeEventListener("pointermove", over);
      grip.removeEventListener("pointerup", done);
      grip.removeEventListener("pointercancel", done);
      li.classList.remove("dragging");
      li.style.transform = "";
      if (to !== from) move(q, from, to, to < from ? -1 : 1);
    }
    grip.addEventListener("pointermove", over);
    grip.addEventListener("pointerup", done);
    grip.addEventListener("pointercancel", done);
  });

  // A hotspot question: the image to tap, above the list of areas by name. A tap ticks the area's radio,
  // which saves it like any choice; the chosen area is drawn on the image, every other area alike (not at all).
  function drawImage(q, n) {
    var go = d.createElement("button");  // stays the form's first button: Enter on a radio is "next", not a tap
    go.className = "default-go extra"; go.name = "go"; go.value = n + 1; go.tabIndex = -1;
    go.setAttribute("aria-hidden", "true");
    list.parentNode.insertBefore(go, list);
    var wrap = d.createElement("div"), tap = d.createElement("input");
    wrap.className = "hotspot extra";
    tap.type = "image"; tap.name = "tap"; tap.className = "tap"; tap.src = q.image; tap.alt = msg.tapAlt;
    tap.tabIndex = -1; tap.width = TAP_WIDTH;
    wrap.appendChild(tap);
    add(wrap, "span", "area-mark").hidden = true;
    list.parentNode.insertBefore(wrap, list);
    list.parentNode.insertBefore(add(qstep, "p", "small muted extra", msg.tapList), list);
  }
  function markArea() {
    var q = a.current(), wrap = qstep.querySelector(".hotspot");
    if (!q || q.kind !== "hotspot" || !wrap) return;
    var mark = wrap.querySelector(".area-mark") || add(wrap, "span", "area-mark"), key = String((chosen[q.id] || [])[0]), area = null;
    q.choices.forEach(function (c) { if (String(c[0]) === key) area = c[2]; });
    mark.hidden = !area;
    if (area) ["left", "top", "width", "height"].forEach(function (side, i) { mark.style[side] = area[i] * 100 + "%"; });
  }
  a.form.addEventListener("click", function (e) {
    var q = a.current();
    if (!e.target.classList || !e.target.classList.contains("tap") || !q || q.kind !== "hotspot") return;
    e.preventDefault();
    if (!e.detail) return;  // Enter or space on the image: the list of areas is the keyboard's way
    var r = e.target.getBoundingClientRect(), x = (e.clientX - r.left) / r.width, y = (e.clientY - r.top) / r.height, key = null;
    q.choices.forEach(function (c) {
      var s = c[2];
      if (s && x >= s[0] && x <= s[0] + s[2] && y >= s[1] && y <= s[1] + s[3]) key = c[0];
    });
    if (key === null) return a.say(msg.tapMiss, "err");
    var radio = a.form.querySelector('[name=choice][value="' + key + '"]');
    if (radio) { radio.checked = true; radio.dispatchEvent(new Event("change", { bubbles: true })); }
  });

  return {
    drawsKind: function (kind) { return kind === "order" || kind === "hotspot"; },
    // Draws the question's own parts; says which ("order": the steps, no radios; "hotspot": the image).
    draw: function (q, n) {
      list.classList.toggle("steps", q.kind === "order");
      if (q.kind === "hotspot") { drawImage(q, n); return "hotspot"; }
      if (q.kind !== "order") return "";
      list.parentNode.insertBefore(add(qstep, "p", "small muted extra", msg.orderHelp), list);
      drawSteps(q);
      var live = add(qstep, "p", "small muted extra");
      live.id = "order-live"; live.setAttribute("aria-live", "polite");
      list.parentNode.insertBefore(live, list.nextSibling);
      return "order";
    },
    markArea: markArea
  };
};
// Fetched after the page was drawn (not the page of an order or hotspot question): attempt.js is waiting.
if (window.quizPracticeReady) window.quizPracticeReady();
