/*
 * The reader's progress, kept in this browser's localStorage under the course's key (storage.js):
 *
 *     { read: {slug: true}, answers: {quiz: {choice, correct}}, tried: {simulation: {title, chapter}} }
 *
 * Every change is announced on `document` as a "convlab:progress" event, so whatever shows progress
 * redraws. A progress file (exportText / parseProgressFile) carries the same object, tagged with the
 * course, so it can be imported in another browser.
 */

import { storageKey } from "./storage.js";

const FORMAT = "convlab-progress";
const VERSION = 1;
const CHANGED = "convlab:progress";

export function emptyProgress() {
  return { read: {}, answers: {}, tried: {} };
}

export function loadProgress() {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) || "{}");
    return { read: saved.read || {}, answers: saved.answers || {}, tried: saved.tried || {} };
  } catch {
    return emptyProgress();
  }
}

function saveProgress(progress) {
  try {
    localStorage.setItem(storageKey, JSON.stringify(progress));
  } catch {
    // Storage can be full or disabled (private windows); the page keeps working without memory.
  }
  document.dispatchEvent(new CustomEvent(CHANGED, { detail: progress }));
}

export function updateProgress(change) {
  const progress = loadProgress();
  change(progress);
  saveProgress(progress);
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

/* Add a progress file's contents to this browser's: what the file holds wins where both have a value. */
export function importProgress(imported) {
  updateProgress((progress) => {
    for (const part of Object.keys(progress)) Object.assign(progress[part], imported[part]);
  });
}

/* The progress in a file's text, or an Error whose message is one sentence for the reader. */
export function parseProgressFile(text) {
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
  return { read: { ...data.progress.read }, answers: { ...data.progress.answers }, tried: { ...data.progress.tried } };
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
