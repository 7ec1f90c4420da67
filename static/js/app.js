// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("htmx:afterSwap", (event) => {
  // After a boosted navigation, move focus to the new content so keyboard and screen-reader users follow.
  const target = event.detail.target;
  if (target && target.id === "main") {
    const page = target.querySelector("[data-title]");
    if (page) document.title = page.dataset.title;
    target.focus({ preventScroll: true });
  }
});
document.addEventListener("htmx:responseError", (event) => {
  // Error pages come back as fragments too: show them instead of silently doing nothing.
  const xhr = event.detail.xhr;
  if (xhr && xhr.responseText && event.detail.target) {
    event.detail.target.innerHTML = xhr.responseText;
  }
});
document.addEventListener("submit", (event) => {
  // Logging out: forget htmx's copies of the pages just seen, so the back button cannot show them on a shared computer.
  if (event.target.matches && event.target.matches("form[data-logout]")) {
    try {
      localStorage.removeItem("htmx-history-cache");
    } catch (_) {
      /* storage disabled: nothing was kept */
    }
  }
});
