"""Golden files: the reviewed, normalized wire request and outcome of every case.

One JSON file per case at ``fixtures/golden/<scenario>/<target>-<mode>.json`` holding
``{"request": ..., "outcome": ...}`` (plus ``front_outcome`` for a scenario written in another
front, such as OpenAI's), pretty-printed with sorted keys so that every change is
a readable diff. They are written only when asked (``--update-golden``), atomically.
"""

from __future__ import annotations

import difflib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adapters.base import JSON
from harness import strict_json
from harness.compare import diff
from harness.errors import ParityError
from harness.findings import Finding
from harness.secrets import scan


class GoldenError(ParityError):
    """A golden file that exists but cannot be read."""


def dumps(data: Any) -> str:
    """The canonical text of a golden file."""
    return strict_json.dumps(data, indent=2, sort_keys=True) + "\n"


@dataclass(frozen=True)
class Golden:
    """A golden file's content."""

    request: JSON
    outcome: JSON
    front_outcome: JSON | None = None

    def to_dict(self) -> JSON:
        data: JSON = {"request": self.request, "outcome": self.outcome}
        if self.front_outcome is not None:
            data["front_outcome"] = self.front_outcome
        return data


def read(path: Path) -> Golden | None:
    """The golden file at ``path``, or None when there is none."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise GoldenError(
            f"{path}: golden file is not valid JSON ({exc}); fix it or "
            "regenerate it with --update-golden"
        ) from None
    if not isinstance(data, dict) or "request" not in data or "outcome" not in data:
        raise GoldenError(f"{path}: golden file must hold `request` and `outcome`")
    return Golden(data["request"], data["outcome"], data.get("front_outcome"))


@dataclass(frozen=True)
class Update:
    """A golden file that was written: its path, and the unified diff applied to it (None
    for a new file)."""

    path: Path
    diff: str | None


def write_if_changed(
    path: Path, golden: Golden, known_secrets: Iterable[str] = ()
) -> Update | None:
    """Write the golden file when its content would change; the update, or None. A golden
    that would hold a secret (a credential shape or a value in ``known_secrets``) is refused
    with a `GoldenError` and nothing is written."""
    text = dumps(golden.to_dict())
    leaks = scan(text, known_secrets)
    if leaks:
        raise GoldenError(
            f"{path}: refusing to write a golden file holding a secret "
            f"({', '.join(sorted(set(leaks)))})"
        )
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    if old == text:
        return None
    change = None
    if old is not None:
        change = "".join(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"a/{path.name}",
                tofile=f"b/{path.name}",
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".golden-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return Update(path, change)


def compare_request(golden: JSON, actual: JSON) -> list[Finding]:
    return diff(golden, actual, check="golden-request", against="the golden wire request")


def compare_outcome(golden: JSON, actual: JSON) -> list[Finding]:
    return diff(golden, actual, check="golden", against="the golden outcome")


def compare_front(golden: JSON | None, actual: JSON | None) -> list[Finding]:
    found = diff(golden, actual, check="golden", against="the golden front outcome")
    return [
        Finding(f.check, f"front.{f.path}" if f.path else "front", f.expected, f.actual, f.message)
        for f in found
    ]
