"""Learners' progress: topics done, "continue where you left off", module progress and certificates."""
