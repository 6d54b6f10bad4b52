"""What a scenario declares about its cases: ``not_applicable``, ``known_differences``,
``refused`` and ``expect``."""

from __future__ import annotations

import re
from typing import Any

from harness import registry
from harness.scenarios.fields import Fields
from harness.scenarios.model import (
    EXPECT_OPS,
    Expectation,
    KnownDifference,
    NotApplicable,
    Refusal,
)
from harness.vocabulary import MODES


def not_applicable(f: Fields, value: Any) -> tuple[NotApplicable, ...]:
    out = []
    for i, item in enumerate(f.seq(value, ["not_applicable"])):
        path: list[str | int] = ["not_applicable", i]
        entry = f.mapping(item, path)
        f.keys(entry, {"target", "mode", "reason"}, path)
        target = f.choice(entry.get("target"), registry.targets(), [*path, "target"])
        mode = _mode(f, entry, path)
        reason = f.string(entry.get("reason"), [*path, "reason"])
        out.append(NotApplicable(target=target, reason=reason, mode=mode))
    return tuple(out)


def known_differences(f: Fields, value: Any) -> tuple[KnownDifference, ...]:
    out = []
    for target, items in f.mapping(value, ["known_differences"]).items():
        f.choice(target, registry.targets(), ["known_differences", target])
        for i, item in enumerate(f.seq(items, ["known_differences", target])):
            path: list[str | int] = ["known_differences", target, i]
            entry = f.mapping(item, path)
            f.keys(entry, {"path", "reason", "mode"}, path)
            mode = _mode(f, entry, path)
            out.append(
                KnownDifference(
                    target=target,
                    path=f.string(entry.get("path"), [*path, "path"]),
                    reason=f.string(entry.get("reason"), [*path, "reason"]),
                    mode=mode,
                )
            )
    return tuple(out)


def refused(f: Fields, value: Any) -> tuple[Refusal, ...]:
    out = []
    for target, entry in f.mapping(value, ["refused"]).items():
        path: list[str | int] = ["refused", target]
        f.choice(target, registry.targets(), path)
        item = f.mapping(entry, path)
        f.keys(item, {"field", "reason", "mode"}, path)
        mode = _mode(f, item, path)
        out.append(
            Refusal(
                target=target,
                field=f.string(item.get("field"), [*path, "field"]),
                reason=f.string(item.get("reason"), [*path, "reason"]),
                mode=mode,
            )
        )
    return tuple(out)


def expectations(f: Fields, value: Any) -> tuple[Expectation, ...]:
    out = []
    for i, item in enumerate(f.seq(value, ["expect"])):
        path: list[str | int] = ["expect", i]
        entry = f.mapping(item, path)
        f.keys(entry, {"path", *EXPECT_OPS}, path)
        target_path = f.string(entry.get("path"), [*path, "path"])
        ops = [op for op in EXPECT_OPS if op in entry]
        if len(ops) != 1:
            raise f.fail(path, f"needs exactly one of: {', '.join(EXPECT_OPS)}")
        op = ops[0]
        val = entry[op]
        if op == "one_of":
            f.seq(val, [*path, op])
        if op == "exists" and not isinstance(val, bool):
            raise f.fail([*path, op], "must be true or false")
        if op == "matches":
            try:
                re.compile(f.string(val, [*path, op]))
            except re.error as exc:
                raise f.fail([*path, op], f"invalid regular expression: {exc}") from None
        if op == "length":
            f.integer(val, [*path, op])
        out.append(Expectation(target_path, op, val, f.line(path)))
    return tuple(out)


def _mode(f: Fields, entry: dict[str, Any], path: list[str | int]) -> str | None:
    mode = entry.get("mode")
    return None if mode is None else f.choice(mode, MODES, [*path, "mode"])
