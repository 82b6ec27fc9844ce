// The check-in works with no connection. The page installs a service worker (served from
// /recovery/sw.js) that keeps the page so it opens offline. A check-in saved offline is kept in
// this browser's localStorage with an id made here (the form's hidden device_id), and sent once
// the connection returns: POSTed to its page with "X-Offline-Sync: 1", answered 204 when saved
// and 400 when the server cannot take it as it is. The server keeps one check-in per id, so a
// check-in sent twice (two tabs, a lost answer) is still one.
//
// A kept check-in carries an opaque tag of the person who made it (data-owner) and is sent only
// while that same person is signed in. sign-out.js removes what is kept.
(function () {
  "use strict";

  const KEPT = "threecircles.kept-check-ins";
  const form = document.querySelector("form[data-offline-check-in]");
  if (!form) {
    return;
  }
  const owner = form.dataset.owner;
  const status = form.querySelector(".offline-status");
  const deviceId = form.elements.namedItem("device_id");
  let sending = false;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(form.dataset.serviceWorker, { scope: form.dataset.scope }).catch(function () {
      // No worker (an insecure address, a browser that says no): the page works online as ever.
    });
  }

  function newId() {
    if (crypto.randomUUID) {
      return crypto.randomUUID();
    }
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // One id per check-in written on this page. Saved twice offline, it stays one kept check-in;
  // a page brought back with Back gets a new one, so its changes are not taken for a resend.
  if (deviceId && !deviceId.value) {
    deviceId.value = newId();
  }
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && deviceId) {
      deviceId.value = newId();
    }
  });

  // Offline, the worker may answer a day not seen before with the page last seen: the day asked
  // for in the address is the one meant (the server reads it the same way).
  const asked = new URLSearchParams(location.search).get("day");
  const dayField = form.elements.namedItem("day");
  if (asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) && dayField && dayField.value === dayField.defaultValue) {
    dayField.value = asked;
  }

  function kept() {
    try {
      return JSON.parse(localStorage.getItem(KEPT) || "[]");
    } catch (error) {
      return [];
    }
  }

  function saveKept(items) {
    if (items.length) {
      localStorage.setItem(KEPT, JSON.stringify(items));
    } else {
      localStorage.removeItem(KEPT);
    }
  }

  function mine() {
    return kept().filter((item) => item.owner === owner);
  }

  function show(text, link) {
    if (!status) {
      return;
    }
    status.textContent = text;
    if (link) {
      const anchor = document.createElement("a");
      anchor.href = link.href;
      anchor.textContent = link.text;
      status.append(" ", anchor);
    }
    status.hidden = false;
  }

  // Offline: keep the check-in here instead of sending it.
  form.addEventListener("submit", function (event) {
    if (navigator.onLine) {
      return; // sent the usual way; the server answers with the next page
    }
    event.preventDefault();
    if (!form.querySelector("[name=inner_kept]:checked")) {
      show("Answer “Inner circle kept today?” first, then save.");
      return;
    }
    const item = {
      id: deviceId.value,
      owner: owner,
      address: location.pathname + location.search,
      entries: Array.from(new FormData(form), ([name, value]) => [name, String(value)]),
      keptAt: Date.now(),
    };
    try {
      saveKept([...kept().filter((other) => other.id !== item.id), item]);
    } catch (error) {
      show("This phone would not keep it (its storage is full or turned off). Save it again when you are back online.");
      return;
    }
    form.dispatchEvent(new CustomEvent("draft:drop"));
    show("Saved on this phone; it will be sent when you are back online.");
  });

  async function sendOne(item) {
    const token = form.elements.namedItem("csrfmiddlewaretoken");
    const body = new URLSearchParams();
    for (const [name, value] of item.entries) {
      if (name !== "csrfmiddlewaretoken") {
        body.append(name, value);
      }
    }
    // The token of this page: the one kept may be from a session since renewed.
    body.append("csrfmiddlewaretoken", token ? token.value : "");
    return fetch(item.address, {
      method: "POST",
      body: body,
      headers: { "X-Offline-Sync": "1" },
      credentials: "same-origin",
      redirect: "manual",
    });
  }

  function answer(item, field) {
    const found = item.entries.find(([name]) => name === field);
    return found ? found[1] : "";
  }

  async function sendAll() {
    const sent = [];
    const turnedBack = [];
    let signInFirst = false;
    for (const item of mine()) {
      let response;
      try {
        response = await sendOne(item);
      } catch (error) {
        break; // still offline after all: next time
      }
      if (response.status === 204) {
        sent.push(item);
      } else if (response.status === 400) {
        turnedBack.push(item);
      } else {
        signInFirst = response.type === "opaqueredirect";
        break; // kept for next time
      }
      const done = new Set([...sent, ...turnedBack].map((other) => other.id));
      saveKept(kept().filter((other) => !done.has(other.id)));
    }
    if (deviceId && sent.some((item) => item.id === deviceId.value)) {
      deviceId.value = newId(); // a change saved next on this page is a change, not a resend
    }
    for (const item of turnedBack) {
      if (window.ThreeCircles && window.ThreeCircles.drafts) {
        window.ThreeCircles.drafts.keep(form.dataset.draft, item.address, item.entries);
      }
    }
    const slip = sent.find((item) => answer(item, "inner_kept") === "no");
    if (turnedBack.length) {
      show("A check-in saved on this phone could not be sent as it was. It is filled in on its page for you to look at again.", {
        href: turnedBack[0].address,
        text: "Open it",
      });
    } else if (signInFirst) {
      show("Saved on this phone; sign in again to send it.");
    } else if (slip) {
      show("Sent.", {
        href: form.dataset.slips + "?day=" + encodeURIComponent(answer(slip, "day")),
        text: "When you are ready, look at what happened: it is information, not a verdict.",
      });
    } else if (sent.length) {
      show("Sent.");
    } else if (mine().length) {
      show("Saved on this phone; it will be sent when you are back online.");
    }
  }

  function send() {
    if (sending || !navigator.onLine || !mine().length) {
      return;
    }
    sending = true;
    // One tab at a time sends; the server would keep one check-in per id anyway.
    const run = navigator.locks ? navigator.locks.request(KEPT, sendAll) : sendAll();
    run.catch(() => null).finally(function () {
      sending = false;
    });
  }

  window.addEventListener("online", send);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      send();
    }
  });
  if (navigator.onLine) {
    send();
  } else if (mine().length) {
    show("Saved on this phone; it will be sent when you are back online.");
  }
})();
