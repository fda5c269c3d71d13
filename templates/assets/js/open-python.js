/*
 * "Open the Python" under every simulation: the module's source, highlighted, and an editor holding
 * it. Run sends the reader's version to the page's Python, which computes the view with it; the
 * simulation redraws, and keeps using it for every later change of its controls. Errors come back as
 * "line N: Type: message", N counted in the editor. Restore brings back the original module.
 *
 * The reader's version is kept per simulation in localStorage until restored, and used again on their
 * next visit. The source (with its highlighted copy) is fetched only when the panel first opens
 * (assets/source/<name>.json, written by convlab/site/sources.py). The panel hands the embed (embed.js)
 * the code to run with embed.useSource() and hears each result through embed.onReply().
 */

import { storageName } from "./storage.js";

const INDENT = "    ";

function codeKey(name) {
  return storageName(`code:${name}`);
}

function savedCode(name) {
  try {
    return localStorage.getItem(codeKey(name));
  } catch {
    return null;
  }
}

function keepCode(name, source) {
  try {
    if (source === null) localStorage.removeItem(codeKey(name));
    else localStorage.setItem(codeKey(name), source);
  } catch {
    // Without storage the reader's version lasts as long as the page.
  }
}

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function panelMarkup(root, name) {
  const id = `${root.id}-code`;
  const file = `simulations/${name}.py`;
  const toggle = element("button", {
    type: "button", class: "sim-button sim-code-toggle", "aria-expanded": "false", "aria-controls": id,
  }, ["Open the Python"]);
  const listing = element("div", {
    class: "sim-code-listing", tabindex: "0", role: "region", "aria-label": `${file}, highlighted`,
  });
  const original = element("details", { class: "sim-code-original" }, [
    element("summary", {}, [`${file} as the course ships it`]), listing]);
  const editor = element("textarea", {
    id: `${id}-editor`, class: "sim-code-editor", spellcheck: "false", autocomplete: "off", autocapitalize: "off",
    wrap: "off", rows: "18", "aria-describedby": `${id}-keys`,
  });
  const panel = element("div", { class: "sim-code-panel", id, hidden: "" }, [
    original,
    element("label", { class: "sim-code-label", for: `${id}-editor` }, [`Your version of ${file}`]),
    element("p", { class: "sim-code-keys", id: `${id}-keys` },
      ["Change view() or anything it calls, then Run. Ctrl+Enter runs; Tab indents; Esc, then Tab, leaves the editor."]),
    editor,
    element("div", { class: "sim-code-actions" }, [
      element("button", { type: "button", class: "sim-button sim-code-run" }, ["Run"]),
      element("button", { type: "button", class: "sim-button sim-code-restore" }, ["Restore"]),
    ]),
    element("p", { class: "sim-code-message", role: "status" }),
  ]);
  return { box: element("div", { class: "sim-code" }, [toggle, panel]), toggle, panel, original, listing, editor };
}

/* Select line `number` (from 1) of the editor and scroll it into view, so an error's line is found. */
function selectLine(editor, number) {
  const lines = editor.value.split("\n");
  const start = lines.slice(0, number - 1).reduce((total, line) => total + line.length + 1, 0);
  editor.focus();
  editor.setSelectionRange(start, start + (lines[number - 1] || "").length);
  const lineHeight = parseFloat(getComputedStyle(editor).lineHeight);
  editor.scrollTop = Math.max(0, (number - 3) * lineHeight);
}

class CodePanel {
  constructor(embed) {
    const root = embed.root;
    this.embed = embed;
    this.root = root;
    this.name = root.dataset.simulation;
    this.parts = panelMarkup(root, this.name);
    this.original = null;
    this.escaped = false;
    this.ranByHand = false;
    root.querySelector(".sim-payload").before(this.parts.box);
    this.parts.toggle.addEventListener("click", () => this.toggle());
    this.parts.panel.querySelector(".sim-code-run").addEventListener("click", () => this.run());
    this.parts.panel.querySelector(".sim-code-restore").addEventListener("click", () => this.restore());
    this.parts.editor.addEventListener("keydown", (event) => this.key(event));
    embed.onReply((reply, source) => this.replied({ reply, source }));
    const saved = savedCode(this.name);
    if (saved !== null) this.send(saved, false);
  }

  get message() {
    return this.parts.panel.querySelector(".sim-code-message");
  }

  say(text, problem = false) {
    this.message.textContent = text;
    this.message.classList.toggle("is-problem", problem);
  }

  async toggle() {
    const open = this.parts.panel.hidden;
    this.parts.panel.hidden = !open;
    this.parts.toggle.setAttribute("aria-expanded", String(open));
    this.parts.toggle.textContent = open ? "Close the Python" : "Open the Python";
    if (open && this.original === null) await this.fetchSource();
  }

  async fetchSource() {
    const { editor, listing, original } = this.parts;
    editor.disabled = true;
    this.say("Loading the source…");
    try {
      const response = await fetch(new URL(`../source/${this.name}.json`, import.meta.url));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.json();
      this.original = data.source;
      listing.innerHTML = data.html;
    } catch (error) {
      this.say(`The source could not be loaded (${error.message}); reload the page to try again.`, true);
      return;
    }
    const saved = savedCode(this.name);
    editor.value = saved ?? this.original;
    editor.disabled = false;
    original.open = saved === null;
    this.say(saved === null ? "" : "The simulation runs your version. Restore brings back the original.");
  }

  key(event) {
    const editor = this.parts.editor;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.run();
    } else if (event.key === "Tab" && !this.escaped && !event.shiftKey && !event.ctrlKey && !event.altKey) {
      event.preventDefault();
      editor.setRangeText(INDENT, editor.selectionStart, editor.selectionEnd, "end");
    }
    this.escaped = event.key === "Escape";
  }

  run() {
    if (this.original === null) return;
    const source = this.parts.editor.value;
    keepCode(this.name, source === this.original ? null : source);
    this.say("Running your code…");
    this.ranByHand = true;
    this.send(source, true);
  }

  restore() {
    keepCode(this.name, null);
    if (this.original !== null) this.parts.editor.value = this.original;
    this.say("Restored: the simulation runs the course's own module again.");
    this.send(null, true);
  }

  send(source, run) {
    this.embed.useSource(source, run);
  }

  /* What the embed's last computation with the reader's code gave. */
  replied({ reply, source }) {
    const byHand = this.ranByHand;
    this.ranByHand = false;
    if (source === null) return;
    if (reply.ok && this.root.dataset.status === "error") {
      this.say("Your code ran, but the page cannot draw what view() returned; the message above says why.", true);
    } else if (reply.ok) {
      this.say("Your code ran: the simulation shows what it computed. Restore brings back the original.");
    } else if ("invalid" in reply) {
      this.say(`Your code refused these settings: ${reply.invalid}`, true);
    } else {
      this.say(reply.error, true);
      const line = /^line (\d+):/.exec(reply.error);
      if (line && byHand && !this.parts.panel.hidden) selectLine(this.parts.editor, Number(line[1]));
    }
  }
}

/* An "Open the Python" panel under each of a page's embeds (simulations.js's Embed objects). */
export function bind(embeds) {
  for (const embed of embeds) new CodePanel(embed);
}
