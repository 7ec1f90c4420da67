"""Reports reuse the planner's local fixtures: the content with a guide on paper and a planned workshop (roles come from tests/conftest.py)."""

from tests.workshops.conftest import app, plan, planner_content  # noqa: F401
