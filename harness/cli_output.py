"""What the `parity` command writes: its exit codes, one-line messages, strict JSON.

Exit codes: `OK` (translated, valid), `FINDINGS` (`check` found problems; `translate
response` printed a translation of a response that had problems), `UNUSABLE` (input the
command cannot use, an unknown option, or a refusal by the translator). Every line on
stderr starts with ``parity:``. JSON goes out strict (no ``NaN``/``Infinity``, valid UTF-8),
held to the input limits of `harness.cli_input` first.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, NoReturn

from harness.cli_input import check_value
from harness.errors import ParityError

OK = 0
FINDINGS = 1
UNUSABLE = 2
CLOSED_PIPE = 141
"""The reader of stdout went away (``| head``): quiet, as a process ended by SIGPIPE."""
INTERRUPTED = 130

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """``text`` as one printable line: line breaks become spaces, other control characters
    and lone surrogates are escaped."""
    flat = " ".join(text.splitlines())
    flat = flat.encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", flat)


def fail(message: str) -> NoReturn:
    """Stop the command: ``parity: message`` on stderr, exit `UNUSABLE`."""
    raise ParityError(message)


def say(message: str) -> None:
    """``parity: message`` on stderr (an error, a note on what was skipped)."""
    print(f"parity: {one_line(message)}", file=sys.stderr)


def warn(message: str) -> None:
    """``parity: warning: message`` on stderr; the command goes on."""
    say(f"warning: {message}")


def json_text(value: Any, name: str) -> str:
    """``value`` as strict JSON (indented, UTF-8 text), after `check_value` under ``name``."""
    check_value(value, name)
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write(text: str) -> None:
    """``text`` on stdout."""
    sys.stdout.write(text)
