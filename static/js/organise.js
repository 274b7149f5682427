// Round dashboard: refresh the live counts from the JSON endpoint every few seconds.
// Without JavaScript, a plain reload shows the same numbers.
(function () {
  "use strict";
  var box = document.querySelector("[data-poll-url]");
  if (!box) return;
  var url = box.dataset.pollUrl;
  var every = (parseInt(box.dataset.pollSeconds, 10) || 10) * 1000;
  var labels = {};
  var tpl = box.querySelector("template[data-labels]");
  if (tpl) tpl.content.querySelectorAll("[data-l]").forEach(function (el) { labels[el.dataset.l] = el.textContent; });

  function cell(text, label, main) {
    var td = document.createElement("td");
    td.textContent = text;
    if (label) td.dataset.label = label;
    if (main) td.className = "main-cell";
    return td;
  }

  function fill(name, rows, columns) {
    var body = box.querySelector('[data-rows="' + name + '"]');
    if (!body || !rows.length) return;
    body.textContent = "";
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      columns.forEach(function (col, i) {
        tr.appendChild(cell(col.value(row), i ? labels[col.label] : "", i === 0));
      });
      body.appendChild(tr);
    });
  }

  function show(data) {
    Object.keys(data).forEach(function (key) {
      var el = box.querySelector('[data-count="' + key + '"]');
      if (el) el.textContent = data[key];
    });
    fill("units", data.units, [
      { value: function (r) { return r.name; } },
      { label: "teams_played", value: function (r) { return r.teams_played + " / " + r.teams_eligible; } },
      { label: "started", value: function (r) { return r.started; } },
      { label: "finished", value: function (r) { return r.finished; } },
      { label: "people", value: function (r) { return r.people; } },
    ]);
    fill("teams", data.teams, [
      { value: function (r) { return r.name; } },
      { label: "unit", value: function (r) { return r.unit; } },
      { label: "started", value: function (r) { return r.started; } },
      { label: "finished", value: function (r) { return r.finished; } },
      { label: "people", value: function (r) { return r.people; } },
    ]);
    var updated = box.querySelector("[data-updated]");
    if (updated) updated.textContent = data.updated;
    if (data.status !== "open") clearInterval(timer);  // closed: the numbers no longer move
  }

  function poll() {
    if (document.hidden) return;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(show)
      .catch(function () {
        var updated = box.querySelector("[data-updated]");
        if (updated) updated.textContent = box.dataset.offline;
      });
  }
  var timer = setInterval(poll, every);
})();
