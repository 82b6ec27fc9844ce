// The check-in's service worker, served by recovery/views_offline.py from /recovery/sw.js so
// that its scope covers the check-in page. It keeps two things in this browser: the files the
// check-in page needs, and the check-in page itself as the person last saw it, so the page
// opens with no connection. Everything else goes to the network as if it were not here.
// static/js/sign-out.js deletes what it kept; a visit that is sent to sign in deletes it too.
"use strict";

const CONFIG = {{ config|safe }};
const PREFIX = "threecircles-";
const SHELL = new Set(CONFIG.shell);

async function forgetAll() {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(PREFIX)).map((name) => caches.delete(name)));
}

async function keepPage(cache, url) {
  // A navigation's redirects come back unopened ("opaqueredirect"); a plain fetch follows
  // them and says so. Either way a redirect means the sign-in page: nothing to keep.
  const response = await fetch(url, { credentials: "same-origin", redirect: "manual" });
  if (response.status === 200) {
    await cache.put(url, response.clone());
  } else if (response.type === "opaqueredirect") {
    await forgetAll();
  }
  return response;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CONFIG.cache)
      .then((cache) => Promise.all([cache.addAll(CONFIG.shell), keepPage(cache, CONFIG.checkIn).catch(() => null)]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith(PREFIX) && name !== CONFIG.cache).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

// A kept page is served offline only within a session's length of being fetched: whoever uses
// the phone later (a session that ran out) does not get the person's page back.
const SERVE_FOR_MS = 12 * 60 * 60 * 1000;

function recent(response) {
  const fetched = Date.parse(response.headers.get("Date") || "");
  return !Number.isNaN(fetched) && Date.now() - fetched < SERVE_FOR_MS;
}

async function checkInPage(request) {
  // The network first, so the page is always the latest when there is a connection.
  const cache = await caches.open(CONFIG.cache);
  try {
    const response = await fetch(request);
    if (response.status === 200) {
      await cache.put(request.url, response.clone());
    } else if (response.type === "opaqueredirect") {
      await forgetAll();
    }
    return response;
  } catch (offline) {
    // The day asked for if it was seen before, else the page as last seen.
    const kept =
      (await cache.match(request.url, { ignoreVary: true })) ||
      (await cache.match(CONFIG.checkIn, { ignoreVary: true }));
    return kept && recent(kept) ? kept : Response.error();
  }
}

async function shellFile(event) {
  // From the cache at once, refreshed behind the scenes for next time.
  const cache = await caches.open(CONFIG.cache);
  const kept = await cache.match(event.request);
  const fresh = fetch(event.request).then((response) => {
    if (response.status === 200) {
      cache.put(event.request, response.clone());
    }
    return response;
  });
  if (kept) {
    event.waitUntil(fresh.catch(() => null));
    return kept;
  }
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate" && url.pathname === CONFIG.checkIn) {
    event.respondWith(checkInPage(request));
  } else if (SHELL.has(url.pathname)) {
    event.respondWith(shellFile(event));
  }
});
