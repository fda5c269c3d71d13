// Reader progress and quizzes: chapters read and answers given, kept in this browser's localStorage.
// Works on every page: chapter pages record, the landing page and the chapter list show.

const storageKey = document.querySelector('meta[name="convlab-storage"]')?.content || "convlab";

export function loadProgress() {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) || "{}");
    return { read: saved.read || {}, answers: saved.answers || {} };
  } catch {
    return { read: {}, answers: {} };
  }
}

function saveProgress(progress) {
  try {
    localStorage.setItem(storageKey, JSON.stringify(progress));
  } catch {
    // Storage can be full or disabled (private windows); the page keeps working without memory.
  }
}

function update(change) {
  const progress = loadProgress();
  change(progress);
  saveProgress(progress);
  showProgress(progress);
}

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
    update((progress) => {
      progress.answers[key] = { choice, correct: choice === Number(quiz.dataset.correct) };
      if (chapter) progress.read[chapter] = true;
    });
  });
}

function watchReading(chapter) {
  const end = document.querySelector(".pager");
  if (!end || !("IntersectionObserver" in window)) return;
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      observer.disconnect();
      update((progress) => { progress.read[chapter] = true; });
    }
  });
  observer.observe(end);
}

function chapterStatus(slug, progress) {
  const parts = [];
  if (progress.read[slug]) parts.push("✓ Read");
  const answers = Object.entries(progress.answers).filter(([key]) => key === slug || key.startsWith(`${slug}-`));
  if (answers.length) {
    parts.push(answers.every(([, answer]) => answer.correct) ? "question answered correctly" : "question answered, try again");
  }
  return parts.join(" · ");
}

function showProgress(progress) {
  document.querySelectorAll("[data-status-for]").forEach((element) => {
    element.textContent = chapterStatus(element.dataset.statusFor, progress);
  });
  document.querySelectorAll(".course-nav li[data-chapter]").forEach((item) => {
    item.classList.toggle("read", Boolean(progress.read[item.dataset.chapter]));
  });
  const summary = document.querySelector("[data-progress-summary]");
  if (summary) {
    const read = Object.keys(progress.read).length;
    const correct = Object.values(progress.answers).filter((answer) => answer.correct).length;
    summary.textContent = read || correct
      ? `You have read ${read} of ${summary.dataset.total} chapters and answered ${correct} of ${summary.dataset.quizzes} questions correctly.`
      : "Nothing read yet: your progress will appear here as you read and answer the questions.";
  }
}

// The chapter list is a disclosure so that it folds away on phones; where there is room for the
// sidebar, it starts open.
const courseNav = document.querySelector(".course-nav-details");
if (courseNav && window.matchMedia("(min-width: 64rem)").matches) courseNav.open = true;

const chapter = document.querySelector("main[data-chapter]")?.dataset.chapter || null;
document.querySelectorAll("[data-quiz]").forEach((quiz) => setUpQuiz(quiz, chapter));
if (chapter) watchReading(chapter);
showProgress(loadProgress());
