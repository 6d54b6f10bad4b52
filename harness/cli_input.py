"""What the `parity` command accepts as input: its one reader, with its limits in one place.

Every file or stdin the CLI reads goes through `read_input` (a size limit), and every JSON
document through `parse_json`: strict UTF-8, standard JSON only (no ``NaN``/``Infinity``, no
number too large for a float), nesting at most `MAX_DEPTH` deep, integers of at most
`MAX_INT_DIGITS` digits, and no lone surrogate (``"\\ud800"``) in any string or key. Values
the translator builds from input (decoded events, bodies) are held to the same limits with
`check_value` before they are printed. Breaking a limit is an `InputError`: one line naming
the input and, where there is one, the JSON path.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from harness.compare import dotted_path
from harness.errors import ParityError

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""The largest file or stdin the CLI reads (the Messages API takes 32 MB requests)."""
MAX_DEPTH = 128
"""The deepest nesting of JSON arrays and objects accepted (well inside Python's recursion
limit, which the decoders and validators share)."""
MAX_INT_DIGITS = 4300
"""The longest JSON integer accepted, in digits (Python's default int/str conversion limit)."""
STDIN = "-"
_MAX_INT_BITS = math.ceil(MAX_INT_DIGITS * math.log2(10))


class InputError(ParityError):
    """Input the CLI cannot use; its text is one line naming the input."""


class NotJsonError(InputError):
    """The input is not a JSON document at all (as opposed to JSON over a limit)."""


def input_name(file: str | None) -> str:
    """How messages name ``file``: its path, or ``<stdin>``."""
    return "<stdin>" if file in (None, STDIN) else str(file)


def read_input(file: str | None) -> bytes:
    """The bytes of ``file`` (``-`` or None: stdin), at most `MAX_INPUT_BYTES` of them."""
    name = input_name(file)
    try:
        if file in (None, STDIN):
            raw: bytes = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with Path(str(file)).open("rb") as handle:
                raw = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB")
    return raw


def read_json(file: str | None) -> Any:
    """The JSON document in ``file``, within the limits."""
    return parse_json(read_input(file), input_name(file))


def parse_json(raw: bytes, name: str) -> Any:
    """``raw`` as one JSON document within the limits; ``name`` names it in errors."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotJsonError(f"{name}: not valid JSON: not UTF-8 (byte {exc.start})") from None
    try:
        value = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
        )
    except _LimitError as exc:
        raise InputError(f"{name}: {exc}") from None
    except RecursionError:
        raise InputError(f"{name}: JSON nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:
        raise NotJsonError(f"{name}: not valid JSON: {_first_line(exc)}") from None
    check_value(value, name)
    return value


def check_value(value: Any, name: str) -> None:
    """``value`` (parsed JSON, or built from it) within the limits: depth, finite numbers,
    integer length, no lone surrogates; `InputError` naming ``name`` and the path."""
    stack: list[tuple[Any, list[str | int], int]] = [(value, [], 0)]
    while stack:
        item, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(f"{name}: JSON nested more than {MAX_DEPTH} levels deep")
        problem = _scalar_problem(item)
        if problem:
            raise InputError(f"{name}: {_at(path)}{problem}")
        if isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and _has_surrogate(key):
                    raise InputError(f"{name}: {_at(path)}a key holds a lone surrogate")
                stack.append((child, [*path, str(key)], depth + 1))
        elif isinstance(item, list | tuple):
            stack.extend((child, [*path, i], depth + 1) for i, child in enumerate(item))


def _scalar_problem(item: Any) -> str | None:
    if isinstance(item, str):
        return "a string holds a lone surrogate (not UTF-8)" if _has_surrogate(item) else None
    if isinstance(item, float) and not math.isfinite(item):
        return f"the number {item} is not JSON"
    # a bit length bounds the digit count without converting the integer
    if isinstance(item, int) and item.bit_length() > _MAX_INT_BITS:
        return f"an integer longer than {MAX_INT_DIGITS} digits"
    return None


def _at(path: list[str | int]) -> str:
    return f"{dotted_path(path)}: " if path else ""


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class _LimitError(ValueError):
    """Valid JSON syntax the reader refuses (raised from inside the parser's hooks)."""


def _refuse_constant(word: str) -> Any:
    raise _LimitError(f"{word} is not JSON (non-finite numbers are refused)")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _LimitError(f"the number {text[:40]} is too large for a float")
    return value


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _LimitError(f"an integer of {digits} digits (at most {MAX_INT_DIGITS})")
    return int(text)


def _first_line(exc: Exception) -> str:
    lines = str(exc).splitlines()
    return lines[0] if lines else type(exc).__name__
