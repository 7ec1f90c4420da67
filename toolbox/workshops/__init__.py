"""Workshops: a facilitator's programme of days, sessions and activities, and running it on the day."""
