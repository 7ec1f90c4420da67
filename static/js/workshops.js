// Workshop planner enhancements; every page works without JavaScript.
// 1. A new workshop's time zone defaults to this browser's (the facilitator usually plans from the venue's country).
// 2. The rapporteur's report (form[data-report]) is saved as they type (debounced) and when a box loses focus.
//    What is typed is kept in localStorage until the server confirms it stored exactly that, and re-sent on the
//    next page load or when the connection returns. "Saved" is only ever the server's own word.
(() => {
  "use strict";
  const DELAY = 1000; // ms of quiet typing before saving
  const MAX_BACKOFF = 30000;
  const states = new WeakMap();

  function defaultTimezone(root) {
    root.querySelectorAll("[data-timezone-default=on] select").forEach((select) => {
      if (select.dataset.touched || select.value !== "UTC") return;
      let zone = "";
      try {
        zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
      } catch (_) {
        return;
      }
      if (zone && [...select.options].some((o) => o.value === zone)) select.value = zone;
      select.addEventListener("change", () => (select.dataset.touched = "1"), { once: true });
    });
  }

  const key = (form) => "toolbox:report:" + form.dataset.report;
  const statusOf = (form) => form.querySelector("#report-status");

  function values(form) {
    const out = {};
    for (const el of form.elements) {
      if (!el.name || el.name === "csrf_token" || el.type === "submit") continue;
      out[el.name] = el.type === "checkbox" ? el.checked : el.value;
    }
    return out;
  }
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  function readDraft(form) {
    try {
      return JSON.parse(localStorage.getItem(key(form)));
    } catch (_) {
      return null;
    }
  }
  function writeDraft(form) {
    try {
      localStorage.setItem(key(form), JSON.stringify({ values: values(form), at: Date.now() }));
    } catch (_) {
      /* storage full or disabled: the server copy is all we have */
    }
  }
  function clearDraft(form, sent) {
    const draft = readDraft(form);
    if (draft && same(draft.values, sent)) {
      try {
        localStorage.removeItem(key(form));
      } catch (_) {
        /* nothing to do */
      }
    }
  }

  function state(form) {
    let s = states.get(form);
    if (!s) {
      s = { timer: null, busy: false, again: false, backoff: 1000 };
      states.set(form, s);
    }
    return s;
  }

  function say(form, text, name) {
    const status = statusOf(form);
    if (status) {
      status.textContent = text;
      status.dataset.state = name;
    }
  }

  function later(form, delay) {
    const s = state(form);
    clearTimeout(s.timer);
    s.timer = setTimeout(() => save(form), delay);
  }

  async function save(form, keepalive) {
    const s = state(form);
    clearTimeout(s.timer);
    s.timer = null;
    if (s.busy) {
      s.again = true; // one request at a time, so saves never arrive out of order
      return;
    }
    const sent = values(form);
    s.busy = true;
    say(form, "Saving…", "saving");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "HX-Request": "true" },
        credentials: "same-origin",
        redirect: "manual",
        keepalive: Boolean(keepalive),
      });
      if (response.type === "opaqueredirect" || response.status === 401) {
        say(form, "Not saved: you are logged out. Log in again; your text is kept on this device.", "error");
        return;
      }
      if (response.status === 400 || response.status === 403 || response.status === 404) {
        say(form, "Not saved: this page has expired. Reload it; your text is kept on this device.", "error");
        return;
      }
      if (response.status === 413) {
        say(form, "Not saved: the report is too long to send at once.", "error");
        return;
      }
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("report-status");
      const status = statusOf(form);
      if (response.ok && fresh && fresh.dataset.state === "saved") {
        s.backoff = 1000;
        clearDraft(form, sent);
        if (same(values(form), sent)) {
          if (status) status.replaceWith(fresh);
        } else {
          say(form, "Not saved yet…", "dirty");
          later(form, DELAY);
        }
      } else if (response.status === 422 && fresh) {
        if (status) status.replaceWith(fresh);
      } else {
        throw new Error("not stored");
      }
    } catch (_) {
      say(form, "Not saved yet: no connection to the server. Your text is kept on this device and will be sent again.", "retrying");
      later(form, s.backoff);
      s.backoff = Math.min(s.backoff * 2, MAX_BACKOFF);
    } finally {
      s.busy = false;
      if (s.again) {
        s.again = false;
        save(form);
      }
    }
  }

  const reportForm = (el) => (el && el.closest ? el.closest("form[data-report]") : null);
  const dirty = (form) => ["dirty", "retrying"].includes((statusOf(form) || {}).dataset?.state) || readDraft(form) !== null;

  function start(root) {
    defaultTimezone(root);
    const forms = root.matches && root.matches("form[data-report]") ? [root] : root.querySelectorAll("form[data-report]");
    for (const form of forms) {
      if (form.dataset.started) continue;
      form.dataset.started = "1";
      const draft = readDraft(form);
      if (draft && draft.values && !same(draft.values, values(form))) {
        // Typed earlier on this device and never confirmed: put it back and send it again.
        for (const [name, value] of Object.entries(draft.values)) {
          const el = form.elements.namedItem(name);
          if (!el || el instanceof RadioNodeList) continue;
          if (el.type === "checkbox") el.checked = Boolean(value);
          else el.value = value;
        }
        say(form, "Not saved yet: sending the text kept on this device…", "dirty");
        save(form);
      } else if (draft) {
        clearDraft(form, draft.values);
      }
    }
  }

  document.addEventListener("input", (event) => {
    const form = reportForm(event.target);
    if (!form) return;
    writeDraft(form);
    say(form, "Not saved yet…", "dirty");
    later(form, DELAY);
  });
  document.addEventListener("focusout", (event) => {
    const form = reportForm(event.target);
    if (form && state(form).timer) save(form);
  });
  document.addEventListener("submit", (event) => {
    // An ordinary submit sends everything: what it sends no longer needs keeping on this device.
    const form = reportForm(event.target);
    if (form) clearDraft(form, values(form));
  });
  window.addEventListener("online", () => {
    document.querySelectorAll("form[data-report]").forEach((form) => {
      if (dirty(form)) save(form);
    });
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "hidden") return;
    document.querySelectorAll("form[data-report]").forEach((form) => {
      if (state(form).timer) save(form, true);
    });
  });
  document.addEventListener("htmx:load", (event) => start(event.detail.elt));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => start(document));
  } else {
    start(document);
  }
})();
