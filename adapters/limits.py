"""The limits on data entering the translator, checked once where it enters.

JSON from a backend (a response body, a stream event, tool input) is read with `loads`;
a request body handed to an adapter is checked with `check_value`. Both hold it to:

- nesting at most `MAX_DEPTH` objects and arrays deep (deeper input would exhaust Python's
  recursion limit somewhere downstream: a copy, a validation, a serialization);
- integers of at most `MAX_INT_DIGITS` digits (Python refuses to convert longer ones to and
  from text);
- finite numbers only (no ``NaN``, ``Infinity``, nor a float literal that overflows to it);
- text that is valid Unicode: no lone surrogate (``"\\ud800"`` parses in Python but cannot
  be encoded as UTF-8 again, so nothing downstream could send or print it).

A breach raises `LimitError` (a ValueError, so code reading "is this JSON?" treats it as
"no"), naming where it is. `excerpt` gives the bounded rendering of a value that every error
message quoting backend or client data uses.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 64
MAX_INT_DIGITS = 1000
EXCERPT_CHARS = 120

_MAX_INT = 10**MAX_INT_DIGITS
# Strings (so that their brackets are not counted) and the brackets themselves.
_TOKENS = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]', re.DOTALL)
# Escapes: a surrogate pair, a lone surrogate, or any other escape (consumed whole so that
# an escaped backslash cannot start a false match).
_ESCAPES = re.compile(
    r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    r"|\\u([dD][89a-fA-F][0-9a-fA-F]{2})|\\.",
    re.DOTALL,
)
_SURROGATE = re.compile("[\ud800-\udfff]")


class LimitError(ValueError):
    """Data beyond the translator's limits: too deep, a number too long or not finite,
    or text that is not valid Unicode. ``path`` names the field when it is known."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def excerpt(value: Any, limit: int = EXCERPT_CHARS) -> str:
    """A short, printable rendering of ``value`` for an error message: a string's text, or
    another value's ``repr``, on one line and cut to ``limit`` characters with ``...``.
    Never raises: huge integers, deep nesting and lone surrogates are rendered safely."""
    text = value[: limit * 2] if isinstance(value, str) else _safe_repr(value, limit)
    text = " ".join(text.encode("utf-8", "backslashreplace").decode("utf-8").split())
    return text if len(text) <= limit else text[:limit] + "..."


def loads(data: bytes | str) -> Any:
    """The JSON value of ``data`` (bytes as UTF-8, a leading BOM tolerated), within the
    limits. ValueError when it is not JSON; `LimitError` when it breaches a limit."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
    check_text(text)
    return json.loads(
        text,
        parse_int=_parse_int,
        parse_float=_parse_float,
        parse_constant=_reject_constant,
    )


def check_text(text: str) -> None:
    """`LimitError` when JSON ``text`` nests too deep or holds a lone surrogate (raw or as
    an escape). Text that is not JSON is left for the parser to reject."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise LimitError(f"JSON nested deeper than {MAX_DEPTH} levels")
        elif token in "]}":
            depth -= 1
    if not text.isascii() and _SURROGATE.search(text):
        raise LimitError("text holds a lone surrogate, which is not valid Unicode")
    if "\\" in text:
        for escape in _ESCAPES.finditer(text):
            if escape.group(2) is not None:
                raise LimitError(
                    f"JSON text holds a lone surrogate escape \\u{escape.group(2)}, "
                    "which is not valid Unicode"
                )


def check_value(value: Any, path: str = "") -> None:
    """`LimitError` (naming the field, e.g. ``messages[2].content``) when a Python value
    that is to be sent as JSON breaches a limit or holds something JSON cannot carry."""
    stack: list[tuple[Any, str, int]] = [(value, path, 0)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, (dict, list, tuple)):
            if depth >= MAX_DEPTH:
                raise LimitError(f"nested deeper than {MAX_DEPTH} levels", where)
            stack.extend(_children(item, where, depth + 1))
        elif isinstance(item, str):
            if not item.isascii() and _SURROGATE.search(item):
                raise LimitError("text holds a lone surrogate (not valid Unicode)", where)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if abs(item) >= _MAX_INT:
                raise LimitError(f"an integer longer than {MAX_INT_DIGITS} digits", where)
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise LimitError(f"{item!r} is not a JSON number", where)
        else:
            raise LimitError(f"a {type(item).__name__} is not a JSON value", where)


def _children(item: dict[Any, Any] | list[Any] | tuple[Any, ...], where: str, depth: int) -> Any:
    if isinstance(item, dict):
        for key, child in item.items():
            if not isinstance(key, str):
                raise LimitError(f"the key {excerpt(key)} is not a string", where)
            if not key.isascii() and _SURROGATE.search(key):
                raise LimitError("a key holds a lone surrogate (not valid Unicode)", where)
            yield child, f"{where}.{key}" if where else key, depth
    else:
        for index, child in enumerate(item):
            yield child, f"{where}[{index}]", depth


def _safe_repr(value: Any, limit: int) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _MAX_INT:
        return f"<an integer of more than {MAX_INT_DIGITS} digits>"
    if isinstance(value, (dict, list, tuple)) and len(value) > limit:
        return f"<a {type(value).__name__} of {len(value)} items>"
    try:
        return repr(value)[: limit * 2]
    except (ValueError, RecursionError):  # a huge integer or deep nesting inside
        return f"<a {type(value).__name__} too large to show>"


def _parse_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise LimitError(f"JSON holds an integer of {digits} digits (at most {MAX_INT_DIGITS})")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise LimitError(f"JSON holds a number too large for a float: {excerpt(text)}")
    return value


def _reject_constant(name: str) -> Any:
    raise LimitError(f"{name} is not a JSON number")
