"""Packaged Jinja templates; a workspace may override each file in its own templates/ folder."""
