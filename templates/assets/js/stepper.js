/*
 * The Step / Play / Reset controls of a stepper embed. It only counts: which step of the current
 * state is shown (-1 before the first, also kept as the group's data-step for print.js), and asks its
 * owner to draw that step. Play never starts by
 * itself; a reader who prefers reduced motion starts at the slowest speed.
 */

const REDUCED_MOTION = "(prefers-reduced-motion: reduce)";

export class Stepper {
  constructor(root, onShow) {
    this.root = root;
    this.onShow = onShow;
    this.index = -1;
    this.count = 0;
    this.timer = null;
    this.buttons = {
      step: root.querySelector('[data-action="step"]'),
      play: root.querySelector('[data-action="play"]'),
      reset: root.querySelector('[data-action="reset"]'),
    };
    this.speed = root.querySelector('[data-action="speed"]');
    this.position = root.querySelector(".sim-position");
    if (window.matchMedia(REDUCED_MOTION).matches) this.speed.selectedIndex = 0;
    this.buttons.step.addEventListener("click", () => { this.pause(); this.step(); });
    this.buttons.play.addEventListener("click", () => (this.timer ? this.pause() : this.play()));
    this.buttons.reset.addEventListener("click", () => this.reset());
  }

  /* A (new) state is shown before its first step; nothing is redrawn. */
  load(count) {
    this.pause();
    this.count = count;
    this.mark(-1);
  }

  step() {
    if (this.index < this.count - 1) this.show(this.index + 1);
  }

  play() {
    if (!this.count) return;
    if (this.index >= this.count - 1) this.show(-1);
    this.buttons.play.textContent = "Pause";
    this.tick();
  }

  pause() {
    clearTimeout(this.timer);
    this.timer = null;
    this.buttons.play.textContent = "Play";
  }

  reset() {
    this.pause();
    this.show(-1);
  }

  tick() {
    this.step();
    if (this.index >= this.count - 1) {
      this.pause();
      return;
    }
    this.timer = setTimeout(() => this.tick(), Number(this.speed.value));
  }

  show(index) {
    this.mark(index);
    this.onShow(index);
  }

  mark(index) {
    this.index = index;
    this.root.dataset.step = String(index);
    this.position.textContent = `Step ${index + 1} of ${this.count}`;
    this.buttons.step.setAttribute("aria-disabled", String(index >= this.count - 1));
    this.buttons.reset.setAttribute("aria-disabled", String(index < 0));
  }
}
