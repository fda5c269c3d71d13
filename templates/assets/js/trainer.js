/*
 * Train, Pause, Reset and a drawing pad for an embed whose view carries "trainer" (simulations/digits.py).
 *
 * Training runs as a chain of short worker calls, each asking Python for `chunk` more batches and
 * getting the whole view back; the run itself stays in the worker's module between calls. Pause only
 * stops the chain, so it takes effect when the call in flight returns (a few tens of milliseconds), and
 * the page never waits on Python. The pad is a `pad`×`pad` bitmap; Python frames, scales and counts it
 * into the network's 8×8 input, as the training digits were made.
 */

export class Trainer {
  constructor(embed) {
    this.embed = embed;
    this.root = embed.root.querySelector(".sim-trainer");
    this.chunk = Number(this.root.dataset.chunk);
    this.running = false;
    this.buttons = {};
    for (const button of embed.root.querySelectorAll(".sim-trainer [data-action], .sim-drawpad [data-action]")) {
      this.buttons[button.dataset.action] = button;
    }
    this.pad = new DrawPad(embed.root.querySelector(".sim-drawpad-canvas"));
    this.buttons.train.addEventListener("click", () => this.train());
    this.buttons.pause.addEventListener("click", () => this.pause());
    this.buttons.reset.addEventListener("click", () => this.reset());
    this.buttons.predict.addEventListener("click", () => this.send({ drawing: this.pad.bitmap() }));
    this.buttons.clear.addEventListener("click", () => {
      this.pad.clear();
      this.send({ drawing: "" });
    });
  }

  async train() {
    if (this.running) return;
    this.setRunning(true);
    while (this.running) {
      if (!(await this.send({ train: this.chunk }))) break;
    }
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

/* A small canvas the reader draws on with a mouse, a finger or a pen; read back as 0/1 per pixel. */
class DrawPad {
  constructor(canvas) {
    this.canvas = canvas;
    this.context = canvas.getContext("2d", { willReadFrequently: true });
    this.context.lineCap = "round";
    this.context.lineJoin = "round";
    this.context.lineWidth = canvas.width / 10;
    this.context.strokeStyle = "#000";
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
