"""Scenario files: load the YAML, validate it, and report mistakes with file and line.

A scenario is one YAML file under ``fixtures/scenarios/``; its id is its path there without
the ``.yaml`` suffix (``tools/single-call``). `docs/SCENARIOS.md` is the reference for the
format; this module is its enforcement. A broken file becomes a `BrokenScenario` so that it
fails alone while every other scenario still runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from adapters.base import API_VERSIONS, JSON, Endpoint
from harness import registry
from harness.errors import ScenarioError
from harness.fronts import fronts
from harness.vocabulary import MODES

STOP_REASONS = (
    "end_turn",
    "max_tokens",
    "stop_sequence",
    "tool_use",
    "pause_turn",
    "refusal",
    "model_context_window_exceeded",
)
# Converse stop reasons a scenario may script for the Bedrock Converse simulator.
CONVERSE_STOP_REASONS = (
    "end_turn",
    "tool_use",
    "max_tokens",
    "stop_sequence",
    "guardrail_intervened",
    "content_filtered",
    "malformed_model_output",
    "malformed_tool_use",
    "model_context_window_exceeded",
)
OUTPUT_BLOCK_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text",),
    "thinking": ("thinking", "signature"),
    "redacted_thinking": ("data",),
    "tool_use": ("id", "name", "input"),
}
EXPECT_OPS: tuple[str, ...] = ("equals", "not_equals", "one_of", "exists", "matches", "length")

_TOP_KEYS = {
    "id",
    "title",
    "description",
    "tags",
    "front",
    "endpoint",
    "api_version",
    "betas",
    "request",
    "reply",
    "modes",
    "not_applicable",
    "known_differences",
    "refused",
    "expect",
}
_REPLY_MESSAGE_KEYS = {
    "content",
    "stop_reason",
    "stop_sequence",
    "usage",
    "stream_error",
    "id",
    "openai",
    "bedrock",
}
# How the simulated OpenAI-compatible server words a reply (see docs/SCENARIOS.md).
_REPLY_OPENAI_KEYS = {"interleave_tool_calls", "usage_chunk", "empty_tool_calls", "matched_stop"}
_USAGE_KEYS = {
    "input_tokens",
    "output_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
    "cache_creation",
}
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*(/[a-z0-9][a-z0-9_.-]*)*$")


@dataclass(frozen=True)
class Expectation:
    """One assertion on the outcome view (see `harness.expectations`)."""

    path: str
    op: str
    value: Any
    line: int | None


@dataclass(frozen=True)
class KnownDifference:
    """A declared parity difference for one target: it turns red into amber, with a reason."""

    target: str
    path: str
    reason: str
    mode: str | None = None


@dataclass(frozen=True)
class NotApplicable:
    """A target (and optionally one mode) this scenario does not apply to, and why."""

    target: str
    reason: str
    mode: str | None = None


@dataclass(frozen=True)
class Refusal:
    """On ``target``, the translator must refuse the request, naming ``field``: a documented
    limit of that backend. The case is then amber with the reason; red if it does not refuse."""

    target: str
    field: str
    reason: str
    mode: str | None = None


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. ``request`` never holds ``stream``: the mode sets it."""

    id: str
    file: Path
    title: str
    description: str
    tags: tuple[str, ...]
    front: str
    endpoint: Endpoint
    api_version: str | None
    betas: tuple[str, ...]
    request: JSON
    reply: JSON
    modes: tuple[str, ...]
    not_applicable: tuple[NotApplicable, ...]
    known_differences: tuple[KnownDifference, ...]
    expect: tuple[Expectation, ...]
    refused: tuple[Refusal, ...] = ()

    def reply_kind(self) -> str:
        """``message``, ``error`` or ``count_tokens``."""
        if "error" in self.reply:
            return "error"
        if "input_tokens" in self.reply and "content" not in self.reply:
            return "count_tokens"
        return "message"

    def not_applicable_reason(self, target: str, mode: str) -> str | None:
        for na in self.not_applicable:
            if na.target == target and na.mode in (None, mode):
                return na.reason
        return None

    def refusal_for(self, target: str, mode: str) -> Refusal | None:
        for refusal in self.refused:
            if refusal.target == target and refusal.mode in (None, mode):
                return refusal
        return None

    def known_differences_for(self, target: str, mode: str) -> list[KnownDifference]:
        return [
            kd for kd in self.known_differences if kd.target == target and kd.mode in (None, mode)
        ]


@dataclass(frozen=True)
class BrokenScenario:
    """A scenario file that failed to load; its cases fail with ``error``."""

    id: str
    file: Path
    error: ScenarioError


def scenario_id_for(file: Path, root: Path) -> str:
    """The id a file under ``root`` gets: its relative path without ``.yaml``."""
    rel = file.relative_to(root).as_posix()
    return rel[: -len(".yaml")] if rel.endswith(".yaml") else rel


def discover(root: Path) -> list[Path]:
    """Every scenario file under ``root``, sorted for a stable order."""
    return sorted(p for p in root.rglob("*.yaml") if p.is_file())


def load_all(root: Path, display_root: Path | None = None) -> list[Scenario | BrokenScenario]:
    """Load every scenario under ``root``; broken files are returned, not raised."""
    out: list[Scenario | BrokenScenario] = []
    for file in discover(root):
        try:
            out.append(load_scenario(file, root, display_root))
        except ScenarioError as exc:
            out.append(BrokenScenario(scenario_id_for(file, root), file, exc))
    return out


def load_scenario(file: Path, root: Path, display_root: Path | None = None) -> Scenario:
    """Load and validate one scenario file, raising `ScenarioError` with file and line."""
    shown = _display(file, display_root)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(shown, None, f"cannot read the file: {exc}") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError(shown, line, f"invalid YAML: {problem}") from None
    v = _Validator(shown, node)
    return v.scenario(data, scenario_id_for(file, root), file)


def _display(file: Path, display_root: Path | None) -> str:
    if display_root is not None:
        try:
            return file.resolve().relative_to(display_root.resolve()).as_posix()
        except ValueError:
            pass
    return file.as_posix()


def _type_name(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), type(value).__name__
    )


class _Validator:
    """Walks the loaded data, using the composed node tree to find line numbers."""

    def __init__(self, file: str, root: yaml.Node | None) -> None:
        self.file = file
        self.root = root

    # -- error helpers -------------------------------------------------------------------
    def line(self, path: Sequence[str | int]) -> int | None:
        node = self.root
        best = node.start_mark.line + 1 if node is not None else None
        for key in path:
            if isinstance(node, yaml.MappingNode):
                found = None
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == key:
                        found = v
                        best = k.start_mark.line + 1
                        break
                node = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                node = node.value[key] if key < len(node.value) else None
                if node is not None:
                    best = node.start_mark.line + 1
            else:
                node = None
            if node is None:
                break
        return best

    def fail(self, path: Sequence[str | int], message: str) -> ScenarioError:
        dotted = _dotted(path)
        text = f"{dotted}: {message}" if dotted else message
        return ScenarioError(self.file, self.line(path), text)

    def mapping(self, value: Any, path: Sequence[str | int]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"must be a mapping, got {_type_name(value)}")
        return value

    def seq(self, value: Any, path: Sequence[str | int]) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(path, f"must be a list, got {_type_name(value)}")
        return value

    def string(self, value: Any, path: Sequence[str | int]) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"must be a non-empty string, got {_type_name(value)}")
        return value

    def integer(self, value: Any, path: Sequence[str | int], minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, f"must be an integer, got {_type_name(value)}")
        if value < minimum:
            raise self.fail(path, f"must be at least {minimum}, got {value}")
        return value

    def keys(self, data: Mapping[str, Any], allowed: set[str], path: Sequence[str | int]) -> None:
        for key in data:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                raise self.fail([*path, key], f"unknown key (allowed: {hint})")

    def choice(self, value: Any, options: Sequence[str], path: Sequence[str | int]) -> str:
        if value not in options:
            raise self.fail(path, f"must be one of {', '.join(options)}, got {value!r}")
        return str(value)

    # -- the scenario --------------------------------------------------------------------
    def scenario(self, data: Any, sid: str, file: Path) -> Scenario:
        if data is None:
            raise ScenarioError(self.file, 1, "the file is empty")
        top = self.mapping(data, [])
        self.keys(top, _TOP_KEYS, [])
        if not _ID_RE.match(sid):
            raise self.fail([], f"file path gives id {sid!r}; use lower-case names, digits, - _ .")
        if "id" in top and top["id"] != sid:
            raise self.fail(["id"], f"must match the file path ({sid!r}), got {top['id']!r}")
        for required in ("title", "request", "reply"):
            if required not in top:
                raise self.fail([], f"missing required key {required!r}")
        title = self.string(top["title"], ["title"])
        description = top.get("description", "")
        if not isinstance(description, str):
            raise self.fail(["description"], "must be a string")
        tags = tuple(
            self.string(t, ["tags", i])
            for i, t in enumerate(self.seq(top.get("tags", []), ["tags"]))
        )
        front = self.choice(top.get("front", "anthropic"), fronts(), ["front"])
        endpoint_name = self.choice(
            top.get("endpoint", "messages"), ("messages", "count_tokens"), ["endpoint"]
        )
        endpoint: Endpoint = "count_tokens" if endpoint_name == "count_tokens" else "messages"
        api_version = top.get("api_version")
        if api_version is not None:
            api_version = self.choice(str(api_version), API_VERSIONS, ["api_version"])
        betas = tuple(
            self.string(b, ["betas", i])
            for i, b in enumerate(self.seq(top.get("betas", []), ["betas"]))
        )
        if front == "openai" and endpoint != "messages":
            raise self.fail(["endpoint"], "the openai front has only the messages endpoint")
        request = (
            self.openai_request(top["request"])
            if front == "openai"
            else self.request(top["request"], endpoint)
        )
        reply = self.reply(top["reply"], endpoint)
        default_modes = ["json"] if endpoint == "count_tokens" else list(MODES)
        modes_raw = self.seq(top.get("modes", default_modes), ["modes"])
        if not modes_raw:
            raise self.fail(["modes"], "must list at least one mode")
        modes = tuple(self.choice(m, MODES, ["modes", i]) for i, m in enumerate(modes_raw))
        if len(set(modes)) != len(modes):
            raise self.fail(["modes"], "lists a mode twice")
        if endpoint == "count_tokens" and "stream" in modes:
            raise self.fail(["modes"], "count_tokens has no streaming mode")
        return Scenario(
            id=sid,
            file=file,
            title=title,
            description=description,
            tags=tags,
            front=front,
            endpoint=endpoint,
            api_version=api_version,
            betas=betas,
            request=request,
            reply=reply,
            modes=modes,
            not_applicable=self.not_applicable(top.get("not_applicable", [])),
            known_differences=self.known_differences(top.get("known_differences", {})),
            expect=self.expectations(top.get("expect", [])),
            refused=self.refused(top.get("refused", {})),
        )

    def request(self, value: Any, endpoint: str) -> JSON:
        req = self.mapping(value, ["request"])
        if "stream" in req:
            raise self.fail(["request", "stream"], "do not set stream; `modes` decides it")
        self.string(req.get("model"), ["request", "model"])
        if endpoint == "messages":
            if "max_tokens" not in req:
                raise self.fail(["request"], "missing required key 'max_tokens'")
            self.integer(req["max_tokens"], ["request", "max_tokens"])
        messages = self.seq(req.get("messages"), ["request", "messages"])
        if not messages:
            raise self.fail(["request", "messages"], "must hold at least one message")
        for i, msg in enumerate(messages):
            path: list[str | int] = ["request", "messages", i]
            m = self.mapping(msg, path)
            self.choice(m.get("role"), ("user", "assistant"), [*path, "role"])
            content = m.get("content")
            if isinstance(content, str):
                continue
            for j, block in enumerate(self.seq(content, [*path, "content"])):
                b = self.mapping(block, [*path, "content", j])
                self.string(b.get("type"), [*path, "content", j, "type"])
        system = req.get("system")
        if system is not None and not isinstance(system, str):
            for i, block in enumerate(self.seq(system, ["request", "system"])):
                b = self.mapping(block, ["request", "system", i])
                if b.get("type") != "text":
                    raise self.fail(
                        ["request", "system", i, "type"], "system blocks are text blocks"
                    )
        return req

    def openai_request(self, value: Any) -> JSON:
        """An OpenAI chat-completions request (front: openai); the front door checks the rest."""
        req = self.mapping(value, ["request"])
        if "stream" in req:
            raise self.fail(["request", "stream"], "do not set stream; `modes` decides it")
        self.string(req.get("model"), ["request", "model"])
        messages = self.seq(req.get("messages"), ["request", "messages"])
        if not messages:
            raise self.fail(["request", "messages"], "must hold at least one message")
        roles = ("system", "developer", "user", "assistant", "tool")
        for i, msg in enumerate(messages):
            m = self.mapping(msg, ["request", "messages", i])
            self.choice(m.get("role"), roles, ["request", "messages", i, "role"])
        return req

    def reply(self, value: Any, endpoint: str) -> JSON:
        reply = self.mapping(value, ["reply"])
        if "error" in reply:
            self.keys(reply, {"error"}, ["reply"])
            err = self.mapping(reply["error"], ["reply", "error"])
            self.keys(err, {"status", "type", "message", "envelope"}, ["reply", "error"])
            status = self.integer(err.get("status"), ["reply", "error", "status"])
            if not 400 <= status <= 599:
                raise self.fail(["reply", "error", "status"], f"must be 400-599, got {status}")
            self.string(err.get("type"), ["reply", "error", "type"])
            self.string(err.get("message"), ["reply", "error", "message"])
            if "envelope" in err:
                self.choice(
                    err["envelope"], ("google", "anthropic"), ["reply", "error", "envelope"]
                )
            return reply
        if endpoint == "count_tokens":
            self.keys(reply, {"input_tokens"}, ["reply"])
            self.integer(reply.get("input_tokens"), ["reply", "input_tokens"])
            return reply
        self.keys(reply, _REPLY_MESSAGE_KEYS, ["reply"])
        for required in ("content", "stop_reason", "usage"):
            if required not in reply:
                raise self.fail(["reply"], f"missing required key {required!r}")
        for i, block in enumerate(self.seq(reply["content"], ["reply", "content"])):
            path: list[str | int] = ["reply", "content", i]
            b = self.mapping(block, path)
            kind = self.choice(b.get("type"), tuple(OUTPUT_BLOCK_FIELDS), [*path, "type"])
            self.keys(b, {"type", *OUTPUT_BLOCK_FIELDS[kind], "citations"}, path)
            for field in OUTPUT_BLOCK_FIELDS[kind]:
                if field not in b:
                    raise self.fail(path, f"{kind} block needs {field!r}")
            if kind == "tool_use":
                self.mapping(b["input"], [*path, "input"])
        self.choice(reply["stop_reason"], STOP_REASONS, ["reply", "stop_reason"])
        stop_sequence = reply.get("stop_sequence")
        if stop_sequence is not None:
            self.string(stop_sequence, ["reply", "stop_sequence"])
        usage = self.mapping(reply["usage"], ["reply", "usage"])
        self.keys(usage, _USAGE_KEYS, ["reply", "usage"])
        for key in ("input_tokens", "output_tokens"):
            if key not in usage:
                raise self.fail(["reply", "usage"], f"missing required key {key!r}")
        for key, val in usage.items():
            if key == "cache_creation":
                cc = self.mapping(val, ["reply", "usage", key])
                self.keys(
                    cc,
                    {"ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens"},
                    ["reply", "usage", key],
                )
                for k2, v2 in cc.items():
                    self.integer(v2, ["reply", "usage", key, k2])
            else:
                self.integer(val, ["reply", "usage", key])
        if "openai" in reply:
            wire = self.mapping(reply["openai"], ["reply", "openai"])
            self.keys(wire, _REPLY_OPENAI_KEYS, ["reply", "openai"])
            for key in ("interleave_tool_calls", "usage_chunk", "empty_tool_calls"):
                if key in wire and not isinstance(wire[key], bool):
                    raise self.fail(["reply", "openai", key], "must be true or false")
            if "matched_stop" in wire:
                self.choice(
                    wire["matched_stop"],
                    ("stop_reason", "matched_stop"),
                    ["reply", "openai", "matched_stop"],
                )
        if "bedrock" in reply:
            wire = self.mapping(reply["bedrock"], ["reply", "bedrock"])
            self.keys(wire, {"stop_reason"}, ["reply", "bedrock"])
            self.choice(
                wire.get("stop_reason"), CONVERSE_STOP_REASONS, ["reply", "bedrock", "stop_reason"]
            )
        if "stream_error" in reply:
            se = self.mapping(reply["stream_error"], ["reply", "stream_error"])
            self.keys(se, {"after_events", "type", "message"}, ["reply", "stream_error"])
            self.integer(se.get("after_events"), ["reply", "stream_error", "after_events"], 1)
            self.string(se.get("type"), ["reply", "stream_error", "type"])
            self.string(se.get("message"), ["reply", "stream_error", "message"])
        return reply

    def not_applicable(self, value: Any) -> tuple[NotApplicable, ...]:
        out = []
        for i, item in enumerate(self.seq(value, ["not_applicable"])):
            path: list[str | int] = ["not_applicable", i]
            entry = self.mapping(item, path)
            self.keys(entry, {"target", "mode", "reason"}, path)
            target = self.choice(entry.get("target"), registry.targets(), [*path, "target"])
            mode = entry.get("mode")
            if mode is not None:
                mode = self.choice(mode, MODES, [*path, "mode"])
            reason = self.string(entry.get("reason"), [*path, "reason"])
            out.append(NotApplicable(target=target, reason=reason, mode=mode))
        return tuple(out)

    def known_differences(self, value: Any) -> tuple[KnownDifference, ...]:
        out = []
        for target, items in self.mapping(value, ["known_differences"]).items():
            self.choice(target, registry.targets(), ["known_differences", target])
            for i, item in enumerate(self.seq(items, ["known_differences", target])):
                path: list[str | int] = ["known_differences", target, i]
                entry = self.mapping(item, path)
                self.keys(entry, {"path", "reason", "mode"}, path)
                mode = entry.get("mode")
                if mode is not None:
                    mode = self.choice(mode, MODES, [*path, "mode"])
                out.append(
                    KnownDifference(
                        target=target,
                        path=self.string(entry.get("path"), [*path, "path"]),
                        reason=self.string(entry.get("reason"), [*path, "reason"]),
                        mode=mode,
                    )
                )
        return tuple(out)

    def refused(self, value: Any) -> tuple[Refusal, ...]:
        out = []
        for target, entry in self.mapping(value, ["refused"]).items():
            path: list[str | int] = ["refused", target]
            self.choice(target, registry.targets(), path)
            item = self.mapping(entry, path)
            self.keys(item, {"field", "reason", "mode"}, path)
            mode = item.get("mode")
            if mode is not None:
                mode = self.choice(mode, MODES, [*path, "mode"])
            out.append(
                Refusal(
                    target=target,
                    field=self.string(item.get("field"), [*path, "field"]),
                    reason=self.string(item.get("reason"), [*path, "reason"]),
                    mode=mode,
                )
            )
        return tuple(out)

    def expectations(self, value: Any) -> tuple[Expectation, ...]:
        out = []
        for i, item in enumerate(self.seq(value, ["expect"])):
            path: list[str | int] = ["expect", i]
            entry = self.mapping(item, path)
            self.keys(entry, {"path", *EXPECT_OPS}, path)
            target_path = self.string(entry.get("path"), [*path, "path"])
            ops = [op for op in EXPECT_OPS if op in entry]
            if len(ops) != 1:
                raise self.fail(path, f"needs exactly one of: {', '.join(EXPECT_OPS)}")
            op = ops[0]
            val = entry[op]
            if op == "one_of":
                self.seq(val, [*path, op])
            if op == "exists" and not isinstance(val, bool):
                raise self.fail([*path, op], "must be true or false")
            if op == "matches":
                try:
                    re.compile(self.string(val, [*path, op]))
                except re.error as exc:
                    raise self.fail([*path, op], f"invalid regular expression: {exc}") from None
            if op == "length":
                self.integer(val, [*path, op])
            out.append(Expectation(target_path, op, val, self.line(path)))
        return tuple(out)


def _dotted(path: Sequence[str | int]) -> str:
    out = ""
    for key in path:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            out += f".{key}" if out else str(key)
    return out


def iter_scenarios(items: Sequence[Scenario | BrokenScenario]) -> Iterator[Scenario]:
    """Only the scenarios that loaded."""
    return (s for s in items if isinstance(s, Scenario))
