"""python -m merzig_cli"""

from .cli.main import run

run()
