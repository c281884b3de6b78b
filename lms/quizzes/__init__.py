"""Quizzes: the text2qti-compatible file format, grading, attempts, taking and reviewing."""
