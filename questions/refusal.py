"""How a command-line tool says it did nothing and why: one heading, then each problem.

Shared by ``python -m scoring``, ``python -m storage`` and ``python -m scoring calibrate`` so that
every refusal reads the same and none can put terminal codes on the screen: a problem may quote
a file's contents.
"""
from __future__ import annotations

import sys
from typing import Iterable

BAD_INPUT = 2  # the exit status of a refusal: bad input, nothing written


def printable(text: object) -> str:
    """``text`` as one line of printable characters (others shown as \\xNN)."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in str(text))


def refuse(heading: str, problems: Iterable[object]) -> int:
    """Print ``heading`` and each problem, indented, to standard error; returns BAD_INPUT."""
    print(printable(heading), file=sys.stderr)
    for problem in problems:
        print(f"  {printable(problem)}", file=sys.stderr)
    return BAD_INPUT
