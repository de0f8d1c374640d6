"""The Typer commands, one module per command group; the one error boundary.

The only place that imports typer or rich.
"""
