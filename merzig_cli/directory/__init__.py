"""Queries over the Steckbriefe; the template for a new one."""
