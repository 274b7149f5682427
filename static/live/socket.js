// One live-round socket (PROTOCOL.md) for the player's, host's and projector's pages.
// It reconnects by itself (1 s .. 15 s, with jitter), sends `sync` after a reconnect,
// and measures the server's clock with ping/pong: the pages never trust the device's clock.
(function () {
  "use strict";
  window.LiveSocket = function (path, on) {
    // on.message(msg); on.status("open" | "down" | "refused" | "gone")
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
    var ws = null, tries = 0, timer = null, opened = false, stopped = false;
    var offset = null, bestRtt = Infinity, heard = 0;
    var self = {
      now: function () { return Date.now() + (offset || 0); },
      send: function (m) {
        if (!ws || ws.readyState !== 1) return false;
        ws.send(JSON.stringify(m));
        return true;
      },
      sync: function () { return self.send({ type: "sync" }); }
    };
    function ping() { self.send({ type: "ping", t: Date.now() }); }
    function pong(m) {
      var t1 = Date.now(), rtt = t1 - m.t;
      // The ping with the shortest round trip says the most about the offset.
      if (rtt >= 0 && rtt <= bestRtt) { bestRtt = rtt; offset = m.server_time_ms - (m.t + t1) / 2; }
    }
    function retry() {
      on.status("down");
      var d = Math.min(15000, 1000 * Math.pow(2, tries++)) * (0.7 + Math.random() * 0.6);
      timer = setTimeout(connect, Math.max(1000, Math.min(15000, d)));
    }
    function connect() {
      clearTimeout(timer);
      if (stopped) return;
      if (ws) { ws.onclose = ws.onmessage = ws.onopen = null; try { ws.close(); } catch (e) { /* already gone */ } }
      var s;
      try { s = ws = new WebSocket(url); } catch (e) { ws = null; return retry(); }
      s.onopen = function () {
        tries = 0; heard = Date.now(); bestRtt = Infinity;
        if (opened) self.sync();
        opened = true;
        on.status("open");
        for (var i = 0; i < 5; i++) setTimeout(ping, i * 300);
      };
      s.onmessage = function (e) {
        heard = Date.now();
        var m;
        try { m = JSON.parse(e.data); } catch (x) { return; }
        if (m.type === "pong") return pong(m);
        if (offset === null && typeof m.server_time_ms === "number") offset = m.server_time_ms - Date.now();
        on.message(m);
      };
      s.onclose = function (e) {
        if (s !== ws) return;
        ws = null;
        if (e.code === 4403 || e.code === 4404) {
          stopped = true;
          return on.status(e.code === 4404 ? "gone" : "refused");
        }
        retry();
      };
    }
    // A phone that slept may hold a socket that is dead without knowing it: ask for a
    // fresh state, and reconnect if nothing comes back.
    function wake() {
      if (stopped) return;
      if (!ws || ws.readyState > 1) { tries = 0; return connect(); }
      if (ws.readyState !== 1) return;
      var asked = Date.now();
      self.sync(); ping();
      setTimeout(function () { if (heard < asked) { tries = 0; on.status("down"); connect(); } }, 5000);
    }
    document.addEventListener("visibilitychange", function () { if (!document.hidden) wake(); });
    window.addEventListener("online", wake);
    window.addEventListener("pageshow", function (e) { if (e.persisted) wake(); });
    setInterval(function () {
      if (!ws || ws.readyState !== 1) return;
      if (Date.now() - heard > 50000) { on.status("down"); return connect(); }
      ping();
    }, 20000);
    connect();
    return self;
  };
  // Small helpers the three pages share.
  var U = window.LiveUI = {
    config: function () { return JSON.parse(document.getElementById("live-config").textContent); },
    fmt: function (s, v) { return s.replace(/\{(\w+)\}/g, function (m, k) { return k in v ? v[k] : m; }); },
    el: function (tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined && text !== null) e.textContent = text;
      return e;
    },
    // Names go in <bdi>, as text, so they cannot turn the text around them; phrase: fmt with `iso` names in <bdi>.
    bdi: function (n) { return U.el("bdi", "", n); },
    named: function (tag, cls, n) { var e = U.el(tag, cls); e.appendChild(U.bdi(n)); return e; },
    phrase: function (tag, cls, s, v, iso) {
      var e = U.el(tag, cls);
      s.split(/\{(\w+)\}/).forEach(function (p, i) {
        e.appendChild(i % 2 && iso.indexOf(p) >= 0 ? U.bdi(v[p]) : document.createTextNode(i % 2 ? U.fmt("{" + p + "}", v) : p));
      });
      return e;
    },
    entries: function (x) { return !x ? [] : Array.isArray(x) ? x : x.entries || []; },
    // `state` carries the open question as the `question` message does; accept the bare question too.
    question: function (x) {
      if (!x) return null;
      var q = x.question && x.question.choices ? x.question : x;
      return { q: q, opens: x.opens_at_ms || q.opens_at_ms, closes: x.closes_at_ms || q.closes_at_ms };
    },
    letter: function (i) { return "ABCDEFGH".charAt(i) || String(i + 1); }
  };
})();
