// Reader progress on every page: chapter pages record chapters read and simulations tried; the
// landing page and the chapter list show them. The store itself is progress.js, the questions quiz.js.

import { TRIED } from "./embed.js";
import { loadProgress, onProgress, updateProgress } from "./progress.js";

function watchReading(root, chapter, signal) {
  const end = root.querySelector(".pager");
  if (!end || !("IntersectionObserver" in window)) return;
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      observer.disconnect();
      updateProgress((progress) => { progress.read[chapter] = true; });
    }
  });
  observer.observe(end);
  signal.addEventListener("abort", () => observer.disconnect());
}

/* Each embed says when the reader first tries it (embed.js: a control changed, a step, their own code run). */
function watchSimulations(root, chapter, signal) {
  root.addEventListener(TRIED, (event) => {
    const { name, title } = event.detail;
    if (loadProgress().tried[name]) return;
    updateProgress((progress) => { progress.tried[name] = { title, chapter }; });
  }, { signal });
}

function chapterStatus(slug, progress) {
  const parts = [];
  if (progress.read[slug]) parts.push("✓ Read");
  const answers = Object.entries(progress.answers).filter(([key]) => key === slug || key.startsWith(`${slug}-`));
  if (answers.length) {
    parts.push(answers.every(([, answer]) => answer.correct) ? "question answered correctly" : "question answered, try again");
  }
  if (Object.values(progress.tried).some((simulation) => simulation.chapter === slug)) parts.push("simulation tried");
  return parts.join(" · ");
}

function summaryText(progress, totals) {
  const read = Object.keys(progress.read).length;
  const correct = Object.values(progress.answers).filter((answer) => answer.correct).length;
  const tried = Object.keys(progress.tried).length;
  if (!read && !correct && !tried) {
    return "Nothing read yet: your progress will appear here as you read, answer the questions and try the simulations.";
  }
  return `You have read ${read} of ${totals.total} chapters, answered ${correct} of ${totals.quizzes} questions correctly ` +
    `and tried ${tried} of ${totals.simulations} simulations.`;
}

/* Links to the simulations tried, by title; this file is <site>/assets/js/course.js. */
function triedItems(progress) {
  const site = new URL("../../", import.meta.url);
  const tried = Object.entries(progress.tried).sort(([, a], [, b]) => a.title.localeCompare(b.title));
  return tried.map(([name, simulation]) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    const target = new URL(`${simulation.chapter}/#sim-${name}`, site);
    link.href = target.pathname + target.hash;
    link.textContent = simulation.title;
    item.append(link);
    return item;
  });
}

/* A returning reader's way back in: the first chapter, in course order, not yet read. */
function showContinue(root, progress) {
  const link = root.querySelector("[data-continue]");
  const cards = [...root.querySelectorAll(".chapter-card[data-chapter]")];
  if (!link || !cards.length) return;
  const first = cards[0];
  const next = cards.find((card) => !progress.read[card.dataset.chapter]);
  const started = cards.some((card) => progress.read[card.dataset.chapter]);
  const target = !started ? first : next || first;
  link.href = target.querySelector("a").getAttribute("href");
  link.textContent = !started ? `Start with chapter ${first.dataset.number}`
    : next ? `Continue with chapter ${next.dataset.number}` : `Read again from chapter ${first.dataset.number}`;
}

function showProgress(root, progress) {
  showContinue(root, progress);
  root.querySelectorAll("[data-status-for]").forEach((element) => {
    element.textContent = chapterStatus(element.dataset.statusFor, progress);
  });
  root.querySelectorAll(".course-nav li[data-chapter]").forEach((item) => {
    item.classList.toggle("read", Boolean(progress.read[item.dataset.chapter]));
  });
  const summary = root.querySelector("[data-progress-summary]");
  if (summary) summary.textContent = summaryText(progress, summary.dataset);
  const list = root.querySelector("[data-tried-list]");
  if (list) {
    list.replaceChildren(...triedItems(progress));
    list.hidden = list.children.length === 0;
  }
}

/* Show and record progress on the page under `root` until `signal` aborts. */
export function bind(root, signal) {
  // The chapter list is a disclosure so that it folds away on phones; where there is room for the
  // sidebar, it starts open.
  const courseNav = root.querySelector(".course-nav-details");
  if (courseNav && window.matchMedia("(min-width: 64rem)").matches) courseNav.open = true;

  const chapter = root.querySelector("main[data-chapter]")?.dataset.chapter || null;
  if (chapter) {
    watchReading(root, chapter, signal);
    watchSimulations(root, chapter, signal);
  }
  onProgress((progress) => showProgress(root, progress), signal);
}
