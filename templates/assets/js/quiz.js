/*
 * The chapter's questions. A pick is checked at once: a wrong one is marked, says so and stays closed to
 * another click, so the reader tries again with the explanation still hidden; the right one, or opening
 * "Show the answer", reveals the answer and the explanation. The last pick is kept with the reader's
 * progress (progress.js) and shown again on the next visit. Answering does not count as reading the
 * chapter: reaching its end does (course.js).
 */

import { loadProgress, updateProgress } from "./progress.js";

function letter(index) {
  return String.fromCharCode(65 + index);
}

function verdictText(quiz, state) {
  const correct = letter(Number(quiz.dataset.correct));
  if (state.right) return `Correct: ${correct}.`;
  if (state.revealed) return `The answer is ${correct}.`;
  if (state.last !== null) {
    return `Not quite: ${letter(state.last)} is not it. Try another option, or open “Show the answer”.`;
  }
  return "";
}

function draw(quiz, state) {
  const correct = Number(quiz.dataset.correct);
  quiz.querySelectorAll(".quiz-option").forEach((button) => {
    const index = Number(button.dataset.index);
    const wrong = state.wrong.has(index);
    button.classList.toggle("is-wrong", wrong);
    button.classList.toggle("is-correct", index === correct && (state.right || state.revealed));
    button.setAttribute("aria-pressed", String(wrong || (state.right && index === correct)));
    button.setAttribute("aria-disabled", String(wrong || state.right));
  });
  const verdict = quiz.querySelector(".quiz-verdict");
  verdict.className = `quiz-verdict ${state.right ? "is-correct" : state.revealed ? "" : "is-wrong"}`.trim();
  verdict.textContent = verdictText(quiz, state);
}

/* What the saved progress says about this quiz: the last pick, right or wrong. */
function savedState(quiz) {
  const saved = loadProgress().answers[quiz.dataset.quiz];
  const state = { wrong: new Set(), right: false, revealed: false, last: null };
  if (!saved) return state;
  if (saved.choice === Number(quiz.dataset.correct)) state.right = true;
  else {
    state.wrong.add(saved.choice);
    state.last = saved.choice;
  }
  return state;
}

function setUpQuiz(quiz, signal) {
  const key = quiz.dataset.quiz;
  const correct = Number(quiz.dataset.correct);
  const answer = quiz.querySelector(".quiz-answer");
  const state = savedState(quiz);
  answer.open = state.right;
  draw(quiz, state);
  quiz.addEventListener("click", (event) => {
    const button = event.target.closest(".quiz-option");
    if (!button || button.getAttribute("aria-disabled") === "true") return;
    const choice = Number(button.dataset.index);
    if (choice === correct) state.right = true;
    else state.wrong.add(choice);
    state.last = choice;
    answer.open = state.right || answer.open;
    draw(quiz, state);
    updateProgress((progress) => {
      progress.answers[key] = { choice, correct: choice === correct };
    });
  }, { signal });
  answer.addEventListener("toggle", () => {
    state.revealed = answer.open;
    draw(quiz, state);
  }, { signal });
}

/* Wire every question under `root`; each listens only to its own elements, until `signal` aborts. */
export function bind(root, signal) {
  root.querySelectorAll("[data-quiz]").forEach((quiz) => setUpQuiz(quiz, signal));
}
