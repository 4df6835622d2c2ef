"""`python3 -m gongkai VERB`: the same as the installed `gongkai` command."""
from gongkai.cli import run

run()
