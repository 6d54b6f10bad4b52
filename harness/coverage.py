"""How much of the Messages API surface the scenario corpus covers, as a figure.

The surface is the official SDK 2.12's types (`harness.coverage_sdk`: content blocks, deltas,
tools, tool choices, thinking forms, stop reasons, request parameters). A type is
**covered** when a scenario uses it: a reply's blocks and stop reason, the deltas the
simulator streams for a reply, a request's blocks, tools, ``tool_choice``, ``thinking`` and
top-level keys (a front-door scenario by the Anthropic request the front door makes of it).
Every other type must be **declared** in ``fixtures/coverage.yaml`` with its reason: ``open``
(not covered yet; the reason names the issue that covers it) or ``not_applicable`` (cannot be
a scenario, and why). A type neither covered nor declared is **missing**; a declared one
that a scenario covers, or that the SDK does not have, is **stale**. The corpus is accounted
for when nothing is missing or stale; `markdown` renders the table docs/MAPPINGS.md shows.

``python -m harness.coverage [--write FILE]`` prints the table (or rewrites it in FILE
between the coverage markers).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from adapters.base import JSON, TranslationError
from harness.coverage_sdk import KINDS, SDK_VERSION, sdk_surface
from harness.errors import ConfigError
from harness.fronts import get_front
from harness.scenarios import Scenario, iter_scenarios, load_all
from harness.simulator.script import reply_events

STATUSES = ("open", "not_applicable")
START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"
TITLES = {
    "response_blocks": "response content blocks (`ContentBlock`)",
    "request_blocks": "request content blocks (`ContentBlockParam`)",
    "deltas": "stream deltas (`RawContentBlockDelta`)",
    "tools": "tools (`ToolUnionParam`)",
    "tool_choice": "tool choices (`ToolChoiceParam`)",
    "thinking": "thinking forms (`ThinkingConfigParam`)",
    "stop_reasons": "stop reasons (`StopReason`)",
    "request_parameters": "request parameters (`MessageCreateParams`)",
}


@dataclass(frozen=True)
class Declared:
    """A type without a scenario: ``open`` or ``not_applicable``, and why."""

    status: str
    reason: str


@dataclass
class Coverage:
    """Per kind and type: the scenarios that use it, or its declaration; what is wrong."""

    surface: dict[str, list[str]]
    used: dict[str, dict[str, list[str]]]
    declared: dict[str, dict[str, Declared]]
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        """How many types are ``covered``, ``open`` or ``not_applicable``."""
        return sum(
            1
            for kind, names in self.surface.items()
            for n in names
            if self.status(kind, n) == status
        )

    def status(self, kind: str, name: str) -> str:
        if self.used[kind].get(name):
            return "covered"
        known = self.declared.get(kind, {}).get(name)
        return known.status if known else "missing"

    def figure(self) -> str:
        total = sum(len(names) for names in self.surface.values())
        covered = self.count("covered")
        accounted = covered + self.count("open") + self.count("not_applicable")
        return (
            f"{covered} of {total} SDK {SDK_VERSION} types covered by a scenario "
            f"({100 * covered / total:.0f}%); {self.count('open')} open, "
            f"{self.count('not_applicable')} not applicable; "
            f"{100 * accounted / total:.0f}% accounted for"
        )


def load_declared(path: Path) -> dict[str, dict[str, Declared]]:
    """``fixtures/coverage.yaml``: kind -> type -> `Declared` (a bad entry: `ConfigError`)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must map kinds to types")
    out: dict[str, dict[str, Declared]] = {}
    for kind, entries in data.items():
        if kind not in KINDS or not isinstance(entries, dict):
            raise ConfigError(f"{path}: {kind}: not a kind ({', '.join(KINDS)}) of types")
        for name, entry in entries.items():
            where = f"{path}: {kind}.{name}"
            if not isinstance(entry, dict) or set(entry) != {"status", "reason"}:
                raise ConfigError(f"{where}: needs exactly status and reason")
            if entry["status"] not in STATUSES or not str(entry["reason"]).strip():
                raise ConfigError(f"{where}: status is one of {STATUSES}, with a reason")
            out.setdefault(kind, {})[str(name)] = Declared(entry["status"], str(entry["reason"]))
    return out


def corpus_usage(scenarios: Iterable[Scenario]) -> dict[str, dict[str, list[str]]]:
    """Kind -> type -> the ids of the scenarios that use it."""
    used: dict[str, dict[str, list[str]]] = {kind: {} for kind in KINDS}
    for scenario in scenarios:
        for kind, name in sorted(_uses(scenario)):
            used[kind].setdefault(name, []).append(scenario.id)
    return used


def measure(
    surface: dict[str, list[str]],
    used: dict[str, dict[str, list[str]]],
    declared: dict[str, dict[str, Declared]],
) -> Coverage:
    """The coverage of ``surface`` by ``used`` and ``declared``, with what is missing or stale."""
    report = Coverage(surface, used, declared)
    for kind, names in surface.items():
        for name in names:
            if report.status(kind, name) == "missing":
                report.missing.append(f"{kind}.{name}: no scenario uses it and it is not declared")
        for name in declared.get(kind, {}):
            if name not in names:
                report.stale.append(f"{kind}.{name}: declared, but the SDK has no such type")
            elif used[kind].get(name):
                first = used[kind][name][0]
                report.stale.append(f"{kind}.{name}: declared, but {first} covers it")
    for kind in declared:
        if kind not in surface:
            report.stale.append(f"{kind}: not a kind the SDK surface has")
    return report


def _uses(scenario: Scenario) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    request = _anthropic_request(scenario)
    if request is not None:
        found |= _request_uses(request, scenario.endpoint == "messages")
    reply = scenario.reply
    if scenario.reply_kind() == "message":
        found |= {("response_blocks", str(b.get("type"))) for b in reply.get("content") or []}
        found.add(("stop_reasons", str(reply.get("stop_reason"))))
        if "stream" in scenario.modes:
            events = reply_events(reply, model="m", message_id="msg_coverage")
            found |= {
                ("deltas", str(e["delta"].get("type")))
                for e in events
                if e.get("type") == "content_block_delta"
            }
    return found


def _anthropic_request(scenario: Scenario) -> JSON | None:
    if scenario.front == "anthropic":
        return scenario.request
    try:
        return get_front(scenario.front).to_anthropic(scenario.request)
    except TranslationError:
        return None  # the front door refuses it: no Anthropic request is made


def _request_uses(request: Mapping[str, Any], messages_endpoint: bool) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    if messages_endpoint:
        found |= {("request_parameters", str(key)) for key in request}
    for message in request.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        found |= {("request_blocks", kind) for kind in _block_types(content)}
    for tool in request.get("tools") or []:
        found.add(("tools", str(tool.get("type") or "custom")))
    for key, kind in (("tool_choice", "tool_choice"), ("thinking", "thinking")):
        value = request.get(key)
        if isinstance(value, dict):
            found.add((kind, str(value.get("type"))))
    return found


def _block_types(content: Any) -> set[str]:
    if not isinstance(content, list):
        return set()
    kinds: set[str] = set()
    for block in content:
        if isinstance(block, dict):
            kinds.add(str(block.get("type")))
            kinds |= _block_types(block.get("content"))  # a tool result's blocks
    return kinds


def markdown(report: Coverage) -> str:
    """The coverage table: one row per type, with a scenario that uses it (the first by id)
    or the reason there is none."""
    lines = [START, "", f"**{report.figure()}.**", ""]
    for kind, names in report.surface.items():
        lines += [f"#### {TITLES[kind]}", "", "| type | status | a scenario, or why none |"]
        lines.append("|---|---|---|")
        for name in names:
            status = report.status(kind, name)
            if status == "covered":
                detail = f"`{min(report.used[kind][name])}`"
            else:
                known = report.declared.get(kind, {}).get(name)
                detail = " ".join((known.reason if known else "(not declared)").split())
            lines.append(f"| `{name}` | {status.replace('_', ' ')} | {detail} |")
        lines.append("")
    return "\n".join([*lines, END])


def current(root: Path) -> Coverage:
    """The coverage of the project at ``root`` (its scenarios and fixtures/coverage.yaml)."""
    scenarios = list(iter_scenarios(load_all(root / "fixtures" / "scenarios")))
    declared = load_declared(root / "fixtures" / "coverage.yaml")
    return measure(sdk_surface(), corpus_usage(scenarios), declared)


def replace_table(text: str, table: str) -> str:
    """``text`` with what lies between the coverage markers replaced by ``table``."""
    head, start, rest = text.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise ConfigError(f"the coverage markers {START} ... {END} are missing")
    return head + table + tail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.coverage")
    parser.add_argument("--write", type=Path, help="rewrite the table in this file")
    args = parser.parse_args(argv)
    report = current(Path.cwd())
    table = markdown(report)
    if args.write:
        args.write.write_text(replace_table(args.write.read_text(encoding="utf-8"), table))
    else:
        print(table)
    for problem in report.missing + report.stale:
        print(f"parity: {problem}", file=sys.stderr)
    return 1 if report.missing or report.stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
