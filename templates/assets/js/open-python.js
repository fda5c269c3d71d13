/*
 * "Open the Python" under every simulation: the module's source, highlighted, and an editor holding
 * it. Run sends the reader's version to the page's Python, which computes the view with it; the
 * simulation redraws, and keeps using it for every later change of its controls. Errors come back as
 * "line N: Type: message", N counted in the editor. Restore brings back the original module.
 *
 * The reader's version is kept per simulation in localStorage until restored, and used again on their
 * next visit; while it is in use, a notice next to the controls says so, with Restore at hand. Run
 * stops the reader's code after LIMIT_SECONDS (python-client.js ends the worker and starts a fresh
 * one): the notice then says what happened and the stopped text is kept as a draft in the editor, not
 * used again. A saved version that no longer runs is not used silently either. The source (with its
 * highlighted copy) is fetched only when the panel first opens (assets/source/<name>.json, written by convlab/site/sources.py). The panel hands the embed (embed.js)
 * the code to run with embed.useSource() and hears each result through embed.onReply().
 */

import { storageName } from "./storage.js";
import { LIMIT_SECONDS } from "./python-client.js";

const INDENT = "    ";

function codeKey(name) {
  return storageName(`code:${name}`);
}

function draftKey(name) {
  return storageName(`code-draft:${name}`);
}

function savedCode(name, key = codeKey) {
  try {
    return localStorage.getItem(key(name));
  } catch {
    return null;
  }
}

function keepCode(name, source, key = codeKey) {
  try {
    if (source === null) localStorage.removeItem(key(name));
    else localStorage.setItem(key(name), source);
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
      [`Change view() or anything it calls, then Run. Code still running after ${LIMIT_SECONDS} s is stopped. `,
        "Ctrl+Enter runs; Tab indents; Esc, then Tab, leaves the editor."]),
    editor,
    element("div", { class: "sim-code-actions" }, [
      element("button", { type: "button", class: "sim-button sim-code-run" }, ["Run"]),
      element("button", { type: "button", class: "sim-button sim-code-restore" }, ["Restore"]),
    ]),
    element("p", { class: "sim-code-message", role: "status" }),
  ]);
  const notice = element("p", { class: "sim-edited", role: "status", hidden: "" }, [
    element("span", { class: "sim-edited-text" }),
    " ",
    element("button", { type: "button", class: "sim-button sim-edited-restore" }, ["Restore"]),
  ]);
  return {
    box: element("div", { class: "sim-code" }, [toggle, panel]), toggle, panel, original, listing, editor, notice,
  };
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
    // Next to the controls, or under the caption of a simulation that has none (the digits trainer).
    (root.querySelector(".sim-controls") || root.querySelector(".sim-caption")).after(this.parts.notice);
    this.parts.notice.querySelector(".sim-edited-restore").addEventListener("click", () => this.restore());
    this.parts.toggle.addEventListener("click", () => this.toggle());
    this.parts.panel.querySelector(".sim-code-run").addEventListener("click", () => this.run());
    this.parts.panel.querySelector(".sim-code-restore").addEventListener("click", () => this.restore());
    this.parts.editor.addEventListener("keydown", (event) => this.key(event));
    embed.onReply((reply, source, lost) => this.replied({ reply, source, lost }));
    this.restoring = false;
    const saved = savedCode(this.name);
    if (saved !== null) {
      this.notify("This simulation runs your edited version of its Python.", true);
      this.send(saved, false);
    }
  }

  /* The notice next to the controls: what code the simulation runs, when it is not the course's. */
  notify(text, restorable = false) {
    const { notice } = this.parts;
    notice.hidden = !text;
    notice.querySelector(".sim-edited-text").textContent = text;
    notice.querySelector(".sim-edited-restore").hidden = !restorable;
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
    const draft = savedCode(this.name, draftKey);
    editor.value = saved ?? draft ?? this.original;
    editor.disabled = false;
    original.open = saved === null && draft === null;
    if (saved !== null) this.say("The simulation runs your version. Restore brings back the original.");
    else if (draft !== null) this.say("Your last version was stopped and is not in use; it is in the editor.", true);
    else this.say("");
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
    keepCode(this.name, null, draftKey);
    this.say("Running your code…");
    this.ranByHand = true;
    this.send(source, true);
  }

  /* Back to the course's module; it says so only once the simulation has been recomputed with it. */
  restore() {
    keepCode(this.name, null);
    keepCode(this.name, null, draftKey);
    if (this.original !== null) this.parts.editor.value = this.original;
    this.restoring = true;
    this.say("Restoring the course's own module…");
    this.send(null, true);
  }

  send(source, run) {
    this.embed.useSource(source, run);
  }

  /* What the embed's last computation with the reader's code gave; `lost`: that code is no longer used. */
  replied({ reply, source, lost }) {
    const byHand = this.ranByHand;
    this.ranByHand = false;
    if (source === null) {
      if (this.restoring && reply.ok) this.say("Restored: the simulation runs the course's own module again.");
      this.restoring = this.restoring && !reply.ok;
      if (!this.restoring) this.notify("");
      return;
    }
    if (lost) {
      this.stopped(reply, byHand);
      return;
    }
    this.notify("This simulation runs your edited version of its Python.", true);
    if (reply.ok && this.root.dataset.status === "error") {
      this.say("Your code ran, but the page cannot draw what view() returned; the message above says why.", true);
    } else if (reply.ok) {
      this.say("Your code ran: the simulation shows what it computed. Restore brings back the original.");
    } else if ("invalid" in reply) {
      this.say(`Your code refused these settings: ${reply.invalid}`, true);
    } else {
      this.showError(reply.error, byHand);
    }
  }

  /* The reader's code is no longer used: it ran too long, or it failed where the page needed it. The
     text stays in the editor (and as a draft across visits); the course's module computes. */
  stopped(reply, byHand) {
    const source = savedCode(this.name) ?? this.parts.editor.value;
    keepCode(this.name, null);
    if (source && source !== this.original) keepCode(this.name, source, draftKey);
    const sentence = reply.timeout
      ? `Your code ran longer than ${reply.timeout} s and was stopped; the simulation runs the course's own module.`
      : `Your code failed (${reply.error}); the simulation runs the course's own module.`;
    this.notify(sentence);
    if (reply.timeout) this.say(sentence, true);
    else this.showError(reply.error, byHand);
  }

  showError(error, byHand) {
    this.say(error, true);
    const line = /^line (\d+):/.exec(error);
    if (line && byHand && !this.parts.panel.hidden) selectLine(this.parts.editor, Number(line[1]));
  }
}

/* An "Open the Python" panel under each of a page's embeds (simulations.js's Embed objects). */
export function bind(embeds) {
  for (const embed of embeds) new CodePanel(embed);
}
