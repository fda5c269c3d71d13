/*
 * One simulation embed brought to life. It starts from the state the build embedded (data-status
 * "static"), waits for the shared Python worker ("loading"), then recomputes the module's view for
 * every change of its controls ("ready"). If Python cannot run, it keeps the state it shows, says why
 * in one sentence and offers Retry ("error").
 *
 * The first time the reader tries it (changes a control, steps, runs their own code), the embed's root
 * dispatches TRIED (bubbling; detail {name, title}). Whoever shows the reader's code (open-python.js)
 * hands it over with useSource() and hears every result through onReply(). When its page is swapped
 * for another (navigation.js), detach() silences it: nothing it still computes reaches the new page.
 */

import { Controls } from "./controls.js";
import { writeFragment } from "./fragment.js";
import { followMarks, renderPanels } from "./panels.js";
import { Stepper } from "./stepper.js";

export const TRIED = "convlab:tried";

export class Embed {
  constructor(root, python, needPython) {
    this.root = root;
    this.python = python;
    this.needPython = needPython;
    this.name = root.dataset.simulation;
    this.state = JSON.parse(root.querySelector(".sim-payload").textContent).state;
    this.panels = root.querySelector(".sim-panels");
    this.readout = root.querySelector(".sim-readout-text");
    this.narration = root.querySelector(".sim-narration");
    this.message = root.querySelector(".sim-message");
    this.controls = new Controls(root.querySelector(".sim-controls"), (name) => this.changed(name));
    this.computed = this.controls.values();
    this.link = null;
    this.lastChanged = null;
    this.busy = false;
    this.again = false;
    this.source = null;
    this.replyListeners = [];
    this.wasTried = false;
    this.detached = false;
    const stepper = root.querySelector(".sim-stepper");
    this.stepper = stepper ? new Stepper(stepper, (index) => { this.tried(); this.draw(index); }) : null;
    if (this.stepper) this.stepper.load(this.steps.length);
  }

  get steps() {
    return this.state.steps || [];
  }

  get status() {
    return this.root.dataset.status;
  }

  setStatus(status) {
    this.root.dataset.status = status;
  }

  /* Python is on its way: show what is loading until it is ready. */
  loading(text) {
    this.setStatus("loading");
    this.say(text);
  }

  /* Python is ready: import this simulation's module, then catch up with any change made meanwhile. */
  async connect() {
    if (this.detached) return;
    const reply = await this.python.request("load", this.name).catch((error) => ({ error: error.message }));
    if (!reply.ok) {
      this.failed(`This simulation's Python module could not be imported (${reply.error}); it shows its precomputed state.`,
        () => this.connect());
      return;
    }
    if (this.status === "loading") {
      this.setStatus("ready");
      this.say("");
    }
    if (!this.busy && (this.link || !sameValues(this.controls.values(), this.computed))) this.refresh();
  }

  /* Settings from a link (#sim-id?name=value): shown in the controls, checked by Python. */
  restore(values) {
    this.link = values;
    this.controls.set(values);
    this.lastChanged = null;
    this.root.scrollIntoView({ block: "start" });
    this.needPython();
    this.refresh();
  }

  changed(name) {
    this.tried();
    this.lastChanged = name;
    this.needPython();
    this.refresh();
  }

  /* Recompute for the current settings; changes made while Python works coalesce into one more call. */
  async refresh() {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      do {
        this.again = false;
        const values = { ...this.controls.values(), ...this.link };
        this.link = null;
        const source = this.source;
        const reply = await this.compute(values, source).catch(() => null);
        if (reply === null || this.detached) return;
        this.apply(reply, values);
        for (const listener of this.replyListeners) listener(reply, source);
      } while (this.again);
    } finally {
      this.busy = false;
    }
  }

  /* The course's module computes the view, or the reader's own version of it when there is one. */
  compute(values, source) {
    if (source === null) return this.python.request("view", this.name, values);
    return this.python.request("run", this.name, { source, values });
  }

  /* "Open the Python" (open-python.js) hands over the reader's module source, or null for the course's
     own; it computes every view from now on, starting with a computation under way. Without `run`, it
     waits until Python is started anyway. */
  useSource(source, run) {
    if (run && source !== null) this.tried();
    this.source = source;
    this.computed = null;
    if (run) this.needPython();
    if (run || this.busy) this.refresh();
  }

  /* `listener(reply, source)` hears the result of every computation, with the source it ran (null: the course's). */
  onReply(listener) {
    this.replyListeners.push(listener);
  }

  tried() {
    if (this.wasTried) return;
    this.wasTried = true;
    const title = this.root.querySelector(".sim-title")?.textContent || this.name;
    this.root.dispatchEvent(new CustomEvent(TRIED, { bubbles: true, detail: { name: this.name, title } }));
  }

  /* The page is being swapped for another: stop playing, and let no late reply touch the page or its URL. */
  detach() {
    this.detached = true;
    if (this.stepper) this.stepper.pause();
  }

  apply(reply, values) {
    if (reply.ok) {
      this.show(reply.state, values);
    } else if ("invalid" in reply) {
      this.reject(reply.invalid);
    } else {
      this.failed(`Python stopped with ${reply.error}, so the simulation keeps its last state.`, () => this.refresh());
    }
  }

  show(state, values) {
    try {
      this.state = state;
      this.draw(-1);
      if (this.stepper) this.stepper.load(this.steps.length);
    } catch (error) {
      this.failed(`This state could not be drawn (${error.message}).`, () => this.refresh());
      return;
    }
    this.computed = values;
    this.controls.clearMessages();
    this.setStatus("ready");
    this.say("");
    writeFragment(this.root.id, values);
  }

  /* Python refused the settings: its sentence goes next to the control, the drawing stays as it was. */
  reject(sentence) {
    this.setStatus("ready");
    this.say("");
    if (this.lastChanged && this.controls.showMessage(this.lastChanged, sentence)) return;
    this.controls.set(this.computed);
    this.say(sentence);
  }

  draw(index) {
    const step = index >= 0 ? this.steps[index] : null;
    this.panels.replaceChildren(...renderPanels(this.state, this.root.id, step));
    this.readout.textContent = step ? step.readout : this.state.readout;
    this.narration.textContent = step ? step.narration : (this.state.narration || "");
    if (step) followMarks(this.panels);
  }

  failed(sentence, retry) {
    this.setStatus("error");
    this.say(sentence, retry);
  }

  say(text, retry = null) {
    this.message.replaceChildren(text);
    if (!retry) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sim-button sim-retry";
    button.textContent = "Retry";
    button.addEventListener("click", () => {
      this.loading("Retrying…");
      retry();
    });
    this.message.append(" ", button);
  }
}

function sameValues(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
