// Reader progress on every page: chapter pages record chapters read (when the reader reaches the end)
// and simulations tried, quiz.js the answers; the landing page and the chapter list show them. The store
// itself is progress.js.

import { loadProgress, onProgress, updateProgress } from "./progress.js";
import * as quiz from "./quiz.js";

function watchReading(chapter) {
  const end = document.querySelector(".pager");
  if (!end || !("IntersectionObserver" in window)) return;
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      observer.disconnect();
      updateProgress((progress) => { progress.read[chapter] = true; });
    }
  });
  observer.observe(end);
}

/* A reader has tried a simulation once they change one of its controls, step it or run their own code. */
function watchSimulations(chapter) {
  const tried = (event) => {
    const root = event.target.closest?.("[data-simulation]");
    const touched = event.type === "click" ? ".sim-stepper button, .sim-code-run" : ".sim-controls";
    if (!root || !event.target.closest(touched)) return;
    const name = root.dataset.simulation;
    if (loadProgress().tried[name]) return;
    const title = root.querySelector(".sim-title")?.textContent || name;
    updateProgress((progress) => { progress.tried[name] = { title, chapter }; });
  };
  for (const type of ["input", "change", "click"]) document.addEventListener(type, tried);
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
function showContinue(progress) {
  const link = document.querySelector("[data-continue]");
  const cards = [...document.querySelectorAll(".chapter-card[data-chapter]")];
  if (!link || !cards.length) return;
  const first = cards[0];
  const next = cards.find((card) => !progress.read[card.dataset.chapter]);
  const started = cards.some((card) => progress.read[card.dataset.chapter]);
  const target = !started ? first : next || first;
  link.href = target.querySelector("a").getAttribute("href");
  link.textContent = !started ? `Start with chapter ${first.dataset.number}`
    : next ? `Continue with chapter ${next.dataset.number}` : `Read again from chapter ${first.dataset.number}`;
}

function showProgress(progress) {
  showContinue(progress);
  document.querySelectorAll("[data-status-for]").forEach((element) => {
    element.textContent = chapterStatus(element.dataset.statusFor, progress);
  });
  document.querySelectorAll(".course-nav li[data-chapter]").forEach((item) => {
    item.classList.toggle("read", Boolean(progress.read[item.dataset.chapter]));
  });
  const summary = document.querySelector("[data-progress-summary]");
  if (summary) summary.textContent = summaryText(progress, summary.dataset);
  const list = document.querySelector("[data-tried-list]");
  if (list) {
    list.replaceChildren(...triedItems(progress));
    list.hidden = list.children.length === 0;
  }
}

// The chapter list is a disclosure so that it folds away on phones; where there is room for the
// sidebar, it starts open.
const courseNav = document.querySelector(".course-nav-details");
if (courseNav && window.matchMedia("(min-width: 64rem)").matches) courseNav.open = true;

const chapter = document.querySelector("main[data-chapter]")?.dataset.chapter || null;
quiz.bind(document);
if (chapter) {
  watchReading(chapter);
  watchSimulations(chapter);
}
onProgress(showProgress);
