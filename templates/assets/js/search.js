// Full-text search over the course, offline: the build writes search-index.json (one entry per
// section); this module fetches it on first use and ranks sections in the browser.
// Keyboard: "/" focuses the search box from anywhere, ArrowDown/ArrowUp move through the results,
// Escape closes them.

const MAX_RESULTS = 8;
const SNIPPET = 160;

function words(text) {
  return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function prepare(entries) {
  return entries.map((entry) => ({
    ...entry,
    headingWords: words(entry.heading),
    textWords: words(entry.text),
    lowerText: entry.text.toLowerCase(),
  }));
}

// Every query word must appear (as a word or the start of one); headings weigh more than body text.
function score(entry, terms) {
  let total = 0;
  for (const term of terms) {
    const inHeading = entry.headingWords.filter((word) => word.startsWith(term)).length;
    const inText = entry.textWords.filter((word) => word.startsWith(term)).length;
    if (!inHeading && !inText) return 0;
    total += 5 * Math.min(inHeading, 2) + Math.min(inText, 5);
  }
  return total;
}

export function rank(entries, query) {
  const terms = words(query);
  if (!terms.length) return [];
  return entries
    .map((entry) => ({ entry, score: score(entry, terms) }))
    .filter((result) => result.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_RESULTS)
    .map((result) => result.entry);
}

function snippetNodes(entry, query) {
  const first = words(query)
    .map((term) => entry.lowerText.indexOf(term))
    .filter((position) => position >= 0)
    .sort((a, b) => a - b)[0] ?? 0;
  const start = Math.max(0, first - SNIPPET / 3);
  const text = (start > 0 ? "…" : "") + entry.text.slice(start, start + SNIPPET) +
    (start + SNIPPET < entry.text.length ? "…" : "");
  const pattern = new RegExp(`(${words(query).map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "gi");
  return text.split(pattern).map((part, index) => {
    if (index % 2 === 0) return document.createTextNode(part);
    const mark = document.createElement("mark");
    mark.textContent = part;
    return mark;
  });
}

function resultItem(entry, query) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = entry.url;
  const heading = document.createElement("span");
  heading.className = "search-heading";
  heading.textContent = entry.heading === entry.chapter ? entry.chapter : `${entry.chapter} › ${entry.heading}`;
  const snippet = document.createElement("span");
  snippet.className = "search-snippet";
  snippet.append(...snippetNodes(entry, query));
  link.append(heading, snippet);
  item.append(link);
  return item;
}

function setUp(container, signal) {
  const input = container.querySelector("input[type=search]");
  const results = container.querySelector(".search-results");
  const status = container.querySelector(".search-status");
  let entries = null;

  async function load() {
    if (!entries) {
      entries = fetch(container.dataset.index)
        .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.status))))
        .then(prepare);
    }
    return entries;
  }

  function close() {
    results.hidden = true;
  }

  async function search() {
    const query = input.value.trim();
    if (!query) {
      close();
      status.textContent = "";
      return;
    }
    let found;
    try {
      found = rank(await load(), query);
    } catch {
      entries = null;
      status.textContent = "Search is unavailable: the search index could not be loaded.";
      return;
    }
    if (query !== input.value.trim()) return;
    results.replaceChildren(...found.map((entry) => resultItem(entry, query)));
    results.hidden = found.length === 0;
    status.textContent = found.length
      ? `${found.length} ${found.length === 1 ? "section matches" : "sections match"}.`
      : `No section matches “${query}”.`;
  }

  function move(step) {
    const links = [...results.querySelectorAll("a")];
    if (!links.length) return;
    const index = links.indexOf(document.activeElement);
    const next = index === -1 ? (step > 0 ? 0 : links.length - 1) : index + step;
    if (next < 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  }

  input.addEventListener("input", search);
  input.addEventListener("focus", load, { once: true });
  container.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Escape") {
      close();
      input.focus();
    }
  });
  container.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    results.querySelector("a")?.click();
  });
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    }
  }, { signal });
  document.addEventListener("click", (event) => {
    if (!container.contains(event.target)) close();
  }, { signal });
  container.hidden = false;
}

/* Wire the search box under `root` until `signal` aborts (the page is swapped for another). */
export function bind(root, signal) {
  root.querySelectorAll("[data-search]").forEach((container) => setUp(container, signal));
}
