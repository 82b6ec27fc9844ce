// The safety plan, reachable without signing in again. On the safety plan page the person may
// keep a copy of it in this browser's localStorage (their choice, removable there or on the
// crisis page); the public crisis page shows that copy when there is one. Kept while it exists,
// the copy follows the plan: each visit to the safety plan page brings it up to date.
// Signing out does not remove it (sign-out.js): reading it signed out is the point.
(function () {
  "use strict";

  const KEY = "threecircles.safety-plan";

  function read() {
    try {
      const copy = JSON.parse(localStorage.getItem(KEY) || "null");
      return copy && Array.isArray(copy.sections) ? copy : null;
    } catch (error) {
      return null;
    }
  }

  function remove() {
    try {
      localStorage.removeItem(KEY);
    } catch (error) {
      // Nothing was kept.
    }
  }

  function textOf(element) {
    return element.textContent.replace(/\s+/g, " ").trim();
  }

  function when(copy) {
    return new Date(copy.savedAt).toLocaleDateString(undefined, { day: "numeric", month: "long", year: "numeric" });
  }

  // --- the safety plan page ---------------------------------------------------------------

  function fromPage() {
    const sections = Array.from(document.querySelectorAll("[data-keep-section]"), (section) => ({
      label: textOf(section.querySelector("h2")),
      lines: Array.from(section.querySelectorAll("li"), textOf),
    }));
    const lines = Array.from(document.querySelectorAll("[data-keep-lines] li"), (line) => {
      const call = line.querySelector("a[href^='tel:']");
      return { text: textOf(line), href: call ? call.getAttribute("href") : "" };
    });
    const owner = document.body ? document.body.dataset.owner || "" : "";
    return { savedAt: Date.now(), owner: owner, sections: sections, lines: lines };
  }

  function offerCopy(panel) {
    const status = panel.querySelector("[data-keep-copy-status]");
    const keep = panel.querySelector("[data-keep-copy-save]");
    const drop = panel.querySelector("[data-keep-copy-remove]");
    const offer = status.textContent;

    function showState(copy, said) {
      keep.hidden = Boolean(copy);
      drop.hidden = !copy;
      status.textContent = copy
        ? "A copy is kept on this phone (brought up to date " +
          when(copy) +
          "). The crisis help page shows it, even when you are signed out."
        : said || offer;
    }

    function store() {
      const copy = fromPage();
      try {
        localStorage.setItem(KEY, JSON.stringify(copy));
      } catch (error) {
        showState(null, "This phone would not keep it (its storage is full or turned off).");
        return;
      }
      showState(copy);
    }

    keep.querySelector("button").addEventListener("click", store);
    drop.querySelector("button").addEventListener("click", function () {
      remove();
      showState(null, "Removed from this phone.");
    });
    // Kept up to date for its own person only: someone else's copy on this phone is neither
    // refreshed with this plan nor shown here (keeping one replaces it).
    const kept = read();
    const mine = kept && kept.owner === (document.body.dataset.owner || "");
    if (mine) {
      store();
    } else {
      showState(null);
    }
    panel.hidden = false;
  }

  // --- the crisis page --------------------------------------------------------------------

  function element(tag, text, className) {
    const made = document.createElement(tag);
    if (text) {
      made.textContent = text;
    }
    if (className) {
      made.className = className;
    }
    return made;
  }

  function showCopy(place) {
    const copy = read();
    if (!copy) {
      return;
    }
    const title = element("h2", "Your safety plan");
    title.id = "kept-safety-plan-title";
    place.setAttribute("aria-labelledby", title.id);
    place.append(title, element("p", "The copy you kept on this phone, from " + when(copy) + ".", "muted"));
    for (const section of copy.sections) {
      if (!section.lines || !section.lines.length) {
        continue;
      }
      const list = element("ul");
      for (const line of section.lines) {
        list.append(element("li", String(line)));
      }
      place.append(element("h3", String(section.label)), list);
    }
    const lines = (copy.lines || []).filter((line) => line && line.text);
    if (lines.length) {
      const list = element("ul", "", "crisis-list");
      for (const line of lines) {
        const item = element("li");
        if (/^tel:[0-9+*#-]+$/.test(line.href || "")) {
          const call = element("a", String(line.text));
          call.href = line.href;
          item.append(call);
        } else {
          item.textContent = String(line.text);
        }
        list.append(item);
      }
      place.append(element("h3", "Crisis lines where you live"), list);
    }
    const forget = element("button", "Remove it from this phone", "button-secondary");
    forget.type = "button";
    forget.addEventListener("click", function () {
      remove();
      place.removeAttribute("aria-labelledby");
      place.replaceChildren(element("p", "Your safety plan was removed from this phone."));
    });
    place.append(forget);
    place.hidden = false;
  }

  const panel = document.querySelector("[data-keep-copy]");
  if (panel) {
    offerCopy(panel);
  }
  const place = document.querySelector("[data-kept-safety-plan]");
  if (place) {
    showCopy(place);
  }
})();
