"""Structural comparison: == first, DeepDiff only on a mismatch, differences as findings."""

from __future__ import annotations

import json
import re
from typing import Any

from deepdiff import DeepDiff

from harness.findings import Finding

MAX_FINDINGS_PER_CHECK = 25
_MISSING = "<missing>"
_PATH_PARTS = re.compile(r"\[\d+\]|\.?[^.\[]+")


def diff(expected: Any, actual: Any, *, check: str, against: str) -> list[Finding]:
    """Findings for every difference between ``expected`` and ``actual``.

    ``against`` names what was expected (``"the golden outcome"``) for the messages.
    """
    if expected == actual and same_json(expected, actual):
        return []
    tree = DeepDiff(expected, actual, view="tree", threshold_to_diff_deeper=0, verbose_level=2)
    findings: list[Finding] = []
    for kind in sorted(tree.keys()):
        for level in tree[kind]:
            path = dotted_path(level.path(output_format="list"))
            exp = _value(level.t1)
            act = _value(level.t2)
            if kind.endswith("_added"):
                message = f"present here but not in {against}"
            elif kind.endswith("_removed"):
                message = f"missing here but present in {against}"
            elif kind == "type_changes":
                message = f"type differs from {against}"
            else:
                message = f"value differs from {against}"
            findings.append(Finding(check, path, exp, act, message))
    findings.sort(key=lambda f: _sort_key(f.path))
    if len(findings) > MAX_FINDINGS_PER_CHECK:
        extra = len(findings) - MAX_FINDINGS_PER_CHECK
        where = common_path([f.path for f in findings[MAX_FINDINGS_PER_CHECK:]])
        findings = findings[:MAX_FINDINGS_PER_CHECK]
        findings.append(Finding(check, where, None, None, f"and {extra} more differences"))
    return findings


def common_path(paths: list[str]) -> str:
    """The longest path every one of ``paths`` is at or below (``""`` when none is).

    The findings a cap leaves out are named by it, so that a declared difference covering
    all of them (``events`` in a stream) covers their summary too.
    """
    split = [_PATH_PARTS.findall(path) for path in paths]
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if any(part != parts[0] for part in parts):
            break
        common.append(parts[0])
    return "".join(common).lstrip(".")


def same_json(a: Any, b: Any) -> bool:
    """Equality as JSON sees it: ``true`` is not ``1`` and ``1`` is not ``1.0``."""
    try:
        return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    except (TypeError, ValueError):
        return bool(a == b)


def dotted_path(parts: list[Any]) -> str:
    """``['events', 3, 'delta', 'text']`` -> ``events[3].delta.text``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _value(value: Any) -> Any:
    return None if type(value).__name__ == "NotPresent" else value


def _sort_key(path: str) -> list[Any]:
    key: list[Any] = []
    for part in path.replace("[", ".[").split("."):
        if part.startswith("[") and part.endswith("]") and part[1:-1].isdigit():
            key.append((0, int(part[1:-1])))
        else:
            key.append((1, part))
    return key
