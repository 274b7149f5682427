{% autoescape off %}/* The site's service worker (quizsite/pwa/views.py serves it at /sw.js).

   It keeps static files only: the hashed names of production are kept until
   the next deploy, the unhashed names of development are answered from the
   cache and refreshed behind. Pages are never kept: a page (or anything a
   script asks for) goes to the network, and a page that cannot load shows the
   offline page. Signing out empties every cache. The push handlers show the
   reminders the server sends. */
"use strict";

const VERSION = "{{ version }}";
const CACHE = "quiz-static-" + VERSION;
const STATIC_URL = "{{ static_url }}";
const OFFLINE = {{ offline }};
const DEFAULT_LANGUAGE = {{ default_language }};
const LANGUAGE_COOKIE = {{ language_cookie }};
const PRECACHE = {{ precache }};
const ICON = {{ icon }};
const SIGN_OUT = {{ sign_out }};
// A name as Django's manifest storage hashes it: site.3f2a1b4c5d6e.css (whitenoise's .gz/.br are the same URL).
const HASHED = /\.[0-9a-f]{12}\.[A-Za-z0-9]+$/;

function precache() {
  return caches.open(CACHE).then((cache) => cache.addAll([...Object.values(OFFLINE), ...PRECACHE]));
}

function clearCaches() {
  return caches.keys().then((keys) => Promise.all(keys.map((key) => caches.delete(key))));
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // A new deploy's worker: the caches of the one before it go.
      const keys = await caches.keys();
      await Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key)));
      // The page's request leaves while the worker starts (on 2G every round trip counts).
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "clear") event.waitUntil(clearCaches().then(precache));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // Someone signs out: nothing of theirs may stay, whatever the browser makes of Clear-Site-Data.
    if (request.method === "POST" && url.pathname === SIGN_OUT) event.waitUntil(clearCaches().then(precache));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (url.pathname.startsWith(STATIC_URL) && !url.search) {
    event.respondWith(HASHED.test(url.pathname) ? cacheFirst(request) : staleWhileRevalidate(event, request));
  }
  // Anything else (a script's JSON, a saved answer, an image of a question): the network, as without a worker.
});

async function page(event) {
  try {
    const preloaded = await event.preloadResponse;
    return preloaded || (await fetch(event.request));
  } catch (error) {
    return offlinePage();
  }
}

async function offlinePage() {
  let language = DEFAULT_LANGUAGE;
  try {
    // The language switch's cookie, where the browser lets a worker read it (Chrome does).
    const cookie = self.cookieStore && (await self.cookieStore.get(LANGUAGE_COOKIE));
    if (cookie && OFFLINE[cookie.value]) language = cookie.value;
  } catch (error) {
    // No cookie store: Vietnamese.
  }
  const cached = await caches.match(OFFLINE[language]);
  return (
    cached ||
    new Response("Không có mạng. Hãy thử lại khi có mạng.\nNo connection. Please try again when you are online.", {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    })
  );
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  const fresh = fetch(request).then(async (response) => {
    if (response.ok && response.type === "basic") await cache.put(request, response.clone());
    return response;
  });
  if (!hit) return fresh;
  event.waitUntil(fresh.catch(() => undefined));
  return hit;
}

// --- Reminders (Web Push). The payload: {"title", "body", "url" (a path of this site), "tag"}.

function sameOrigin(value) {
  try {
    const url = new URL(typeof value === "string" && value ? value : "/", self.location.origin);
    if (url.origin === self.location.origin) return url.href;
  } catch (error) {
    // Not a URL at all: the home page.
  }
  return new URL("/", self.location.origin).href;
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = (event.data && event.data.json()) || {};
  } catch (error) {
    data = {};
  }
  const text = (value) => (typeof value === "string" ? value : "");
  const options = { body: text(data.body), icon: ICON, badge: ICON, data: { url: sameOrigin(data.url) } };
  if (text(data.tag)) options.tag = text(data.tag);
  event.waitUntil(self.registration.showNotification(text(data.title) || "Thi kỹ năng số", options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  // Checked again: a notification's data could come from an older worker.
  const target = sameOrigin(event.notification.data && event.notification.data.url);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const ours = windows.filter((client) => new URL(client.url).origin === self.location.origin);
      const there = ours.find((client) => client.url === target);
      if (there) return there.focus();
      for (const client of ours) {
        try {
          const focused = await client.focus();
          return await focused.navigate(target);
        } catch (error) {
          // Not ours to steer (not controlled by this worker): open a window instead.
        }
      }
      return self.clients.openWindow(target);
    })(),
  );
});
{% endautoescape %}
