/*
 * Instant navigation, in the manner of MkDocs Material's: following a link to another page of the
 * course fetches that page and swaps it into this document instead of loading it, so the visit keeps
 * its one Python (python-client.js's worker, numpy, the simulations, the reader's code) and the next
 * chapter's simulations are ready as soon as they appear.
 *
 * Only a plain click (or Enter) on a link to a page of this site is taken over: links to a section of
 * the same page, to other sites, to files (images, downloads, `download`, `target`) and clicks with a
 * modifier key or another button do what the browser does. The new page's <body> replaces this one's;
 * its scripts never run (the page's policy forbids inline ones, and page.js binds the new body instead),
 * so a page that needs other scripts, styles or another Python (its <head> differs) is loaded normally.
 * So is any page that cannot be fetched or is not HTML: every failure falls back to a full load.
 *
 * Each history entry keeps its scroll position, so Back and Forward return to where the reader was.
 * After a swap the title is announced (the page's live region) and focus moves to the new <h1>, so a
 * screen reader hears the new page. Hovering or focusing a link fetches its page ahead of the click;
 * the last PAGES_KEPT pages fetched are kept, so a long visit holds a few hundred kilobytes, not the site.
 * Elements of the body marked [data-keep-across-pages] (the live preview's error overlay) stay on
 * the new page, as the live region does.
 */

const SITE = new URL("../../", import.meta.url);
const SAME_HEAD = ['meta[http-equiv="Content-Security-Policy"]', 'meta[name="convlab-pyodide"]',
  'meta[name="convlab-bundle"]', 'meta[name="convlab-storage"]', "script[src]", 'link[rel="stylesheet"]',
  'link[rel="icon"]'];
const SAVE_SCROLL_AFTER_MS = 100;
const PAGES_KEPT = 8;

const pages = new Map();

/* Where a link leads, if it is a page of this site that navigation may swap in; otherwise null. */
function pageUrl(link) {
  if (!(link instanceof HTMLAnchorElement) || link.hasAttribute("download")) return null;
  if (link.target && link.target !== "_self") return null;
  const url = new URL(link.href);
  if (url.origin !== SITE.origin || !url.pathname.startsWith(SITE.pathname)) return null;
  if (!/(\/|\.html)$/.test(url.pathname) || url.pathname.startsWith(`${SITE.pathname}assets/`)) return null;
  if (url.hash && samePage(url, new URL(window.location.href))) return null;
  return url;
}

function samePage(a, b) {
  return a.pathname === b.pathname && a.search === b.search;
}

function plainClick(event) {
  return !event.defaultPrevented && event.button === 0 &&
    !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey);
}

/* The text of the page at `url`, fetched once while it is among the last PAGES_KEPT asked for (a hover
   may have asked for it already). */
function fetchPage(url) {
  const key = url.origin + url.pathname + url.search;
  if (pages.has(key)) {
    const text = pages.get(key);
    pages.delete(key);
    pages.set(key, text);  // the most recently asked for is the last to go
  } else {
    while (pages.size >= PAGES_KEPT) pages.delete(pages.keys().next().value);
    const text = fetch(key, { headers: { Accept: "text/html" } }).then((response) => {
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok || !type.startsWith("text/html") || !samePage(new URL(response.url), url)) {
        throw new Error(`${key} is not a page of this site (${response.status} ${type})`);
      }
      return response.text();
    });
    text.catch(() => pages.delete(key));
    pages.set(key, text);
  }
  return pages.get(key);
}

/* What a page needs from its <head>: two pages that agree on it can share one document. */
function headSignature(doc) {
  return JSON.stringify(SAME_HEAD.map((selector) => [...doc.head.querySelectorAll(selector)]
    .map((element) => element.outerHTML)));
}

async function loadPage(url) {
  const next = new DOMParser().parseFromString(await fetchPage(url), "text/html");
  if (!next.querySelector("main h1") || headSignature(next) !== headSignature(document)) {
    throw new Error(`${url.pathname} needs a page of its own`);
  }
  return next;
}

function saveScroll() {
  window.history.replaceState({ ...window.history.state, scroll: window.scrollY }, "");
}

/* Where the reader should be on a page just shown: where they left it, at its fragment, or at its top. */
function position(url, scroll) {
  if (scroll !== null) {
    window.scrollTo(0, scroll);
    return;
  }
  const id = decodeURIComponent(url.hash.slice(1).split("?")[0]);
  const target = id && document.getElementById(id);
  if (target) target.scrollIntoView({ block: "start" });
  else window.scrollTo(0, 0);
}

/* Tell a screen reader which page this is now: its title, and focus on its heading. */
function announce(announcer) {
  const heading = document.querySelector("main h1");
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
  if (!announcer) return;
  announcer.textContent = "";
  requestAnimationFrame(() => { announcer.textContent = document.title; });
}

/*
 * Take over navigation between the course's pages. `unbind()` is called before the body is replaced,
 * `bind(body)` after (page.js); the live region marked [data-announcer] stays the same element.
 */
export function startNavigation({ unbind, bind }) {
  if (!("DOMParser" in window) || !window.history.pushState) return;
  let shown = new URL(window.location.href);
  let latest = 0;
  let timer = null;

  function swap(next) {
    const announcer = document.querySelector("[data-announcer]");
    const kept = [...document.body.querySelectorAll(":scope > [data-keep-across-pages]")];
    unbind();
    document.title = next.title;
    const description = next.querySelector('meta[name="description"]');
    document.querySelector('meta[name="description"]')?.setAttribute("content", description?.content || "");
    next.querySelector("[data-announcer]")?.remove();
    document.body.className = next.body.className;
    next.body.querySelectorAll(":scope > [data-keep-across-pages]").forEach((element) => element.remove());
    document.body.replaceChildren(...next.body.childNodes, ...(announcer ? [announcer] : []), ...kept);
    bind(document.body);
    return announcer;
  }

  async function go(url, { push, scroll = null }) {
    const ticket = ++latest;
    let next;
    try {
      next = await loadPage(url);
    } catch {
      if (ticket === latest) fallBack(url, push);
      return;
    }
    if (ticket !== latest) return;
    if (push) {
      clearTimeout(timer);
      saveScroll();
      window.history.pushState({ scroll: null }, "", url);
    }
    try {
      const announcer = swap(next);
      shown = url;
      position(url, scroll);
      announce(announcer);
    } catch {
      window.location.reload();
    }
  }

  function fallBack(url, push) {
    if (push) window.location.assign(url);
    else window.location.reload();
  }

  window.history.scrollRestoration = "manual";
  const start = window.history.state?.scroll;
  if (typeof start === "number" && !window.location.hash) window.scrollTo(0, start);

  document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a[href]");
    const url = plainClick(event) && pageUrl(link);
    if (!url) return;
    event.preventDefault();
    go(url, { push: true });
  });
  window.addEventListener("popstate", (event) => {
    const url = new URL(window.location.href);
    const scroll = typeof event.state?.scroll === "number" ? event.state.scroll : null;
    if (samePage(url, shown)) {
      if (scroll !== null) window.scrollTo(0, scroll);
      return;
    }
    go(url, { push: false, scroll });
  });
  window.addEventListener("scroll", () => {
    clearTimeout(timer);
    timer = setTimeout(saveScroll, SAVE_SCROLL_AFTER_MS);
  }, { passive: true });
  window.addEventListener("pagehide", saveScroll);
  for (const type of ["pointerover", "focusin"]) {
    document.addEventListener(type, (event) => {
      const url = pageUrl(event.target.closest?.("a[href]"));
      if (url && !samePage(url, shown)) fetchPage(url).catch(() => {});
    }, { passive: true });
  }
}
