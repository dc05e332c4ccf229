// Shared by every page: keep the address bar in step with HTMX updates, and
// small helpers for the chart pages (filters as query strings, JSON fetches).
"use strict";

window.wirecoder = {
  // The filled-in fields of a form as URLSearchParams (empty fields mean "any" and are left out).
  params(form, extra) {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (String(value).trim() !== "") params.append(key, String(value).trim());
    }
    for (const [key, value] of Object.entries(extra || {})) {
      if (value !== null && value !== undefined && value !== "") params.set(key, value);
    }
    return params;
  },

  // Show the URL of what is on screen without adding a history entry.
  syncUrl(url) {
    if (url && url !== location.pathname + location.search) history.replaceState(null, "", url);
  },

  // GET a JSON API path; resolves to the parsed body, or throws an Error with the API's message.
  async getJSON(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
    return body;
  },

  // Run fn now and again (debounced) whenever the form changes.
  onFormChange(form, fn, delay = 350) {
    let timer = null;
    const later = () => { clearTimeout(timer); timer = setTimeout(fn, delay); };
    form.addEventListener("input", later);
    form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); fn(); });
    fn();
  },

  // Report a failure in the page's status line instead of failing silently.
  showError(status, error) {
    status.textContent = `Could not load: ${error.message}`;
    status.classList.add("error");
  },

  // Say "Loading…" in the status line while load() runs; resolves to what it returns, or to null
  // once its failure is shown there.
  async loading(status, load) {
    status.classList.remove("error");
    status.textContent = "Loading…";
    try {
      return await load();
    } catch (error) {
      window.wirecoder.showError(status, error);
      return null;
    }
  },
};

// After an HTMX swap, the server's data-page-url inside a [data-sync-url] box names the page's URL.
document.addEventListener("htmx:after:swap", () => {
  for (const box of document.querySelectorAll("[data-sync-url]")) {
    const marker = box.querySelector("[data-page-url]");
    if (marker) window.wirecoder.syncUrl(marker.getAttribute("data-page-url"));
  }
});
