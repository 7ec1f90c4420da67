"""Topic quizzes."""
