"""The words every part of the engine shares, defined once: modes, verdicts, run modes."""

from __future__ import annotations

from typing import Literal

from adapters.base import JSON

__all__ = ["JSON", "MODES", "RECORD_MODES", "VERDICTS", "Mode", "RunMode", "Verdict"]

Mode = Literal["json", "stream"]
MODES: tuple[Mode, ...] = ("json", "stream")
"""A case's mode: a non-streaming call, or a streamed one."""

Verdict = Literal["green", "amber", "red", "grey"]
VERDICTS: tuple[Verdict, ...] = ("green", "amber", "red", "grey")

RunMode = Literal["replay", "record-simulator", "record-live"]
RECORD_MODES: tuple[RunMode, ...] = ("replay", "record-simulator", "record-live")
"""How a run gets its responses: replayed cassettes, or recorded (simulator or live)."""
