#!/usr/bin/env python3
"""政府信息公开专栏 generator: the command line of the site this file stands in (gongkai/cli.py holds it)."""
from __future__ import annotations

import sys
from pathlib import Path

from gongkai import cli

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    return cli.main(argv, default_site=HERE, prog="build.py")


if __name__ == "__main__":
    cli.ending()
    cli.leave(main(sys.argv[1:]))
