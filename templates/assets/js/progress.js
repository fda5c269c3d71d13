/*
 * The reader's progress, kept in this browser's localStorage under the course's key (storage.js):
 *
 *     { read: {slug: true}, answers: {quiz: {choice, correct}}, tried: {simulation: {title, chapter}} }
 *
 * Every change is announced on `document` as a "convlab:progress" event, so whatever shows progress
 * redraws. A progress file (exportText / parseProgressFile) carries the same object, tagged with the
 * course, so it can be imported in another browser.
 *
 * A file is input from outside. The landing page embeds the course's own lists (chapters, questions,
 * simulations: convlab/site/progress.py), and only entries they name are imported or counted there, with
 * the simulation's title and chapter taken from the course, never from the file.
 */

import { storageKey } from "./storage.js";

const FORMAT = "convlab-progress";
const VERSION = 1;
const CHANGED = "convlab:progress";

export function emptyProgress() {
  return { read: {}, answers: {}, tried: {} };
}

const MAX_FILE_SIZE = 1_000_000;  // a course's whole progress is a few kilobytes

/* Throw the reader's sentence when a file (its size in bytes or characters) is too large to be progress. */
export function checkFileSize(size) {
  if (size > MAX_FILE_SIZE) {
    throw new Error(`This file is too large to be a progress file (${size.toLocaleString("en")} bytes; one has at most ${MAX_FILE_SIZE.toLocaleString("en")}), so nothing was imported.`);
  }
}

/* The course's lists where the page embeds them (the landing page), else null. */
function courseLists() {
  const element = document.querySelector("script[data-course-lists]");
  try {
    return element ? JSON.parse(element.textContent) : null;
  } catch {
    return null;
  }
}

export function loadProgress() {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) || "{}");
    const progress = { read: own(saved.read), answers: own(saved.answers), tried: own(saved.tried) };
    const lists = courseLists();
    return lists ? known(progress, lists).progress : progress;
  } catch {
    return emptyProgress();
  }
}

/* Save; false when the browser refused (storage full or disabled, as in some private windows). */
function saveProgress(progress) {
  let saved = true;
  try {
    localStorage.setItem(storageKey, JSON.stringify(progress));
  } catch {
    saved = false;
  }
  document.dispatchEvent(new CustomEvent(CHANGED, { detail: progress }));
  return saved;
}

/* Apply `change` to the saved progress; whether the result could be saved. */
export function updateProgress(change) {
  const progress = loadProgress();
  change(progress);
  return saveProgress(progress);
}

export function resetProgress() {
  saveProgress(emptyProgress());
}

/* Run `show(progress)` now and after every change, in this tab or another one, until `signal` aborts. */
export function onProgress(show, signal) {
  show(loadProgress());
  document.addEventListener(CHANGED, (event) => show(event.detail), { signal });
  window.addEventListener("storage", (event) => {
    if (event.key === storageKey) show(loadProgress());
  }, { signal });
}

export function exportText(progress) {
  return `${JSON.stringify({ format: FORMAT, version: VERSION, course: storageKey, progress }, null, 2)}\n`;
}

/* Add a progress file's contents to this browser's (the file wins where both have a value); whether saved. */
export function importProgress(imported) {
  return updateProgress((progress) => {
    for (const part of Object.keys(progress)) {
      for (const [key, value] of Object.entries(imported[part])) progress[part][key] = value;
    }
  });
}

/*
 * The progress in a file's text, as { progress, unknown }: only what this course has (`unknown` counts
 * the entries left out). An Error whose message is one sentence for the reader when the file is unusable.
 */
export function parseProgressFile(text) {
  checkFileSize(text.length);
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error("This file is not a progress file: it does not contain JSON.");
  }
  if (!isObject(data) || data.format !== FORMAT) {
    throw new Error("This file is not a progress file from this site; export one with “Export progress”.");
  }
  if (data.version !== VERSION) {
    throw new Error(`This progress file has version ${JSON.stringify(data.version)}, which this site cannot read (it reads version ${VERSION}).`);
  }
  if (data.course !== storageKey) {
    throw new Error(`This progress file belongs to another course (${JSON.stringify(data.course)}), so nothing was imported.`);
  }
  const problem = damage(data.progress);
  if (problem) throw new Error(`This progress file is damaged (${problem}), so nothing was imported.`);
  const progress = { read: own(data.progress.read), answers: own(data.progress.answers), tried: own(data.progress.tried) };
  const lists = courseLists();
  if (!lists) throw new Error("This page cannot check a progress file; import it on the course’s first page.");
  return known(progress, lists);
}

/* A plain object's own entries in a fresh object, so a "__proto__" key is only ever a key. */
function own(part) {
  const copy = Object.create(null);
  if (isObject(part)) for (const [key, value] of Object.entries(part)) copy[key] = value;
  return copy;
}

/* Only the entries the course has: { progress, unknown }. An answer counts as correct only if the course
   says so for that choice, and tried simulations are described by the course. */
function known(progress, lists) {
  const result = emptyProgress();
  let unknown = 0;
  const keep = (part, key, value) => {
    if (value === undefined) unknown += 1;
    else result[part][key] = value;
  };
  for (const [slug, value] of Object.entries(progress.read)) {
    keep("read", slug, lists.chapters.includes(slug) && value === true ? true : undefined);
  }
  for (const [id, answer] of Object.entries(progress.answers)) {
    const quiz = Object.hasOwn(lists.quizzes, id) ? lists.quizzes[id] : undefined;
    const fits = quiz && isAnswer(answer) && answer.choice < quiz.options;
    keep("answers", id, fits ? { choice: answer.choice, correct: answer.choice === quiz.correct } : undefined);
  }
  for (const name of Object.keys(progress.tried)) {
    const simulation = Object.hasOwn(lists.simulations, name) ? lists.simulations[name] : undefined;
    keep("tried", name, simulation && { title: simulation.title, chapter: simulation.chapter });
  }
  return { progress: result, unknown };
}

function damage(progress) {
  if (!isObject(progress)) return "it has no progress";
  for (const part of ["read", "answers", "tried"]) {
    if (!isObject(progress[part])) return `“${part}” is missing`;
  }
  const read = Object.entries(progress.read).find(([, value]) => value !== true);
  if (read) return `chapter “${read[0]}” is not marked true`;
  const answer = Object.entries(progress.answers).find(([, value]) => !isAnswer(value));
  if (answer) return `the answer to “${answer[0]}” is not a choice with correct true or false`;
  const tried = Object.entries(progress.tried).find(([, value]) => !isTried(value));
  if (tried) return `simulation “${tried[0]}” lacks its title and chapter`;
  return "";
}

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isAnswer(value) {
  return isObject(value) && Number.isInteger(value.choice) && value.choice >= 0 && typeof value.correct === "boolean";
}

function isTried(value) {
  return isObject(value) && typeof value.title === "string" && typeof value.chapter === "string";
}
