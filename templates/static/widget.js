// kb's help widget: <script src="https://kb.example/widget.js" data-product="SKU" defer> (also data-lang,
// data-limit). Shadow DOM styled by /static/widget.css, nothing inline; needs kb-serve --cors-origins.
(() => {
  "use strict";
  const script = document.currentScript;  // set only while this file first runs
  if (!script || !script.src) return;
  const sku = script.dataset.product;
  if (!sku) return console.warn('kb help widget: add data-product="SKU" to its script tag');
  const origin = new URL(script.src).origin;
  // The page's language as a plain code ("te" of "te-IN"); none for "x-klingon" or "i-default".
  const primary = (script.dataset.lang || document.documentElement.lang || navigator.language || "")
    .split("-")[0].toLowerCase();
  const lang = /^[a-z]{2,3}$/.test(primary) ? primary : "";
  const limit = Math.min(Math.max(parseInt(script.dataset.limit, 10) || 5, 1), 20);

  // Button, heading (% = SKU), search label, search, close, no articles, n found, could not load, more help.
  const kText = {
    en: ["Help", "Help with %", "Search help articles", "Search", "Close", "No articles for this product yet.",
         (n) => `${n} article${n === 1 ? "" : "s"} found`, "Could not load help. Please try again later.",
         "More help"],
    te: ["సహాయం", "% కోసం సహాయం", "సహాయ కథనాలను వెతకండి", "వెతకండి", "మూసివేయండి", "ఈ ఉత్పత్తికి ఇంకా కథనాలు లేవు.",
         (n) => `దొరికిన కథనాలు: ${n}`, "సహాయం లోడ్ కాలేదు. తర్వాత మళ్లీ ప్రయత్నించండి.", "మరింత సహాయం"],
    pa: ["ਮਦਦ", "% ਲਈ ਮਦਦ", "ਮਦਦ ਲੇਖ ਖੋਜੋ", "ਖੋਜੋ", "ਬੰਦ ਕਰੋ", "ਇਸ ਉਤਪਾਦ ਲਈ ਅਜੇ ਕੋਈ ਲੇਖ ਨਹੀਂ ਹਨ।",
         (n) => `ਮਿਲੇ ਲੇਖ: ${n}`, "ਮਦਦ ਲੋਡ ਨਹੀਂ ਹੋ ਸਕੀ। ਬਾਅਦ ਵਿੱਚ ਫਿਰ ਕੋਸ਼ਿਸ਼ ਕਰੋ।", "ਹੋਰ ਮਦਦ"],
    hi: ["सहायता", "% के लिए सहायता", "सहायता लेख खोजें", "खोजें", "बंद करें", "इस उत्पाद के लिए अभी कोई लेख नहीं है।",
         (n) => `मिले लेख: ${n}`, "सहायता लोड नहीं हो सकी। बाद में फिर कोशिश करें।", "और सहायता"],
    lv: ["Palīdzība", "%: palīdzība", "Meklēt palīdzības rakstus", "Meklēt", "Aizvērt", "Šim produktam vēl nav rakstu.",
         (n) => `Atrasti raksti: ${n}`, "Neizdevās ielādēt palīdzību. Mēģiniet vēlāk.", "Vairāk palīdzības"],
  };
  const uiLang = kText[lang] ? lang : "en";
  const [tHelp, tHeading, tLabel, tSearch, tClose, tNone, tFound, tError, tMore] = kText[uiLang];

  const el = (tag, attributes, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  };
  const link = (url, query) => {
    const target = new URL(url, origin);
    for (const [key, value] of Object.entries(query)) if (value !== "") target.searchParams.set(key, value);
    return target.href;
  };

  function start() {
    const host = el("div", { class: "kb-help-widget", hidden: "" });  // shown once styled
    const root = host.attachShadow({ mode: "open" });
    const sheet = el("link", { rel: "stylesheet", href: `${origin}/static/widget.css` });
    sheet.onload = () => { host.hidden = false; };
    // Blocked by the page's CSP or unreachable: stay hidden rather than show an unstyled widget.
    sheet.onerror = () => console.warn(`kb help widget: ${sheet.href} did not load; allow it in style-src`);

    const button = el("button", { type: "button", class: "open", lang: uiLang, "aria-expanded": "false",
                                  "aria-controls": "kb-panel" },
                      el("span", { class: "icon", "aria-hidden": "true", text: "?" }), tHelp);
    const close = el("button", { type: "button", class: "close", "aria-label": tClose, text: "×" });
    const input = el("input", { type: "search", id: "kb-q", name: "q", autocomplete: "off" });
    const form = el("form", { role: "search" }, el("label", { for: "kb-q", text: tLabel }),
                    el("div", { class: "row" }, input, el("button", { type: "submit", text: tSearch })));
    const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
    const articles = el("ul", { class: "list" });
    const results = el("ul", { class: "list", hidden: "" });
    const more = el("a", { class: "more", href: link("/", { lang }), text: tMore });
    const panel = el("section", { id: "kb-panel", class: "panel", role: "dialog", "aria-modal": "false",
                                  "aria-labelledby": "kb-title", lang: uiLang, hidden: "" },
                     el("div", { class: "head" }, el("h2", { id: "kb-title", text: tHeading.replace("%", sku) }), close),
                     form, status, articles, results, el("p", { class: "foot" }, more));
    root.append(sheet, button, panel);
    document.body.append(host);

    // JSON, or null with the reason on the status line.
    async function get(path, query, notFound) {
      try {
        const response = await fetch(link(path, query));
        if (response.ok) return await response.json();
        status.textContent = response.status === 404 && notFound ? notFound : tError;
      } catch (error) {
        status.textContent = tError;
      }
      return null;
    }

    const fill = (list, items) => list.replaceChildren(...items.map((item) => el("li", {},
      el("a", { href: link(item.url, { src: "widget" }), lang: item.language, text: item.title }),
      el("p", { lang: item.language, text: item.summary || "" }))));

    let loaded = false;
    let loading = false;
    async function loadArticles() {
      if (loaded || loading) return;
      loading = true;
      const data = await get(`/api/v1/products/${encodeURIComponent(sku)}/articles`,
                             { lang, limit, src: "widget" }, tNone);
      loading = false;
      if (!data) return;
      loaded = true;
      fill(articles, data.articles || []);
      if (results.hidden) status.textContent = articles.children.length ? tFound(articles.children.length) : tNone;
    }

    let searches = 0;  // only the latest search shows
    function showArticles() {
      searches++;
      results.hidden = true;
      articles.hidden = false;
      status.textContent = "";
      more.href = link("/", { lang });
      loadArticles();
    }
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const q = input.value.trim();
      if (!q) return showArticles();
      const mine = ++searches;
      const data = await get("/api/v1/search", { q, lang, product: sku, per_page: limit });
      if (mine !== searches || !data) return;
      const found = data.results || [];
      fill(results, found);
      results.hidden = false;
      articles.hidden = true;
      status.textContent = tFound(data.total || found.length);
      more.href = link("/search", { q, lang });
    });
    input.addEventListener("input", () => { if (!input.value && articles.hidden) showArticles(); });

    function toggle(open) {
      panel.hidden = !open;
      button.setAttribute("aria-expanded", open);
      if (open) {
        input.focus();
        loadArticles();
      } else {
        button.focus();
      }
    }
    button.addEventListener("click", () => toggle(panel.hidden));
    close.addEventListener("click", () => toggle(false));
    root.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !panel.hidden) {
        event.stopPropagation();
        toggle(false);
      }
    });
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
