"""Stage one: a chapter's Markdown becomes HTML (directives, quizzes, checked facts, links, maths)."""
