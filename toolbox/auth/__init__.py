"""Accounts: sign up, log in, roles, and ending sessions everywhere."""
