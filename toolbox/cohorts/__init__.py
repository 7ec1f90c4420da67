"""Cohorts: a facilitator's group of learners, joined with a code."""
