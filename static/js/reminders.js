// The home page's reminder card: turn Web Push reminders on or off for this phone.
// It stays hidden where the phone cannot take them (no service worker or no
// PushManager, as in Zalo's in-app browser) and until the site's service worker
// is ready. "On" asks the permission, subscribes with the site's public key and
// hands the subscription to the server; "off" tells the server, then unsubscribes.
(function () {
  "use strict";
  var card = document.getElementById("reminders");
  if (!card || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return;
  var said = card.querySelector("[data-said]");
  var csrf = card.querySelector("input[name=csrfmiddlewaretoken]").value;
  var marks = (card.dataset.marks || "").split(" ");
  var registration = null;

  function keyBytes(text) {
    var base64 = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(base64), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  var ourKey = keyBytes(card.dataset.key);

  function sameKey(subscription) {
    var key = subscription.options && subscription.options.applicationServerKey;
    if (!key) return true; // an old browser that does not say: take it as ours
    var bytes = new Uint8Array(key);
    if (bytes.length !== ourKey.length) return false;
    for (var i = 0; i < bytes.length; i++) if (bytes[i] !== ourKey[i]) return false;
    return true;
  }

  // Whether the server keeps this browser's subscription: the page lists a mark of each of the member's.
  function known(subscription) {
    if (!window.crypto || !crypto.subtle || !window.TextEncoder) return Promise.resolve(true);
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(subscription.endpoint)).then(function (hash) {
      var hex = Array.prototype.map.call(new Uint8Array(hash), function (b) { return ("0" + b.toString(16)).slice(-2); });
      return marks.indexOf(hex.join("").slice(0, 16)) >= 0;
    });
  }

  // Our own words for the member; a browser's error (in its own language) becomes "try again".
  function refusal(text) {
    var error = new Error(text || card.dataset.failed);
    error.ours = true;
    return error;
  }

  function show(on, message) {
    card.querySelector('[data-state="off"]').hidden = on;
    card.querySelector('[data-state="on"]').hidden = !on;
    said.textContent = message || "";
    card.hidden = false;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).catch(function () {
      throw refusal(card.dataset.offline);
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) throw refusal(answer.error);
        return answer;
      });
    });
  }

  function permission() {
    if (Notification.permission !== "default") return Promise.resolve(Notification.permission);
    return new Promise(function (resolve) {
      var asked = Notification.requestPermission(resolve); // older phones answer through the callback
      if (asked && asked.then) asked.then(resolve);
    });
  }

  function turnOn() {
    return permission().then(function (answer) {
      if (answer !== "granted") throw refusal(card.dataset.blocked);
      return registration.pushManager.getSubscription();
    }).then(function (old) {
      // A subscription made with an earlier key of the site cannot be used: make a new one.
      return old && !sameKey(old) ? old.unsubscribe() : null;
    }).then(function () {
      return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: ourKey });
    }).then(function (subscription) {
      return post(card.dataset.subscribe, subscription.toJSON());
    }).then(function (answer) {
      marks.push(answer.mark);
      show(true);
    });
  }

  function turnOff() {
    return registration.pushManager.getSubscription().then(function (subscription) {
      if (!subscription) return null;
      return post(card.dataset.unsubscribe, { endpoint: subscription.endpoint }).then(function () {
        return subscription.unsubscribe();
      });
    }).then(function () { show(false); });
  }

  card.addEventListener("click", function (event) {
    var button = event.target.closest("[data-turn]");
    if (!button || !registration || button.disabled) return;
    button.disabled = true;
    said.textContent = "";
    (button.dataset.turn === "on" ? turnOn() : turnOff()).catch(function (error) {
      said.textContent = error && error.ours ? error.message : card.dataset.failed;
    }).then(function () { button.disabled = false; });
  });

  // Never resolves where the site has no service worker: the card then stays hidden.
  navigator.serviceWorker.ready.then(function (ready) {
    registration = ready;
    return ready.pushManager.getSubscription();
  }).then(function (subscription) {
    if (!subscription || !sameKey(subscription)) return false;
    return known(subscription);
  }).then(function (on) {
    show(on, on || Notification.permission !== "denied" ? "" : card.dataset.blocked);
  });
})();
