"""Foundation: errors, problems, text, vocabularies, languages, YAML, atomic writes.

Every other subpackage uses it; it imports none of them.
"""
