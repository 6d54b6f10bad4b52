"""Strict JSON for every file Parity writes: no NaN or Infinity, no unencodable text.

A decoded response can hold what JSON (RFC 8259) or UTF-8 cannot: Python's ``json`` reads
``NaN`` and ``Infinity``, and a ``"\\ud800"`` escape becomes a lone surrogate. Written as
they are, the first makes a file other JSON readers reject and the second cannot be encoded
at all. Here a non-finite number becomes the string ``"NaN"``, ``"Infinity"`` or
``"-Infinity"``, and a lone surrogate is written as its ``\\uXXXX`` escape (in JSON text,
where a reader gets the same string back) or shown as that escape (in a report).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")


def finite(value: Any) -> Any:
    """``value`` with every non-finite float replaced by its name as a string."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value


def printable(value: Any) -> Any:
    """`finite` ``value``, with each lone surrogate in a string (or key) shown as ``\\uXXXX``
    text: what a report can encode and show."""
    if isinstance(value, str):
        return _SURROGATE.sub(_escape, value)
    if isinstance(value, dict):
        return {printable(key): printable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [printable(item) for item in value]
    return finite(value)


def dumps(value: Any, *, indent: int | None = None, sort_keys: bool = False) -> str:
    """``value`` as strict JSON text that encodes as UTF-8 (see the module's doc)."""
    text = json.dumps(
        finite(value), indent=indent, sort_keys=sort_keys, ensure_ascii=False, allow_nan=False
    )
    # A raw surrogate can only be inside a string literal, where its escape is valid JSON.
    return _SURROGATE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"
