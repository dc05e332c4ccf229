// Article page: clicking an event (or its trigger in the text) highlights its sentence and scrolls to it;
// a quote in the list (or #quote-<id> in the address) highlights the quote in the text.
"use strict";

(function () {
  const items = Array.from(document.querySelectorAll(".event-item"));

  function activate(item, scroll) {
    document.querySelectorAll(".active").forEach((el) => el.classList.remove("active"));
    item.classList.add("active");
    const id = item.dataset.event;
    for (const mark of document.querySelectorAll("mark[data-events]")) {
      if (mark.dataset.events.split(" ").includes(id)) mark.classList.add("active");
    }
    const sentence = item.dataset.sent !== "" ? document.getElementById("sent-" + item.dataset.sent) : null;
    if (sentence) {
      sentence.classList.add("active");
      if (scroll) sentence.scrollIntoView({ block: "center", behavior: "smooth" });
    }
    history.replaceState(null, "", "#event-" + id);
  }

  for (const item of items) {
    item.addEventListener("click", (event) => {
      if (event.target.closest("a")) return; // actor links still navigate
      activate(item, true);
    });
    item.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); activate(item, true); }
    });
  }

  // A trigger in the text selects its event in the list.
  document.getElementById("article-text")?.addEventListener("click", (event) => {
    const mark = event.target.closest("mark[data-events]");
    if (!mark) return;
    const item = document.getElementById("event-" + mark.dataset.events.split(" ")[0]);
    if (item) { activate(item, false); item.scrollIntoView({ block: "nearest" }); }
  });

  function activateQuote(item, scroll) {
    document.querySelectorAll(".active").forEach((el) => el.classList.remove("active"));
    item.classList.add("active");
    const id = item.dataset.quote;
    const spans = Array.from(document.querySelectorAll("#article-text .hl-quote[data-quote]"))
      .filter((span) => span.dataset.quote === id);
    spans.forEach((span) => span.classList.add("active"));
    if (scroll && spans.length) spans[0].scrollIntoView({ block: "center", behavior: "smooth" });
    history.replaceState(history.state, "", "#quote-" + id);
  }

  for (const item of document.querySelectorAll(".quote-item[data-quote]")) {
    item.addEventListener("click", (event) => { if (!event.target.closest("a")) activateQuote(item, true); });
    item.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); activateQuote(item, true); }
    });
  }

  if (location.hash.startsWith("#quote-")) {
    const item = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (item) { activateQuote(item, true); item.scrollIntoView({ block: "nearest" }); }
  }

  if (location.hash.startsWith("#event-")) {
    const item = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (item) activate(item, true);
  }
})();
