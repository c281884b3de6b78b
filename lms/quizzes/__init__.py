"""Quizzes: the text2qti-compatible file format, grading and attempts."""
