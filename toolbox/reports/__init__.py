"""Rapporteur reports: one per workshop session, pre-filled from its rooms, exported as Markdown or printed."""
