/*
 * The chapter's questions: choosing an option shows whether it is right, and the answer is kept with the
 * reader's progress (progress.js), so it is shown again on the next visit. Answering a question counts
 * as reading its chapter.
 */

import { loadProgress, updateProgress } from "./progress.js";

function letter(index) {
  return String.fromCharCode(65 + index);
}

function showAnswer(quiz, chosen) {
  const correct = Number(quiz.dataset.correct);
  const verdict = quiz.querySelector(".quiz-verdict");
  quiz.querySelectorAll(".quiz-option").forEach((button) => {
    const index = Number(button.dataset.index);
    button.setAttribute("aria-pressed", String(index === chosen));
    button.classList.toggle("is-correct", index === correct && chosen !== null);
    button.classList.toggle("is-wrong", index === chosen && chosen !== correct);
  });
  if (chosen === null) {
    verdict.textContent = "";
    return;
  }
  const right = chosen === correct;
  verdict.className = `quiz-verdict ${right ? "is-correct" : "is-wrong"}`;
  verdict.textContent = right ? `Correct: ${letter(correct)}.` : `Not quite: the answer is ${letter(correct)}.`;
  quiz.querySelector(".quiz-answer").open = true;
}

function setUpQuiz(quiz, chapter) {
  const key = quiz.dataset.quiz;
  const saved = loadProgress().answers[key];
  showAnswer(quiz, saved ? saved.choice : null);
  quiz.addEventListener("click", (event) => {
    const button = event.target.closest(".quiz-option");
    if (!button) return;
    const choice = Number(button.dataset.index);
    showAnswer(quiz, choice);
    updateProgress((progress) => {
      progress.answers[key] = { choice, correct: choice === Number(quiz.dataset.correct) };
      if (chapter) progress.read[chapter] = true;
    });
  });
}

/* Wire every question under `root`; each listens only to its own elements. */
export function bind(root) {
  const chapter = root.querySelector("main[data-chapter]")?.dataset.chapter || null;
  root.querySelectorAll("[data-quiz]").forEach((quiz) => setUpQuiz(quiz, chapter));
}
