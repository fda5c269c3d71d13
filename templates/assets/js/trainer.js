/*
 * Train, Pause, Reset and a drawing pad for an embed whose view carries "trainer" (simulations/digits.py).
 *
 * Training runs as a chain of short worker calls, each asking Python for `chunk` more batches and
 * getting the whole view back; the run itself stays in the worker's module between calls. Pause only
 * stops the chain, so it takes effect when the call in flight returns (a few tens of milliseconds), and
 * the page never waits on Python. The pad is a `pad`×`pad` bitmap (drawn with a pointer or the keyboard);
 * Python frames, scales and counts it into the network's 8×8 input, as the training digits were made.
 */

export class Trainer {
  constructor(embed) {
    this.embed = embed;
    this.root = embed.root.querySelector(".sim-trainer");
    this.chunk = Number(this.root.dataset.chunk);
    this.running = false;
    this.chain = null;
    this.buttons = {};
    for (const button of embed.root.querySelectorAll(".sim-trainer [data-action], .sim-drawpad [data-action]")) {
      this.buttons[button.dataset.action] = button;
    }
    this.pad = new DrawPad(embed.root.querySelector(".sim-drawpad-canvas"),
      embed.root.querySelector(".sim-drawpad-cursor"), embed.root.querySelector(".sim-drawpad-status"));
    this.buttons.train.addEventListener("click", () => this.train());
    this.buttons.pause.addEventListener("click", () => this.pause());
    this.buttons.reset.addEventListener("click", () => this.reset());
    this.buttons.predict.addEventListener("click", () => this.send({ drawing: this.pad.bitmap() }));
    this.buttons.clear.addEventListener("click", () => {
      this.pad.clear();
      this.send({ drawing: "" });
    });
  }

  /* Train pressed again before the call Pause left in flight has returned lets that chain go on: a
     second chain beside it would keep two calls queued, and the next Pause would wait for both. */
  train() {
    if (this.running) return;
    this.setRunning(true);
    if (!this.chain) this.chain = this.trainInChunks();
  }

  async trainInChunks() {
    while (this.running) {
      if (!(await this.send({ train: this.chunk }))) break;
    }
    this.chain = null;
    this.setRunning(false);
  }

  pause() {
    this.setRunning(false);
  }

  reset() {
    this.setRunning(false);
    this.send({ reset: true });
  }

  setRunning(running) {
    this.running = running;
    this.buttons.train.disabled = running;
    this.buttons.pause.disabled = !running;
    this.embed.root.dataset.training = running ? "running" : "paused";
  }

  /* One worker call; draws its view (unless the page was swapped meanwhile) and says whether it worked. */
  async send(values) {
    this.embed.tried();
    this.embed.needPython();
    const reply = await this.embed.compute(values, this.embed.source).catch(() => null);
    if (reply === null || this.embed.detached) return false;
    if (!reply.ok) {
      this.embed.apply(reply, values);
      return false;
    }
    this.embed.state = reply.state;
    this.embed.draw(-1);
    this.embed.setStatus("ready");
    this.embed.say("");
    return true;
  }
}

const MOVES = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

/* A small canvas the reader draws on with a mouse, a finger or a pen, or with the keyboard: the arrow
   keys move a square cursor over the `cells`×`cells` grid of the network's input (each `cell` pad
   pixels wide, both from Python) and Space inks or erases the square under it. Read back as 0/1 per pixel. */
class DrawPad {
  constructor(canvas, cursor, status) {
    this.canvas = canvas;
    this.cursor = cursor;
    this.status = status;
    this.cell = Number(canvas.dataset.cell);
    this.cells = Number(canvas.dataset.cells);
    this.at = [0, 0];
    this.context = canvas.getContext("2d", { willReadFrequently: true });
    this.context.lineCap = "round";
    this.context.lineJoin = "round";
    this.context.lineWidth = canvas.width / 10;
    this.context.strokeStyle = "#000";
    this.context.fillStyle = "#000";
    this.last = null;
    canvas.addEventListener("pointerdown", (event) => {
      canvas.setPointerCapture(event.pointerId);
      this.last = this.point(event);
      this.stroke(this.last);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (this.last) this.stroke(this.point(event));
    });
    for (const type of ["pointerup", "pointercancel"]) canvas.addEventListener(type, () => { this.last = null; });
    canvas.addEventListener("keydown", (event) => this.key(event));
    canvas.addEventListener("focus", () => this.place());
    canvas.addEventListener("blur", () => { this.cursor.hidden = true; });
  }

  key(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const move = MOVES[event.key];
    if (move) {
      const limit = (value) => Math.min(this.cells - 1, Math.max(0, value));
      this.at = [limit(this.at[0] + move[0]), limit(this.at[1] + move[1])];
    } else if (event.key === " ") {
      this.toggle();
    } else {
      return;
    }
    event.preventDefault();
    this.place();
  }

  /* Show the cursor on its square and say where it is and whether that square is inked. */
  place() {
    const [row, column] = this.at;
    const share = 100 / this.cells;
    Object.assign(this.cursor.style, { top: `${row * share}%`, left: `${column * share}%`,
      width: `${share}%`, height: `${share}%` });
    this.cursor.hidden = false;
    this.status.textContent = `Row ${row + 1}, column ${column + 1}: ${this.inked() ? "inked" : "blank"}`;
  }

  inked() {
    const [row, column] = this.at;
    const half = Math.floor(this.cell / 2);
    return this.context.getImageData(column * this.cell + half, row * this.cell + half, 1, 1).data[3] >= 128;
  }

  toggle() {
    const [row, column] = this.at;
    const square = [column * this.cell, row * this.cell, this.cell, this.cell];
    if (this.inked()) this.context.clearRect(...square);
    else this.context.fillRect(...square);
  }

  point(event) {
    const box = this.canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * this.canvas.width / box.width,
      (event.clientY - box.top) * this.canvas.height / box.height];
  }

  stroke(to) {
    const context = this.context;
    context.beginPath();
    context.moveTo(...this.last);
    context.lineTo(...to);
    context.stroke();
    this.last = to;
  }

  clear() {
    this.context.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }

  /* "0"/"1" per pixel, row by row: inked where the stroke covers at least half the pixel. */
  bitmap() {
    const { data } = this.context.getImageData(0, 0, this.canvas.width, this.canvas.height);
    let bits = "";
    for (let index = 3; index < data.length; index += 4) bits += data[index] >= 128 ? "1" : "0";
    return bits;
  }
}
