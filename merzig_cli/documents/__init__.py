"""Shared by every document: Jinja, sanitising, PDF, charts, output files."""
