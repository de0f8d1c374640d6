"""Find and load a workspace, read it through a cache, write records back.

Writing is round-trip (comments and key order kept), atomic and locked; it
knows nothing of the rules (those are in :mod:`merzig_cli.checks`).
"""
