// Live rooms: countdowns, the end-of-round signal, projector keyboard shortcuts and full screen.
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    document.querySelectorAll("[data-timer]").forEach(function (el) {
      var endsAt = parseInt(el.dataset.endsAt, 10);
      if (!endsAt) return;
      // The server's clock is the reference: correct for the difference with this device.
      if (el.dataset.offset === undefined) el.dataset.offset = String(parseInt(el.dataset.now, 10) - Date.now());
      var left = Math.max(0, Math.round((endsAt - (Date.now() + parseInt(el.dataset.offset, 10))) / 1000));
      var value = el.querySelector(".timer-value");
      if (value) value.textContent = Math.floor(left / 60) + ":" + pad(left % 60);
      if (left === 0 && !el.classList.contains("time-up")) {
        el.classList.add("time-up");
        var label = el.querySelector(".timer-label");
        if (label) label.textContent = "Time is up";
        signal(el);
      }
    });
  }

  function signal(el) {
    // A short chime on the projector only; phones stay silent.
    if (!el.classList.contains("timer-big")) return;
    try {
      var ctx = new (window.AudioContext || window.webkitAudioContext)();
      [0, 0.35, 0.7].forEach(function (start) {
        var osc = ctx.createOscillator(), gain = ctx.createGain();
        osc.frequency.value = 880; gain.gain.value = 0.2;
        osc.connect(gain); gain.connect(ctx.destination);
        osc.start(ctx.currentTime + start); osc.stop(ctx.currentTime + start + 0.2);
      });
    } catch (e) { /* no audio: the visual signal is enough */ }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var button = document.querySelector('.projector-view [data-key="' + event.key.toLowerCase() + '"]');
    if (!button || button.disabled) return;
    event.preventDefault();
    if (button.hasAttribute("data-fullscreen")) toggleFullscreen();
    else button.click();
  });

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-fullscreen]");
    if (button) toggleFullscreen();
  });

  // The console refreshes itself every second; not while the facilitator is choosing or typing in it.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || elt.id !== "console-live" || (event.detail.requestConfig && event.detail.requestConfig.verb !== "get")) return;
    var active = document.activeElement;
    if (active && elt.contains(active) && /^(SELECT|INPUT|TEXTAREA)$/.test(active.tagName)) event.preventDefault();
  });

  // An answer is swapped into the element its request named when it was sent. If a poll replaced that
  // element meanwhile (a note posted while the room changed), the answer would land in the detached copy
  // and be lost: it goes to the element now on the page with that id. Events on a detached element no
  // longer reach the document, so the listener sits on each swap target itself.
  function followReplacedTarget(event) {
    var target = event.detail.target;
    if (target && target.id && !document.body.contains(target)) {
      var current = document.getElementById(target.id);
      if (current) event.detail.target = current;
    }
  }
  if (window.htmx) htmx.onLoad(function (root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll('[hx-target^="#"]').forEach(function (elt) {
      var target = document.getElementById(elt.getAttribute("hx-target").slice(1));
      if (target && !target.hasAttribute("data-follows-replaced")) {
        target.setAttribute("data-follows-replaced", "");
        target.addEventListener("htmx:beforeSwap", followReplacedTarget);
      }
    });
  });

  // Drafts: what someone types in a compose box is kept in this tab until the server confirms it, so a
  // change of phase (the box disappears) or a reload never loses it.
  function storage() { try { return window.sessionStorage; } catch (e) { return null; } }
  document.addEventListener("input", function (event) {
    var box = event.target.closest && event.target.closest("[data-draft]");
    var store = storage();
    if (box && store && event.target.tagName === "TEXTAREA") store.setItem("draft:" + box.dataset.draft, event.target.value);
  });
  function restoreDrafts() {
    var store = storage();
    if (!store) return;
    document.querySelectorAll("[data-draft]").forEach(function (box) {
      var key = "draft:" + box.dataset.draft, area = box.querySelector("textarea");
      if (!area) return;
      if (box.hasAttribute("data-sent")) {  // the server stored it: forget the draft, once
        box.removeAttribute("data-sent");
        store.removeItem(key);
        return;
      }
      var draft = store.getItem(key);
      if (draft && !area.value) area.value = draft;
    });
  }

  document.addEventListener("htmx:afterSwap", restoreDrafts);
  document.addEventListener("DOMContentLoaded", restoreDrafts);

  // The page is swapped when the room changes: what the person chose to look at is remembered for this
  // page in this browser tab and chosen again: tabs made of radio buttons (a grid's rows, a gallery's
  // boards) and panels (details with an id and data-remember) they opened or closed.
  function stored(key, value) {
    try {
      if (value === undefined) return sessionStorage.getItem(key);
      sessionStorage.setItem(key, value);
    } catch (e) { /* no storage: the page shows its defaults */ }
    return null;
  }
  function tabKey(radio) { return "tab:" + location.pathname + ":" + radio.name; }
  function panelKey(details) { return "open:" + location.pathname + ":" + details.id; }

  document.addEventListener("change", function (event) {
    var radio = event.target;
    if (radio && radio.classList && radio.classList.contains("tab-radio") && radio.checked) stored(tabKey(radio), radio.id);
  });
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details && details.id && details.hasAttribute && details.hasAttribute("data-remember")) stored(panelKey(details), details.open ? "1" : "0");
  }, true);

  function restoreChoices() {
    document.querySelectorAll(".tab-radio").forEach(function (radio) {
      if (!radio.checked && stored(tabKey(radio)) === radio.id) radio.checked = true;
    });
    document.querySelectorAll("details[data-remember][id]").forEach(function (details) {
      var open = stored(panelKey(details));
      if (open !== null && details.open !== (open === "1")) details.open = open === "1";
    });
  }

  document.addEventListener("htmx:afterSwap", restoreChoices);
  restoreChoices();
  document.addEventListener("htmx:afterSwap", tick);
  setInterval(tick, 250);
  tick();
})();
