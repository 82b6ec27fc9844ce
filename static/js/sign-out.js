// Signing out leaves nothing of the person in this browser: their drafts (drafts.js), check-ins
// kept on the phone and not sent yet (check-in-offline.js; the person is asked first), and the
// check-in page the service worker kept (recovery/offline/sw.js), with the worker itself.
// The copy of the safety plan the person chose to keep stays: it is there to be read without
// signing in, and the safety plan page (or the crisis page) removes it.
(function () {
  "use strict";

  const DRAFTS = "threecircles.draft"; // drafts.js: "threecircles.draft:…" and "…draft-sent"
  const KEPT_CHECK_INS = "threecircles.kept-check-ins"; // check-in-offline.js
  const CACHES = "threecircles-"; // the service worker's caches
  const WAIT_MS = 2000; // never hold the sign-out up for longer than this
  const script = document.currentScript;
  const signOut = script ? script.dataset.signOut : null;

  function unsentCheckIns() {
    try {
      return JSON.parse(localStorage.getItem(KEPT_CHECK_INS) || "[]").length;
    } catch (error) {
      return 0;
    }
  }

  function forgetStorage(storage) {
    try {
      for (const key of Object.keys(storage)) {
        if (key.startsWith(DRAFTS) || key === KEPT_CHECK_INS) {
          storage.removeItem(key);
        }
      }
    } catch (error) {
      // Storage refused: nothing was kept in it.
    }
  }

  async function forgetCaches() {
    if ("caches" in window) {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith(CACHES)).map((name) => caches.delete(name)));
    }
    if ("serviceWorker" in navigator) {
      const registrations = await navigator.serviceWorker.getRegistrations();
      await Promise.all(registrations.map((registration) => registration.unregister()));
    }
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!signOut || new URL(form.action, location.href).pathname !== signOut) {
      return;
    }
    if (
      unsentCheckIns() > 0 &&
      !window.confirm(
        "A check-in saved on this phone has not been sent yet. To send it, stay signed in and " +
          "open the check-in page while connected.\n\nSign out anyway and remove it from this phone?",
      )
    ) {
      event.preventDefault();
      return;
    }
    event.preventDefault();
    forgetStorage(localStorage);
    forgetStorage(sessionStorage);
    const waited = new Promise((resolve) => setTimeout(resolve, WAIT_MS));
    Promise.race([forgetCaches(), waited])
      .catch(() => null)
      .then(() => form.submit());
  });
})();
