/*
 * The landing page's progress actions: export the progress as a JSON file, import such a file (from
 * another browser or device), reset. The buttons stay hidden without JavaScript, where they could not
 * work. Every outcome is one sentence in the panel's status line.
 */

import { checkFileSize, exportText, importProgress, loadProgress, parseProgressFile, resetProgress } from "./progress.js";
import { storageKey } from "./storage.js";

function fileName() {
  return `${storageKey.replace(/[^a-z0-9-]+/gi, "-")}-progress.json`;
}

/* A download is a navigation to a blob: URL, which the page's Content-Security-Policy does not restrict. */
function download(text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName();
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function counts(progress) {
  const plural = (count, word) => `${count} ${word}${count === 1 ? "" : "s"}`;
  return `${plural(Object.keys(progress.read).length, "chapter")} read, ` +
    `${plural(Object.keys(progress.answers).length, "answer")} and ` +
    `${plural(Object.keys(progress.tried).length, "simulation")} tried`;
}

function setUp(panel) {
  const status = panel.querySelector("[data-progress-message]");
  const file = panel.querySelector("[data-progress-file]");
  const say = (text, problem = false) => {
    status.textContent = text;
    status.classList.toggle("is-problem", problem);
  };

  panel.querySelector("[data-progress-export]").addEventListener("click", () => {
    download(exportText(loadProgress()));
    say(`Exported ${counts(loadProgress())} as ${fileName()}.`);
  });
  panel.querySelector("[data-progress-import]").addEventListener("click", () => file.click());
  file.addEventListener("change", async () => {
    const chosen = file.files[0];
    file.value = "";
    if (!chosen) return;
    try {
      checkFileSize(chosen.size);  // before reading: a huge file is refused without loading it
      const { progress, unknown } = parseProgressFile(await chosen.text());
      const saved = importProgress(progress);
      const left = unknown ? ` ${unknown === 1 ? "One entry names" : `${unknown} entries name`} something this course does not have and ${unknown === 1 ? "was" : "were"} left out.` : "";
      if (saved) say(`Imported ${counts(progress)} from ${chosen.name}.${left}`);
      else say(`This browser refused to store the progress in ${chosen.name} (its storage is full or turned off), so it will be gone after a reload — free some space for this site and import the file again.`, true);
    } catch (error) {
      say(error.message, true);
    }
  });
  panel.querySelector("[data-progress-reset]").addEventListener("click", () => {
    if (!window.confirm("Forget every chapter read, answer given and simulation tried in this browser?")) return;
    resetProgress();
    say("Your progress in this browser was reset.");
  });
  panel.querySelector("[data-progress-actions]").hidden = false;
}

/* Wire the progress panel under `root` (the landing page has one); it listens only to its own elements. */
export function bind(root) {
  root.querySelectorAll("[data-progress-panel]").forEach(setUp);
}
