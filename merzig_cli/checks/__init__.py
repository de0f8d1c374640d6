"""Rules across files, privacy checks, checked editing of records.

Validation collects problems and never raises for bad data; a change to a
record is checked here before the workspace writes it.
"""
