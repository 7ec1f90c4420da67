// Journal answer boxes (forms with data-journal): without JavaScript they are ordinary forms.
// With it, an answer is saved as the learner types (debounced) and when the box loses focus. What is
// typed is kept in localStorage until the server confirms it stored exactly that text, and re-sent
// (on retry, when the connection returns, on the next page load). "Saved" is only ever the server's
// own words, taken from the answer box fragment it sends back.
(() => {
  "use strict";
  const DELAY = 800; // ms of quiet typing before saving
  const MAX_BACKOFF = 30000;
  const states = new WeakMap();
  const started = new WeakSet();

  const key = (form) => "toolbox:journal:" + form.dataset.journal;
  const textarea = (form) => form.querySelector("textarea[name=text]");
  const statusOf = (form) => form.querySelector(".answer-status");

  function readDraft(form) {
    try {
      return JSON.parse(localStorage.getItem(key(form)));
    } catch (_) {
      return null;
    }
  }
  function writeDraft(form, text) {
    try {
      localStorage.setItem(key(form), JSON.stringify({ text: text, at: Date.now() }));
    } catch (_) {
      /* storage full or disabled: the server copy is all we have */
    }
  }
  function clearDraft(form, text) {
    const draft = readDraft(form);
    if (draft && draft.text === text) {
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
    if (status && status.textContent !== text) status.textContent = text;
    form.dataset.state = name;
  }

  function later(form, delay) {
    const s = state(form);
    clearTimeout(s.timer);
    s.timer = setTimeout(() => save(form), delay);
  }

  function retry(form, message) {
    const s = state(form);
    say(form, message, "retrying");
    later(form, s.backoff);
    s.backoff = Math.min(s.backoff * 2, MAX_BACKOFF);
  }

  async function save(form, keepalive) {
    const s = state(form);
    clearTimeout(s.timer);
    s.timer = null;
    if (s.busy) {
      s.again = true; // one request at a time per box, so answers never arrive out of order
      return;
    }
    const sent = textarea(form).value;
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
      if (response.status === 400 || response.status === 403) {
        say(form, "Not saved: this page has expired. Reload it; your text is kept on this device.", "error");
        return;
      }
      if (response.status === 404) {
        say(form, "Not saved: this question is no longer in the lesson. Your text is kept on this device.", "error");
        return;
      }
      if (response.status === 413) {
        say(form, "Not saved: this answer is too long.", "error");
        return;
      }
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById(form.id);
      const status = statusOf(form);
      if (response.ok && fresh && fresh.dataset.state === "saved") {
        s.backoff = 1000;
        clearDraft(form, sent);
        form.dataset.revision = fresh.dataset.revision || "";
        if (textarea(form).value === sent) {
          if (status) status.replaceChildren(...statusOf(fresh).childNodes);
          form.dataset.state = "saved";
        } else {
          say(form, "Not saved yet…", "dirty");
          later(form, DELAY);
        }
      } else if (response.status === 422 && fresh) {
        if (status) status.replaceChildren(...statusOf(fresh).childNodes);
        form.dataset.state = "error";
      } else {
        retry(form, "Not saved yet: the server did not store it. Trying again…");
      }
    } catch (_) {
      retry(form, "Not saved yet: no connection. Your text is kept on this device and will be sent again.");
    } finally {
      s.busy = false;
      if (s.again) {
        s.again = false;
        save(form);
      }
    }
  }

  function journalForm(el) {
    return el && el.closest ? el.closest("form[data-journal]") : null;
  }

  function dirty(form) {
    return ["dirty", "retrying", "error"].includes(form.dataset.state) || readDraft(form) !== null;
  }

  function start(root) {
    const forms = root.matches && root.matches("form[data-journal]") ? [root] : root.querySelectorAll("form[data-journal]");
    for (const form of forms) {
      if (started.has(form)) continue;
      started.add(form);
      const draft = readDraft(form);
      if (draft && typeof draft.text === "string") {
        // Typed earlier on this device and never confirmed: put it back and send it again.
        textarea(form).value = draft.text;
        say(form, "Not saved yet: sending the text kept on this device…", "dirty");
        save(form);
      }
    }
  }

  document.addEventListener("input", (event) => {
    const form = journalForm(event.target);
    if (!form || event.target !== textarea(form)) return;
    writeDraft(form, event.target.value);
    say(form, "Not saved yet…", "dirty");
    later(form, DELAY);
  });
  document.addEventListener("focusout", (event) => {
    const form = journalForm(event.target);
    if (form && event.target === textarea(form) && dirty(form) && form.dataset.state !== "error") save(form);
  });
  document.addEventListener("submit", (event) => {
    const form = journalForm(event.target);
    if (!form) return;
    event.preventDefault();
    save(form);
  });
  window.addEventListener("online", () => {
    document.querySelectorAll("form[data-journal]").forEach((form) => {
      if (dirty(form)) save(form);
    });
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "hidden") return;
    document.querySelectorAll("form[data-journal]").forEach((form) => {
      if (state(form).timer) save(form, true);
    });
  });
  // htmx keeps snapshots of pages for the back button: make them hold what was typed, not the old text.
  document.addEventListener("htmx:beforeHistorySave", () => {
    document.querySelectorAll("form[data-journal] textarea[name=text]").forEach((t) => {
      t.textContent = t.value;
    });
  });
  document.addEventListener("htmx:load", (event) => start(event.detail.elt));
  document.addEventListener("htmx:historyRestore", () => start(document));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => start(document));
  } else {
    start(document);
  }
})();
