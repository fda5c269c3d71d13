// Full-text search over the course, offline: the build writes search-index.json (one entry per
// section); this module fetches it on first use and ranks sections in the browser.
// Keyboard: "/" focuses the search box from anywhere, ArrowDown/ArrowUp move through the results,
// Escape closes them.

const MAX_RESULTS = 8;
const SNIPPET = 160;
// How much a query word counts where it is found: a heading names the section's subject, a bold term
// is the word a sentence defines, the first paragraph usually defines the subject, code only uses it.
const WEIGHT = { heading: 8, terms: 5, lead: 4, text: 1, code: 0.25 };
// How well a word matches: whole, as its start, inside it, or with one typo.
const FIT = { whole: 1, start: 0.8, inside: 0.4, typo: 0.5 };
const MIN_INSIDE = 3;
const MIN_TYPO = 4;
// A word, or a size such as 3×3, 3 x 3 or 3x3.
const TOKEN = /\d+(?:\s*[×xX]\s*\d+)+|[\p{L}\p{N}]+/gu;

// Lower case, no accents, and a size "3×3", "3 x 3" or "3X3" written "3x3", so the sizes the course
// writes with a multiplication sign are found by a reader typing an x.
function normal(token) {
  return token.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/\s*×\s*|\s+x\s+/gu, "x");
}

function words(text) {
  return [...text.matchAll(TOKEN)].map((token) => normal(token[0]));
}

function prepare(entries) {
  return entries.map((entry) => ({
    ...entry,
    fields: {
      heading: words(entry.heading),
      lead: words(entry.text.slice(0, entry.lead ?? 0)),
      text: words(entry.text.slice(entry.lead ?? 0)),
      terms: words(entry.terms ?? ""),
      code: words(entry.code ?? ""),
    },
  }));
}

// One insertion, deletion, substitution or swap of neighbours turns a into b.
function oneEditApart(a, b) {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let start = 0;
  while (start < a.length && a[start] === b[start]) start += 1;
  const restA = a.slice(start + 1);
  const restB = b.slice(start + 1);
  if (a.length === b.length) {
    return restA === restB || (a[start] === b[start + 1] && a[start + 1] === b[start] && a.slice(start + 2) === b.slice(start + 2));
  }
  return a.length > b.length ? restA === b.slice(start) : a.slice(start) === restB;
}

// `typos` is false for a word the course contains as written: "blur" then never finds "blue".
function fit(word, term, typos = true) {
  if (word === term) return FIT.whole;
  if (word.startsWith(term)) return FIT.start;
  if (term.length >= MIN_INSIDE && word.includes(term)) return FIT.inside;
  if (typos && term.length >= MIN_TYPO && oneEditApart(word, term)) return FIT.typo;
  return 0;
}

function foundAsWritten(entries, term) {
  return entries.some((entry) => Object.values(entry.fields).some((list) => list.some((word) => fit(word, term, false))));
}

// A word found in a field counts its best fit, a little more for repeats (up to three).
function fieldScore(fieldWords, term, typos) {
  const fits = fieldWords.map((word) => fit(word, term, typos)).filter(Boolean).sort((a, b) => b - a);
  return fits.length ? fits[0] * (1 + 0.25 * Math.min(fits.length - 1, 2)) : 0;
}

// Every query word must be found somewhere; the section's score adds up where and how well.
function score(entry, terms, typos) {
  let total = 0;
  for (const term of terms) {
    let best = 0;
    for (const [name, weight] of Object.entries(WEIGHT)) {
      best += weight * fieldScore(entry.fields[name], term, typos.has(term));
    }
    if (!best) return 0;
    total += best;
  }
  return total;
}

// The query words that need a typo to be found at all.
function typosNeeded(entries, terms) {
  return new Set(terms.filter((term) => !foundAsWritten(entries, term)));
}

export function rank(entries, query) {
  const terms = words(query);
  if (!terms.length) return [];
  const typos = typosNeeded(entries, terms);
  return entries
    .map((entry) => ({ entry, score: score(entry, terms, typos) }))
    .filter((result) => result.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_RESULTS)
    .map((result) => result.entry);
}

// The words of `text` a query word fits, with where they are, so the snippet can mark them.
function matches(text, terms, typos) {
  return [...text.matchAll(TOKEN)]
    .filter((token) => terms.some((term) => fit(normal(token[0]), term, typos.has(term))))
    .map((token) => ({ start: token.index, end: token.index + token[0].length }));
}

function snippetNodes(entry, terms, typos) {
  let source = entry.text;
  let found = matches(source, terms, typos);
  if (!found.length && entry.code) {
    source = entry.code;
    found = matches(source, terms, typos);
  }
  const start = Math.max(0, (found[0]?.start ?? 0) - SNIPPET / 3);
  const end = Math.min(source.length, start + SNIPPET);
  const nodes = [document.createTextNode(start > 0 ? "…" : "")];
  let at = start;
  for (const match of found.filter((item) => item.start >= start && item.end <= end)) {
    const mark = document.createElement("mark");
    mark.textContent = source.slice(match.start, match.end);
    nodes.push(document.createTextNode(source.slice(at, match.start)), mark);
    at = match.end;
  }
  nodes.push(document.createTextNode(source.slice(at, end) + (end < source.length ? "…" : "")));
  return nodes;
}

function resultItem(entry, terms, typos) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = entry.url;
  const heading = document.createElement("span");
  heading.className = "search-heading";
  heading.textContent = entry.heading === entry.chapter ? entry.chapter : `${entry.chapter} › ${entry.heading}`;
  const snippet = document.createElement("span");
  snippet.className = "search-snippet";
  snippet.append(...snippetNodes(entry, terms, typos));
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
    let all;
    try {
      all = await load();
      found = rank(all, query);
    } catch {
      entries = null;
      status.textContent = "Search is unavailable: the search index could not be loaded.";
      return;
    }
    if (query !== input.value.trim()) return;
    const terms = words(query);
    const typos = typosNeeded(all, terms);
    results.replaceChildren(...found.map((entry) => resultItem(entry, terms, typos)));
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
