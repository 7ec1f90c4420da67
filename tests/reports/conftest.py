"""Reports reuse the planner's factories: the content with a guide on paper, facilitators, a planned workshop."""

from tests.workshops.conftest import app, as_user, client, facilitator, plan, planner_content  # noqa: F401
