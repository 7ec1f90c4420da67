"""Modules and topic lessons."""
