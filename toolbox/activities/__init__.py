"""Facilitator guides for the training activities."""
