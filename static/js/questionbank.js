// The question form: rows that follow the kind, the area drawer of a hotspot question,
// and the live member preview beside the form. The page works without it: the area
// cells are plain text inputs and the preview is the server's.
(function () {
  "use strict";
  var form = document.querySelector("[data-question-form]");
  var preview = document.querySelector("[data-preview]");
  if (!form || !preview) return;
  var letters = "ABCDEFG";
  var tfTexts = ["Đúng", "Sai"];
  var objectUrl = null;
  var order = [];  // the preview's order of the rows, kept while the author types

  function rows() {
    return Array.prototype.slice.call(form.querySelectorAll("[data-choice-row]"));
  }
  function kind() { return form.elements.kind.value; }
  function textOf(row) { return row.querySelector("input[name$=_text]").value.trim(); }
  function areaInput(row) { return row.querySelector("input[name$=_area]"); }
  function tick(row) { return row.querySelector("input[type=checkbox]"); }

  // "x; y; w; h" in percent (dot or comma) → {x, y, w, h} in percent, or null.
  function parseArea(value) {
    var parts = value.trim().split(/\s*[;\/]\s*|\s+/).filter(Boolean);
    if (parts.length !== 4) return null;
    var n = parts.map(function (p) { return Number(p.replace(",", ".")); });
    if (n.some(function (v) { return !isFinite(v) || v < 0 || v > 100; })) return null;
    return { x: n[0], y: n[1], w: n[2], h: n[3] };
  }
  function round1(v) { return Math.round(v * 10) / 10; }
  function writeArea(row, a) {
    var x = round1(Math.min(Math.max(a.x, 0), 100)), y = round1(Math.min(Math.max(a.y, 0), 100));
    var w = round1(Math.min(Math.max(a.w, 0), 100 - x)), h = round1(Math.min(Math.max(a.h, 0), 100 - y));
    areaInput(row).value = [x, y, w, h].join("; ");
  }
  function boxStyle(el, a) {
    el.style.left = a.x + "%"; el.style.top = a.y + "%";
    el.style.width = a.w + "%"; el.style.height = a.h + "%";
  }

  // --- The image: a new upload, else the one the question has (unless removed) ---
  var drawer = form.querySelector("[data-area-drawer]");
  function imageUrl() {
    var file = form.elements.image && form.elements.image.files[0];
    if (file && /^image\//.test(file.type)) {
      if (!objectUrl) objectUrl = URL.createObjectURL(file);
      return objectUrl;
    }
    var removing = form.elements.remove_image && form.elements.remove_image.checked;
    return removing || !drawer ? "" : drawer.dataset.imageUrl;
  }

  // --- The preview: every kind, rows in an order drawn once per set of rows ---
  function drawOrder(n) {
    if (order.length === n) return order;
    order = [];
    for (var i = 0; i < n; i++) order.push(i);
    do {
      for (var j = n - 1; j > 0; j--) {
        var k = Math.floor(Math.random() * (j + 1));
        var t = order[j]; order[j] = order[k]; order[k] = t;
      }
    } while (kind() === "order" && n > 1 && order.every(function (v, i) { return v === i; }));
    return order;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function stepItem(text) {
    var li = el("li", "choice order-step");
    li.appendChild(el("span", "step-text", text));
    var moves = el("span", "step-moves");
    [["▲", preview.dataset.labelUp, -1], ["▼", preview.dataset.labelDown, 1]].forEach(function (m) {
      var b = el("button", "secondary", m[0]);
      b.type = "button";
      b.setAttribute("aria-label", m[1] + ": " + text);
      b.addEventListener("click", function () {
        var other = m[2] < 0 ? li.previousElementSibling : li.nextElementSibling;
        if (!other) return;
        li.parentNode.insertBefore(li, m[2] < 0 ? other : other.nextElementSibling);
        b.focus();
      });
      moves.appendChild(b);
    });
    li.appendChild(moves);
    return li;
  }

  function choiceItem(text, letter, multiple) {
    var li = el("li"), label = el("label", "choice"), input = el("input"), span = el("span");
    input.type = multiple ? "checkbox" : "radio";
    input.name = "preview-choice";
    if (letter) { span.appendChild(el("b", "", letter + ".")); span.appendChild(document.createTextNode(" ")); }
    span.appendChild(document.createTextNode(text));
    label.appendChild(input); label.appendChild(span); li.appendChild(label);
    return li;
  }

  function renderPreview() {
    var k = kind();
    var filled = rows().filter(function (row) { return textOf(row); });
    var items = filled.map(function (row) { return { text: textOf(row), area: parseArea(areaInput(row).value) }; });
    if (k === "true_false" && !items.length) items = tfTexts.map(function (t) { return { text: t, area: null }; });
    var shown = drawOrder(items.length).map(function (i) { return items[i]; });
    preview.dataset.kind = k;
    preview.querySelector("[data-preview-text]").textContent = form.elements.text.value;
    var hint = { multiple: "hintMultiple", order: "hintOrder", hotspot: "hintHotspot" }[k] || "hintSingle";
    preview.querySelector("[data-preview-hint]").textContent = preview.dataset[hint];
    var img = preview.querySelector("[data-preview-image]");
    var url = imageUrl();
    if (url) { img.src = url; img.hidden = false; } else { img.hidden = true; }
    var stage = preview.querySelector("[data-preview-stage]");
    Array.prototype.slice.call(stage.querySelectorAll(".hotspot-box")).forEach(function (b) { b.remove(); });
    if (k === "hotspot" && url) {
      shown.forEach(function (item) {
        if (!item.area) return;
        var box = el("span", "hotspot-box");
        box.title = item.text;
        boxStyle(box, item.area);
        stage.appendChild(box);
      });
    }
    var old = preview.querySelector("[data-preview-choices]");
    var list = el(k === "order" ? "ol" : "ul", k === "order" ? "choices order-steps" : "choices");
    list.setAttribute("data-preview-choices", "");
    shown.forEach(function (item, i) {
      if (k === "order") list.appendChild(stepItem(item.text));
      else list.appendChild(choiceItem(item.text, letters[i], k === "multiple"));
    });
    old.parentNode.replaceChild(list, old);
  }

  // --- The rows follow the kind ---
  function renderRows() {
    var k = kind();
    form.dataset.kind = k;
    rows().forEach(function (row, i) {
      row.classList.toggle("is-hidden", k === "true_false" && i > 1);
    });
    var tfHelp = form.querySelector("[data-tf-help]");
    if (tfHelp) tfHelp.hidden = k !== "true_false";
  }

  // --- The area drawer ---
  var stage = drawer && drawer.querySelector("[data-drawer-stage]");
  var drawerImg = drawer && drawer.querySelector("[data-drawer-image]");
  var pick = drawer && drawer.querySelector("[data-drawer-pick]");
  var noImage = drawer && drawer.querySelector("[data-drawer-no-image]");
  var active = 0;
  var drag = null;

  function drawerRows() {
    // Every named or drawn row, and the next empty one to start a new area.
    var all = rows(), shown = [];
    for (var i = 0; i < all.length; i++) {
      if (textOf(all[i]) || areaInput(all[i]).value.trim()) shown.push(i);
    }
    var next = all.findIndex(function (row, i) { return shown.indexOf(i) < 0; });
    if (next >= 0) shown.push(next);
    return shown.sort(function (a, b) { return a - b; });
  }

  function areaName(i) {
    var row = rows()[i];
    return drawer.dataset.labelArea + " " + letters[i] + ": " + (textOf(row) || drawer.dataset.labelNoName);
  }

  // Boxes and buttons are updated in place, never rebuilt: a keyboard's focus stays where it is.
  function keyed(parent, attr, wanted, make) {
    var have = {};
    Array.prototype.slice.call(parent.querySelectorAll("[data-" + attr + "]")).forEach(function (node) {
      if (wanted.indexOf(Number(node.dataset[attr])) < 0) node.remove();
      else have[node.dataset[attr]] = node;
    });
    return wanted.map(function (i) {
      var node = have[i];
      if (!node) {
        node = make(i);
        node.dataset[attr] = String(i);
        var later = Array.prototype.slice.call(parent.querySelectorAll("[data-" + attr + "]"))
          .find(function (other) { return Number(other.dataset[attr]) > i; });
        parent.insertBefore(node, later || null);
      }
      return node;
    });
  }

  function renderDrawer() {
    if (!drawer) return;
    drawer.hidden = false;
    var url = imageUrl();
    stage.hidden = !url;
    noImage.hidden = !!url;
    noImage.textContent = drawer.dataset.labelNoImage;
    if (url && drawerImg.getAttribute("src") !== url) drawerImg.src = url;
    var all = rows();
    var drawn = [];
    all.forEach(function (row, i) { if (parseArea(areaInput(row).value)) drawn.push(i); });
    keyed(stage, "box", drawn, function (i) {
      var box = el("button", "drawer-box");
      box.type = "button";
      box.appendChild(el("span", "", letters[i]));
      return box;
    }).forEach(function (box, n) {
      var i = drawn[n];
      box.classList.toggle("is-active", i === active);
      box.classList.toggle("is-right", tick(all[i]).checked);
      box.setAttribute("aria-label", areaName(i));
      boxStyle(box, parseArea(areaInput(all[i]).value));
    });
    var picks = drawerRows();
    keyed(pick, "pick", picks, function () {
      var b = el("button", "secondary");
      b.type = "button";
      return b;
    }).forEach(function (b, n) {
      var i = picks[n], name = textOf(all[i]);
      b.textContent = letters[i] + (name ? ": " + name : "");
      b.setAttribute("aria-label", drawer.dataset.labelDraw + " " + b.textContent);
      b.setAttribute("aria-pressed", String(i === active));
    });
  }

  function pointAt(event) {
    var r = stage.getBoundingClientRect();
    return {
      x: Math.min(Math.max((event.clientX - r.left) / r.width * 100, 0), 100),
      y: Math.min(Math.max((event.clientY - r.top) / r.height * 100, 0), 100)
    };
  }

  function onDown(event) {
    if (event.button !== undefined && event.button > 0) return;
    var boxIndex = event.target.closest("[data-box]") ? Number(event.target.closest("[data-box]").dataset.box) : -1;
    var p = pointAt(event);
    if (boxIndex >= 0) {
      active = boxIndex;
      drag = { mode: "move", start: p, area: parseArea(areaInput(rows()[active]).value) };
    } else {
      drag = { mode: "draw", start: p, before: areaInput(rows()[active]).value };
    }
    stage.setPointerCapture(event.pointerId);
    event.preventDefault();
  }

  function onMove(event) {
    if (!drag) return;
    var p = pointAt(event), row = rows()[active], s = drag.start;
    if (drag.mode === "draw") {
      writeArea(row, { x: Math.min(s.x, p.x), y: Math.min(s.y, p.y), w: Math.abs(p.x - s.x), h: Math.abs(p.y - s.y) });
    } else if (drag.area) {
      var a = drag.area;
      writeArea(row, {
        x: Math.min(Math.max(a.x + p.x - s.x, 0), 100 - a.w),
        y: Math.min(Math.max(a.y + p.y - s.y, 0), 100 - a.h), w: a.w, h: a.h
      });
    }
    renderDrawer();
    renderPreview();
  }

  function onUp() {
    if (!drag) return;
    var row = rows()[active], a = parseArea(areaInput(row).value);
    if (drag.mode === "draw") {
      if (!a || (a.w < 1 && a.h < 1)) {
        areaInput(row).value = drag.before;  // a tap, not a drag: nothing drawn
      } else {
        // The next row still to draw becomes the active one.
        var next = drawerRows().find(function (i) { return i !== active && !areaInput(rows()[i]).value.trim(); });
        if (next !== undefined) active = next;
      }
    }
    drag = null;
    renderDrawer();
    renderPreview();
  }

  function onKey(event) {
    var boxEl = event.target.closest && event.target.closest("[data-box]");
    if (!boxEl) return;
    var dir = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
    if (!dir) return;
    event.preventDefault();
    active = Number(boxEl.dataset.box);
    var row = rows()[active], a = parseArea(areaInput(row).value);
    if (!a) return;
    if (event.shiftKey) {
      writeArea(row, { x: a.x, y: a.y, w: Math.max(a.w + dir[0], 1), h: Math.max(a.h + dir[1], 1) });
    } else {
      writeArea(row, {
        x: Math.min(Math.max(a.x + dir[0], 0), 100 - a.w),
        y: Math.min(Math.max(a.y + dir[1], 0), 100 - a.h), w: a.w, h: a.h
      });
    }
    renderDrawer();
    renderPreview();
  }

  function onPick(event) {
    var b = event.target.closest("[data-pick]");
    if (!b) return;
    var i = Number(b.dataset.pick);
    if (event.type === "click") {
      active = i;
      renderDrawer();
      return;
    }
    // From the keyboard (no drag to come): the area gets a box, if it has none, to move and size with the arrows.
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    active = i;
    if (!parseArea(areaInput(rows()[i]).value)) writeArea(rows()[i], { x: 40, y: 45, w: 20, h: 10 });
    renderDrawer();
    renderPreview();
    stage.querySelector("[data-box='" + i + "']").focus();
  }

  if (drawer) {
    pick.addEventListener("click", onPick);
    pick.addEventListener("keydown", onPick);
    stage.addEventListener("pointerdown", onDown);
    stage.addEventListener("pointermove", onMove);
    stage.addEventListener("pointerup", onUp);
    stage.addEventListener("pointercancel", onUp);
    stage.addEventListener("keydown", onKey);
    stage.addEventListener("focusin", function (event) {
      var b = event.target.closest("[data-box]");
      if (b && Number(b.dataset.box) !== active) {
        active = Number(b.dataset.box);
        renderDrawer();
      }
    });
  }

  // A hotspot question has one right area: its ticks behave as one choice.
  form.addEventListener("change", function (event) {
    var t = event.target;
    if (kind() === "hotspot" && t.type === "checkbox" && /^choice_\d+_correct$/.test(t.name) && t.checked) {
      rows().forEach(function (row) { if (tick(row) !== t) tick(row).checked = false; });
    }
    if (t.name === "image") {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      objectUrl = null;
    }
    if (t.name === "kind") order = [];
    render();
  });
  form.addEventListener("input", render);

  function render() {
    renderRows();
    renderPreview();
    renderDrawer();
  }
  render();
})();
