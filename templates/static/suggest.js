// Instant suggestions under the search boxes, as the reader types (/api/v1/suggest). Progressive
// enhancement: without this script the forms still submit to /search. The box follows the ARIA
// combobox pattern: up/down move through the list, Enter opens the chosen article, Escape closes it.
"use strict";

(() => {
  const kDelayMs = 150;
  const kMinLength = 2;
  let listCount = 0;

  function enhance(input) {
    const form = input.form;
    const list = document.createElement("ul");
    list.id = `suggestions-${++listCount}`;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggested articles");
    list.hidden = true;
    input.after(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    let timer = 0;
    let pending = null;
    let active = -1;

    const options = () => Array.from(list.children);

    function close() {
      list.hidden = true;
      list.replaceChildren();
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      const all = options();
      active = index;
      all.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(suggestions) {
      close();
      suggestions.forEach((suggestion, i) => {
        const option = document.createElement("li");
        option.id = `${list.id}-${i}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.lang = suggestion.language;
        option.textContent = suggestion.title;
        // A path of our own, not the absolute URL: it may name the public host, not this one.
        option.dataset.href = `/${suggestion.language}/articles/${suggestion.slug}`;
        // mousedown, not click: it comes before the input loses focus and closes the list.
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          window.location.assign(option.dataset.href);
        });
        list.append(option);
      });
      if (!suggestions.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    async function fetchSuggestions() {
      const query = input.value.trim();
      if (pending) pending.abort();
      if (query.length < kMinLength) return close();
      pending = new AbortController();
      const params = new URLSearchParams({ q: query, limit: "6" });
      const language = form && form.elements.lang ? form.elements.lang.value : "";
      if (language) params.set("lang", language);
      try {
        const response = await fetch(`/api/v1/suggest?${params}`, { signal: pending.signal });
        if (!response.ok) return close();
        const body = await response.json();
        if (input.value.trim() === query) show(body.suggestions || []);
      } catch (error) {
        if (error.name !== "AbortError") close();
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, kDelayMs);
    });
    input.addEventListener("keydown", (event) => {
      const count = options().length;
      if (event.key === "ArrowDown" && count) {
        event.preventDefault();
        highlight((active + 1) % count);
      } else if (event.key === "ArrowUp" && count) {
        event.preventDefault();
        highlight(active <= 0 ? count - 1 : active - 1);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.assign(options()[active].dataset.href);
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll('form[role="search"] input[type="search"]').forEach(enhance);
})();
