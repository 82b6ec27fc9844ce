// Half-written forms survive a reload, a lost connection or a closed tab: a form marked
// data-draft="<name>" keeps what is typed in it in this browser's localStorage, under its name
// and the page's address, and gets it back when the page opens again.
//
// Never kept: passwords, hidden fields (the CSRF token, ids made for one sending) and files.
//
// When is a draft dropped? The server answers a saved form with a redirect and a form with
// errors with the same page again, so: on submit we note which draft was sent (sessionStorage,
// this tab only), and on the next page load we drop it if that load came through a redirect
// (Navigation Timing's redirectCount), unless the redirect was to the sign-in page (an expired
// session saved nothing). A form turned back with errors keeps its draft until it is saved.
// sign-out.js forgets every draft; check-in-offline.js drops one with the "draft:drop" event.
(function () {
  "use strict";

  const PREFIX = "threecircles.draft:"; // sign-out.js forgets every key that starts so
  const SENT = "threecircles.draft-sent";
  const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
  const NOT_KEPT = new Set(["password", "hidden", "file", "submit", "button", "reset", "image"]);
  const script = document.currentScript;
  const signIn = script ? script.dataset.signIn : null;
  // An opaque tag of who is signed in (base.html): a draft is given back only to its writer.
  const owner = document.body ? document.body.dataset.owner || "" : "";
  const LAST_OWNER = "threecircles.owner";

  function keyFor(name, address) {
    return PREFIX + name + ":" + address;
  }

  function here() {
    return location.pathname + location.search;
  }

  function isKept(element) {
    return Boolean(element.name) && !element.disabled && !NOT_KEPT.has(element.type);
  }

  // {name: [values]}: the checked values of a checkbox or radio group, each text field's value
  // in page order (formsets repeat no names, but a page may).
  function read(form) {
    const fields = {};
    for (const element of form.elements) {
      if (!isKept(element)) {
        continue;
      }
      const values = fields[element.name] || (fields[element.name] = []);
      if (element.type === "checkbox" || element.type === "radio") {
        if (element.checked) {
          values.push(element.value);
        }
      } else if (element.type === "select-multiple") {
        for (const option of element.selectedOptions) {
          values.push(option.value);
        }
      } else {
        values.push(element.value);
      }
    }
    return fields;
  }

  function fill(form, fields) {
    const seen = {};
    for (const element of form.elements) {
      if (!isKept(element) || !(element.name in fields)) {
        continue;
      }
      const values = fields[element.name];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.includes(element.value);
      } else if (element.type === "select-multiple") {
        for (const option of element.options) {
          option.selected = values.includes(option.value);
        }
      } else {
        const index = seen[element.name] || 0;
        seen[element.name] = index + 1;
        if (index < values.length) {
          element.value = values[index];
        }
      }
    }
  }

  function load(key) {
    try {
      const draft = JSON.parse(localStorage.getItem(key) || "null");
      if (draft && draft.owner === owner && Date.now() - draft.savedAt < MAX_AGE_MS) {
        return draft;
      }
      localStorage.removeItem(key);
    } catch (error) {
      // Storage refused (private browsing, full) or a draft from an older shape: nothing kept.
    }
    return null;
  }

  function store(key, fields) {
    try {
      localStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), owner: owner, fields: fields }));
    } catch (error) {
      // As above: the form still works, it just keeps no draft.
    }
  }

  function forget(key) {
    try {
      localStorage.removeItem(key);
    } catch (error) {
      // Nothing was kept.
    }
  }

  // The last form sent from this tab: dropped now if the server answered with a redirect.
  function settleLastSent() {
    let sent = null;
    try {
      sent = sessionStorage.getItem(SENT);
      sessionStorage.removeItem(SENT);
    } catch (error) {
      return null;
    }
    if (!sent) {
      return null;
    }
    const navigation = performance.getEntriesByType("navigation")[0];
    const redirected = Boolean(navigation && navigation.redirectCount > 0);
    if (redirected && location.pathname !== signIn) {
      forget(sent);
      return null;
    }
    return sent; // turned back with its errors: the page shows what was sent
  }

  function offerToStartAgain(form, key) {
    const notice = document.createElement("p");
    notice.className = "notice";
    notice.setAttribute("role", "status");
    notice.append("What you typed here earlier and had not saved is back. ");
    const again = document.createElement("button");
    again.type = "button";
    again.className = "link-button";
    again.textContent = "Start again";
    again.addEventListener("click", function () {
      forget(key);
      form.reset();
      notice.remove();
    });
    notice.append(again);
    form.before(notice);
  }

  // Someone else signed in on this browser (a session that ran out is never signed out): what
  // the one before left here (drafts, the cached check-in page) goes before anything is shown.
  function forgetOthers() {
    try {
      if (!owner || localStorage.getItem(LAST_OWNER) === owner) {
        return;
      }
      for (const key of Object.keys(localStorage)) {
        if (key.startsWith(PREFIX)) {
          localStorage.removeItem(key);
        }
      }
      localStorage.setItem(LAST_OWNER, owner);
    } catch (error) {
      return;
    }
    if ("caches" in window) {
      caches
        .keys()
        .then((names) => Promise.all(names.filter((n) => n.startsWith("threecircles-")).map((n) => caches.delete(n))))
        .catch(() => null);
    }
  }

  forgetOthers();
  const turnedBack = settleLastSent();

  for (const form of document.querySelectorAll("form[data-draft]")) {
    const key = keyFor(form.dataset.draft, here());
    const draft = load(key);
    if (draft && key !== turnedBack) {
      fill(form, draft.fields);
      offerToStartAgain(form, key);
    }
    const keep = function () {
      store(key, read(form));
    };
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("draft:drop", function () {
      forget(key);
    });
  }

  // On the document, so a form's own handler (the offline check-in) can take the submit first.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (event.defaultPrevented || !form.matches("form[data-draft]")) {
      return;
    }
    const key = keyFor(form.dataset.draft, here());
    store(key, read(form));
    try {
      sessionStorage.setItem(SENT, key);
    } catch (error) {
      // The draft then stays until the person starts again.
    }
  });

  // For check-in-offline.js: a check-in the server turned back becomes the draft of its page.
  window.ThreeCircles = window.ThreeCircles || {};
  window.ThreeCircles.drafts = {
    keep: function (name, address, entries) {
      const fields = {};
      for (const [field, value] of entries) {
        (fields[field] = fields[field] || []).push(value);
      }
      store(keyFor(name, address), fields);
    },
  };
})();
