"""Deletion periods, purge with anonymous statistics, right of access, privacy check."""
