"""`parity check`: validate an Anthropic Message (or error, or count_tokens result) or an SSE
stream against the official types and the stream grammar.

Exit 0: valid, nothing printed. Exit 1: one line per problem on stdout. Exit 2: unusable
input (unreadable, or a body that is not JSON within the CLI's input limits), one line on
stderr.
"""

from __future__ import annotations

import argparse

from harness import validate
from harness.cli_input import input_name, parse_json, read_input
from harness.cli_output import FINDINGS, OK, one_line, write


def check(args: argparse.Namespace) -> int:
    raw = read_input(args.file)
    name = input_name(args.file)
    if args.stream:
        problems = validate.check_sse(raw, name)
    else:
        problems = validate.check_body(parse_json(raw, name), name)
    write("".join(f"{one_line(line)}\n" for line in problems))
    return FINDINGS if problems else OK
