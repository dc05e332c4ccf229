// Shared by every page: keep the address bar (and Back) in step with what is shown, and
// small helpers for the chart pages (filters as query strings, JSON fetches).
"use strict";

window.wirecoder = {
  // What the address bar shows; Back to a different one re-renders the page from its URL.
  shown: location.pathname + location.search,

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

  // Show the URL of what is on screen; push=true adds a history entry, so Back undoes the change.
  syncUrl(url, push) {
    if (!url || url === location.pathname + location.search) return;
    if (push) history.pushState({ wirecoder: true }, "", url);
    else history.replaceState(history.state, "", url);
    window.wirecoder.shown = url;
  },

  // Make a filter form say what a URL says: its fields take the URL's values, and parameters the form
  // has no field for (a facet, a sort, a selection) ride along as hidden fields.
  syncForm(form, url) {
    if (!form) return;
    const params = new URL(url, location.origin).searchParams;
    for (const hidden of form.querySelectorAll("input[type=hidden][data-from-url]")) hidden.remove();
    for (const field of form.elements) {
      if (!field.name || field === document.activeElement || field.type === "hidden") continue;
      const value = params.get(field.name) || "";
      if (field.tagName === "SELECT" && ![...field.options].some((o) => o.value === value)) continue;
      if (field.type === "checkbox") field.checked = params.has(field.name);
      else field.value = value;
    }
    for (const [key, value] of params) {
      if (key === "offset" || form.elements[key]) continue;
      const hidden = document.createElement("input");
      Object.assign(hidden, { type: "hidden", name: key, value });
      hidden.dataset.fromUrl = "";
      form.append(hidden);
    }
  },

  // GET a JSON API path; resolves to the parsed body, or throws an Error with the API's message.
  async getJSON(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
    return body;
  },

  // Run fn(false) now and fn(true) (debounced) whenever the form changes: true means "the user did it".
  onFormChange(form, fn, delay = 350) {
    let timer = null;
    const later = () => { clearTimeout(timer); timer = setTimeout(() => fn(true), delay); };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); fn(true); });
    fn(false);
  },

  // Report a failure in the page's status line instead of failing silently.
  showError(status, error) {
    status.textContent = `Could not load: ${error.message}`;
    status.classList.add("error");
  },

  // Say "Loading…" in the status line (and mark the chart busy) while load() runs; resolves to what it
  // returns, or to null once its failure is shown there.
  async loading(status, load, busy) {
    status.classList.remove("error");
    status.textContent = "Loading…";
    busy?.classList.add("htmx-request");
    busy?.setAttribute("aria-busy", "true");
    try {
      return await load();
    } catch (error) {
      window.wirecoder.showError(status, error);
      return null;
    } finally {
      busy?.classList.remove("htmx-request");
      busy?.removeAttribute("aria-busy");
    }
  },
};

// After an HTMX swap, the server's data-page-url inside a [data-sync-url] box names the page's URL:
// the address bar gets a history entry for it and the filter form takes its values.
document.addEventListener("htmx:after:swap", () => {
  for (const box of document.querySelectorAll("[data-sync-url]")) {
    const marker = box.querySelector("[data-page-url]");
    if (!marker) continue;
    const url = marker.getAttribute("data-page-url");
    window.wirecoder.syncUrl(url, true);
    window.wirecoder.syncForm(document.querySelector("form.filters[hx-get], form.big-search"), url);
  }
});

// The results box is busy while its request runs (htmx marks the element that sent it).
for (const [name, busy] of [["htmx:before:request", true], ["htmx:finally:request", false]]) {
  document.addEventListener(name, () => {
    for (const box of document.querySelectorAll("[data-sync-url]")) {
      box.classList.toggle("htmx-request", busy);
      if (busy) box.setAttribute("aria-busy", "true"); else box.removeAttribute("aria-busy");
    }
  });
}

// Back and Forward to another filter state render that state from its URL.
window.addEventListener("popstate", () => {
  if (location.pathname + location.search !== window.wirecoder.shown) location.reload();
});

// On a small screen the filters start folded, so the table is what one sees first.
if (window.matchMedia("(max-width: 700px)").matches) {
  for (const fold of document.querySelectorAll("details.fold[open]")) fold.open = false;
}
