"""Shared by every document: Jinja, sanitising, PDF, charts, calendar invitations, output files."""
