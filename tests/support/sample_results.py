"""Deterministic synthetic results (schema 1) for the report's tests and benchmark.

:func:`sample_results` builds ``n_cases`` cases across scenario families, the five targets
and both modes. From about a hundred cases on, every verdict is represented: green cases,
amber cases with matched known differences, red cases of several kinds (golden, usage,
parity, grammar, wire request, translation) and grey cases with a reason. The same
arguments always give the same dict.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
from dataclasses import dataclass, field
from typing import Any

from harness.registry import targets
from harness.vocabulary import MODES, VERDICTS

PARITY_VERSION = "0.1.0"
RECORDED_AT = "2026-11-21T11:00:00Z"
MODEL = "claude-sonnet-4-5"


@dataclass(frozen=True)
class _Family:
    name: str
    title: str
    tags: tuple[str, ...]
    kind: str  # text | tool | thinking | error | midstream | count
    modes: tuple[str, ...] = MODES
    not_applicable: dict[str, str] = field(default_factory=dict)
    known: dict[str, tuple[str, str]] = field(default_factory=dict)


_CONVERSE_CACHE = (
    "usage.cache_creation",
    "Converse reports cacheWriteInputTokens without the 5m/1h split",
)
_OPENAI_CACHE = (
    "usage.cache_creation",
    "chat completions reports no cache-creation breakdown",
)
_NO_THINKING = "chat completions has no thinking blocks or signatures"

_FAMILIES: tuple[_Family, ...] = (
    _Family("basic/hello", "A one-turn greeting", ("basic",), "text"),
    _Family(
        "basic/system-prompt",
        "A system prompt shapes a short answer",
        ("basic", "system"),
        "text",
        known={"bedrock-converse": _CONVERSE_CACHE},
    ),
    _Family(
        "tools/single-call", "One tool call; input arrives as input_json_delta", ("tools",), "tool"
    ),
    _Family(
        "tools/parallel-calls",
        "Two tool calls in one turn keep their indexes",
        ("tools", "parallel"),
        "tool",
        known={"openai": _OPENAI_CACHE},
    ),
    _Family(
        "thinking/signature-roundtrip",
        "Extended thinking with a signature that must survive the next turn",
        ("thinking",),
        "thinking",
        not_applicable={"openai": _NO_THINKING},
    ),
    _Family(
        "errors/overloaded-529",
        "The backend is overloaded before the first byte",
        ("errors",),
        "error",
    ),
    _Family(
        "errors/throttled-mid-stream",
        "A throttling frame ends the stream after three events",
        ("errors", "streaming"),
        "midstream",
        modes=("stream",),
    ),
    _Family(
        "count-tokens/basic",
        "count_tokens on a short conversation",
        ("count-tokens",),
        "count",
        modes=("json",),
        not_applicable={
            "bedrock-converse": "Converse has no count_tokens operation",
            "openai": "chat completions has no count_tokens endpoint",
        },
    ),
    _Family(
        "usage/cache-write",
        "A cache_control breakpoint reports cache creation tokens",
        ("usage", "caching"),
        "text",
        known={"bedrock-converse": _CONVERSE_CACHE, "openai": _OPENAI_CACHE},
    ),
    _Family(
        "stop/max-tokens",
        "The answer stops at max_tokens",
        ("stop-reasons",),
        "text",
    ),
)

_SENTENCES = (
    "The capital of France is Paris.",
    "Hello! How can I help you today?",
    "Bonjour, je suis ravi de vous aider — que puis-je faire ?",
    "Here are three short facts about the Moon: it is tidally locked, it has no "
    "atmosphere to speak of, and it is slowly drifting away from Earth.",
    "日本の首都は東京です。",
)


def sample_results(n_cases: int, *, seed: int = 7) -> dict[str, Any]:
    """A results dict (schema 1) holding exactly ``n_cases`` cases; deterministic per seed."""
    if n_cases < 0:
        raise ValueError("n_cases must not be negative")
    rng = random.Random(seed)
    cases: list[dict[str, Any]] = []
    scenario_index = 0
    while len(cases) < n_cases:
        family = _FAMILIES[scenario_index % len(_FAMILIES)]
        variant = scenario_index // len(_FAMILIES)
        scenario = family.name if variant == 0 else f"{family.name}-{variant + 1:03d}"
        text = _SENTENCES[scenario_index % len(_SENTENCES)]
        for target in targets():
            for mode in family.modes:
                if len(cases) < n_cases:
                    cases.append(_case(rng, family, scenario, text, target, mode))
        scenario_index += 1
    return recount(
        {
            "schema": 1,
            "run": {
                "parity_version": PARITY_VERSION,
                "git_commit": "3f9c2d41b7e8a0c5d6f1e2a3b4c5d6e7f8091a2b",
                "started_at": "2026-11-21T12:00:00Z",
                "finished_at": "2026-11-21T12:00:03Z",
                "record_mode": "replay",
                "python": "3.11.7",
                "packages": {
                    "anthropic": "0.125.0",
                    "openai": "3.54.0",
                    "httpx": "0.28.1",
                    "vcrpy": "9.4.2",
                    "boto3": "1.44.5",
                    "google-auth": "2.62.2",
                },
                "selection": None,
            },
            "totals": {},
            "cases": cases,
        }
    )


def recount(results: dict[str, Any]) -> dict[str, Any]:
    """``results`` with its totals recounted from its cases (after a test edits verdicts)."""
    cases = results["cases"]
    results["totals"] = {v: sum(1 for c in cases if c["verdict"] == v) for v in VERDICTS}
    return results


# --- one case -------------------------------------------------------------------------------


def _case(
    rng: random.Random, family: _Family, scenario: str, text: str, target: str, mode: str
) -> dict[str, Any]:
    case_id = f"{scenario}[{target}-{mode}]"
    request = _request(family, text, mode)
    outcome = _outcome(family, text, mode)
    case: dict[str, Any] = {
        "id": case_id,
        "scenario": scenario,
        "title": family.title,
        "tags": list(family.tags),
        "target": target,
        "mode": mode,
        "front": "anthropic",
        "api_version": "2023-06-01",
        "verdict": "green",
        "reason": None,
        "findings": [],
        "known_differences": [],
        "request": request,
        "wire_request": _wire_request(target, mode, request, family.kind == "count"),
        "golden_wire_request": None,
        "outcome": outcome,
        "golden_outcome": None,
        "canonical_case": None if target == "anthropic" else f"{scenario}[anthropic-{mode}]",
        "provenance": _provenance(target, scenario, mode),
        "timing_ms": _timing(rng),
    }
    if target in family.not_applicable:
        case.update(
            verdict="grey",
            reason=family.not_applicable[target],
            wire_request=None,
            outcome=None,
            provenance=None,
            timing_ms={"total": 0.1},
        )
        return case
    roll = rng.random()
    if target in family.known and roll < 0.85:
        path, reason = family.known[target]
        _drop_cache_split(outcome)
        case["verdict"] = "amber"
        case["known_differences"] = [{"path": path, "reason": reason, "matched": True}]
    elif roll > (0.97 if target == "anthropic" else 0.93):
        _make_red(rng, case)
    return case


def _make_red(rng: random.Random, case: dict[str, Any]) -> None:
    case["verdict"] = "red"
    outcome: dict[str, Any] = case["outcome"]
    kinds = ["golden", "usage", "golden-request", "translate"]
    if case["canonical_case"] is not None:
        kinds.append("parity")
    if any(e["type"] == "content_block_stop" for e in outcome.get("events", [])):
        kinds.append("grammar")
    kind = rng.choice(kinds)
    if kind == "translate":
        case.update(wire_request=None, outcome=None, provenance=None)
        case["findings"] = [
            _finding(
                "translate",
                "request.messages[0].content",
                None,
                None,
                "adapter raised TypeError: content must be a string or a list of blocks",
            )
        ]
        return
    if kind == "golden-request":
        golden = copy.deepcopy(case["wire_request"])
        body = case["wire_request"]["body"]
        key = "max_tokens" if "max_tokens" in body else "messages"
        golden["body"][key] = 1024 if key == "max_tokens" else []
        case["golden_wire_request"] = golden
        case["findings"] = [
            _finding(
                "golden-request",
                f"body.{key}",
                golden["body"][key],
                body[key],
                "wire request differs from the golden request",
            )
        ]
        return
    case["golden_outcome"] = copy.deepcopy(outcome)
    if kind == "golden":
        path, before, after = _truncate_text(outcome)
        case["findings"] = [
            _finding("golden", path, before, after, "value differs from the golden outcome")
        ]
    elif kind == "usage":
        path, before = _zero_output_tokens(outcome)
        case["findings"] = [
            _finding("usage", path, before, 0, "output_tokens is 0 although the reply has content"),
            _finding("golden", path, before, 0, "value differs from the golden outcome"),
        ]
    elif kind == "parity":
        case["golden_outcome"] = None
        path, before, after = _truncate_text(outcome)
        case["findings"] = [
            _finding(
                "parity",
                path,
                before,
                after,
                "differs from the canonical outcome and is not a declared difference",
            )
        ]
    else:
        stop = next(i for i, e in enumerate(outcome["events"]) if e["type"] == "content_block_stop")
        del outcome["events"][stop]
        case["findings"] = [
            _finding(
                "grammar",
                f"events[{stop}]",
                "content_block_stop",
                outcome["events"][stop]["type"],
                "content block 0 was never stopped",
            ),
            _finding(
                "golden",
                f"events[{stop}].type",
                "content_block_stop",
                outcome["events"][stop]["type"],
                "value differs from the golden outcome",
            ),
        ]


def _finding(check: str, path: str, expected: Any, actual: Any, message: str) -> dict[str, Any]:
    return {
        "check": check,
        "path": path,
        "expected": expected,
        "actual": actual,
        "message": message,
    }


# --- outcome mutations ------------------------------------------------------------------------


def _truncate_text(outcome: dict[str, Any]) -> tuple[str, Any, Any]:
    """Drop the last character of the first text; return (path, before, after)."""
    if "events" in outcome:
        for index, event in enumerate(outcome["events"]):
            delta = event.get("delta", {})
            if event["type"] == "content_block_delta" and delta.get("type") == "text_delta":
                before = delta["text"]
                delta["text"] = before[:-1]
                return f"events[{index}].delta.text", before, delta["text"]
    body = outcome.get("body", {})
    for index, block in enumerate(body.get("content", [])):
        if block.get("type") == "text":
            before = block["text"]
            block["text"] = before[:-1]
            return f"content[{index}].text", before, block["text"]
    before = outcome["status"]
    outcome["status"] = 500
    return "status", before, 500


def _zero_output_tokens(outcome: dict[str, Any]) -> tuple[str, Any]:
    if "events" in outcome:
        for index, event in enumerate(outcome["events"]):
            if event["type"] == "message_delta":
                before = event["usage"]["output_tokens"]
                event["usage"]["output_tokens"] = 0
                return f"events[{index}].usage.output_tokens", before
    usage = outcome.get("body", {}).get("usage")
    if isinstance(usage, dict) and "output_tokens" in usage:
        before = usage["output_tokens"]
        usage["output_tokens"] = 0
        return "usage.output_tokens", before
    body = outcome.setdefault("body", {})
    before = body.get("input_tokens")
    body["input_tokens"] = 0
    return "input_tokens", before


def _drop_cache_split(outcome: dict[str, Any]) -> None:
    usages: list[dict[str, Any]] = []
    if "events" in outcome:
        usages = [e["message"]["usage"] for e in outcome["events"] if e["type"] == "message_start"]
    elif isinstance(outcome.get("body", {}).get("usage"), dict):
        usages = [outcome["body"]["usage"]]
    for usage in usages:
        usage.pop("cache_creation", None)


# --- requests ---------------------------------------------------------------------------------

_WEATHER_TOOL = {
    "name": "get_weather",
    "description": "Current weather for a city",
    "input_schema": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
    },
}


def _request(family: _Family, text: str, mode: str) -> dict[str, Any]:
    request: dict[str, Any] = {
        "model": MODEL,
        "messages": [{"role": "user", "content": "Say something brief."}],
    }
    if family.kind == "count":
        return request
    request["max_tokens"] = 512
    if "system" in family.tags:
        request["system"] = "Answer in one sentence."
    if family.kind == "tool":
        request["tools"] = [_WEATHER_TOOL]
        request["messages"] = [{"role": "user", "content": "Weather in Paris and Lyon?"}]
    if family.kind == "thinking":
        request["thinking"] = {"type": "enabled", "budget_tokens": 1024}
        request["max_tokens"] = 2048
    if mode == "stream":
        request["stream"] = True
    return request


def _wire_request(target: str, mode: str, request: dict[str, Any], count: bool) -> dict[str, Any]:
    stream = mode == "stream"
    body = {k: v for k, v in request.items() if k not in ("model", "stream")}
    headers = {"content-type": "application/json"}
    if target == "anthropic":
        url = "https://api.anthropic.com/v1/messages" + ("/count_tokens" if count else "")
        headers |= {"anthropic-version": "2023-06-01", "x-api-key": "REDACTED"}
        body = dict(request)
    elif target == "vertex":
        model = "count-tokens" if count else MODEL
        verb = "streamRawPredict" if stream else "rawPredict"
        url = (
            "https://us-east5-aiplatform.googleapis.com/v1/projects/parity-fake/locations/"
            f"us-east5/publishers/anthropic/models/{model}:{verb}"
        )
        headers["authorization"] = "REDACTED"
        body["anthropic_version"] = "vertex-2023-10-16"
    elif target == "bedrock-invoke":
        verb = "invoke-with-response-stream" if stream else "invoke"
        url = f"https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.{MODEL}-v1:0/{verb}"
        headers |= {"authorization": "REDACTED", "x-amz-date": "20261121T110000Z"}
        body["anthropic_version"] = "bedrock-2023-05-31"
    elif target == "bedrock-converse":
        verb = "converse-stream" if stream else "converse"
        url = f"https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.{MODEL}-v1:0/{verb}"
        headers |= {"authorization": "REDACTED", "x-amz-date": "20261121T110000Z"}
        body = {
            "messages": [
                {"role": m["role"], "content": [{"text": m["content"]}]}
                for m in request["messages"]
            ],
            "inferenceConfig": {"maxTokens": request.get("max_tokens", 512)},
        }
    else:
        url = "https://api.openai.com/v1/chat/completions"
        headers["authorization"] = "REDACTED"
        body = {
            "model": "gpt-compatible",
            "messages": request["messages"],
            "max_completion_tokens": request.get("max_tokens", 512),
        }
        if stream:
            body |= {"stream": True, "stream_options": {"include_usage": True}}
    return {"method": "POST", "url": url, "headers": headers, "body": body}


def _provenance(target: str, scenario: str, mode: str) -> dict[str, Any]:
    cassette = f"fixtures/cassettes/{target}/{scenario}-{mode}.yaml"
    regions = {"vertex": "us-east5", "bedrock-invoke": "us-east-1", "bedrock-converse": "us-east-1"}
    return {
        "cassette": cassette,
        "sha256": hashlib.sha256(cassette.encode()).hexdigest(),
        "source": "simulator",
        "recorded_at": RECORDED_AT,
        "model_id": MODEL,
        "region": regions.get(target),
        "base_url": "http://127.0.0.1:8765",
        "api_version": "2023-06-01",
        "parity_version": PARITY_VERSION,
    }


def _timing(rng: random.Random) -> dict[str, float]:
    transport = round(rng.uniform(0.4, 3.0), 2)
    checks = round(rng.uniform(0.2, 2.5), 2)
    return {"total": round(transport + checks + 0.3, 2), "transport": transport, "checks": checks}


# --- outcomes ---------------------------------------------------------------------------------


def _usage(input_tokens: int, output_tokens: int) -> dict[str, Any]:
    return {
        "cache_creation": {"ephemeral_1h_input_tokens": 0, "ephemeral_5m_input_tokens": 0},
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "service_tier": "standard",
    }


def _blocks(family: _Family, text: str) -> list[dict[str, Any]]:
    if family.kind == "tool":
        blocks: list[dict[str, Any]] = [{"type": "text", "text": "Let me check both cities."}]
        for number, city in enumerate(("Paris", "Lyon"), start=1):
            blocks.append(
                {
                    "type": "tool_use",
                    "id": f"toolu_0{number}",
                    "name": "get_weather",
                    "input": {"city": city},
                }
            )
        return blocks if "parallel" in family.tags else blocks[:2]
    if family.kind == "thinking":
        return [
            {
                "type": "thinking",
                "thinking": "The user wants a short answer. " * 3,
                "signature": "EqQBCkYIBxgCKkD" + "a" * 40,
            },
            {"type": "text", "text": text},
        ]
    return [{"type": "text", "text": text}]


def _message(family: _Family, text: str) -> dict[str, Any]:
    blocks = _blocks(family, text)
    stop = "tool_use" if family.kind == "tool" else "end_turn"
    if family.tags == ("stop-reasons",):
        stop = "max_tokens"
    return {
        "content": blocks,
        "id": "msg_<normalized>",
        "model": MODEL,
        "role": "assistant",
        "stop_reason": stop,
        "stop_sequence": None,
        "type": "message",
        "usage": _usage(21 + len(text) // 4, len(json.dumps(blocks)) // 4),
    }


def _outcome(family: _Family, text: str, mode: str) -> dict[str, Any]:
    if family.kind == "count":
        return {"status": 200, "body": {"input_tokens": 14}}
    if family.kind == "error":
        error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
        return {"status": 529, "body": error}
    message = _message(family, text)
    if mode == "json":
        return {"status": 200, "body": message}
    events = _events(message)
    if family.kind == "midstream":
        events = events[:3]
        events.append(
            {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
        )
    return {"status": 200, "events": events}


def _chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def _events(message: dict[str, Any]) -> list[dict[str, Any]]:
    usage = message["usage"]
    start = dict(message, content=[], stop_reason=None, usage=dict(usage, output_tokens=1))
    events: list[dict[str, Any]] = [{"type": "message_start", "message": start}, {"type": "ping"}]
    for index, block in enumerate(message["content"]):
        kind = block["type"]
        if kind == "text":
            empty: dict[str, Any] = {"type": "text", "text": ""}
            deltas = [{"type": "text_delta", "text": part} for part in _chunks(block["text"], 12)]
        elif kind == "thinking":
            empty = {"type": "thinking", "thinking": "", "signature": ""}
            deltas = [
                {"type": "thinking_delta", "thinking": p} for p in _chunks(block["thinking"], 24)
            ]
            deltas.append({"type": "signature_delta", "signature": block["signature"]})
        else:
            empty = {"type": "tool_use", "id": block["id"], "name": block["name"], "input": {}}
            raw = json.dumps(block["input"])
            deltas = [{"type": "input_json_delta", "partial_json": p} for p in _chunks(raw, 6)]
        events.append({"type": "content_block_start", "index": index, "content_block": empty})
        events.extend({"type": "content_block_delta", "index": index, "delta": d} for d in deltas)
        events.append({"type": "content_block_stop", "index": index})
    events.append(
        {
            "type": "message_delta",
            "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
            "usage": {"output_tokens": usage["output_tokens"]},
        }
    )
    events.append({"type": "message_stop"})
    return events
