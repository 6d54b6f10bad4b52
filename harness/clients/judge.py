"""Judging one client run: the client's own end result, what the system under test received
from it, what it answered, and what reached the simulated backend.

Findings, by check:

- ``client``: the client did not finish in time, exited non-zero, reported an error, or its
  final text is not the scripted final answer;
- ``tool``: a tool result the script needs was not sent back, or a file the client should
  have written is missing or different;
- ``request``: a request the client sent breaks the official SDK's request types;
- ``conversation``: the scripted turns were not each asked for once and answered 200 (a
  retry, a refusal, an unplaced request);
- ``events``: a streamed answer breaks the Messages API's schema or stream grammar, or the
  message the client received differs from the scripted turn (`received`);
- ``history``: the client sent an earlier turn's thinking block or tool call back changed
  or not at all (a lost signature);
- ``upstream``: what reached the backend for a turn differs from the reference translator's
  request for what the client sent (`harness.systems.gateway.upstream.judge`).

Side requests (no marker) are recorded, never failed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from adapters.base import Call, Endpoint, TranslationError, WireRequest
from harness import registry
from harness.clients import claude_code, openai_view
from harness.clients.conversation import assistant_turns, texts
from harness.clients.received import (
    content_findings,
    history_findings,
    received_content,
    received_usage,
    usage_findings,
)
from harness.clients.requests import request_problems
from harness.clients.scenario import ClientScenario
from harness.clients.tap import Exchange
from harness.findings import Finding
from harness.gateway.config import GatewayConfig
from harness.simulator.journal import JournalRecord
from harness.systems.gateway.trial import as_upstream
from harness.systems.gateway.upstream import judge
from harness.validate import check_body, check_sse
from harness.vocabulary import JSON

UpstreamOf = Callable[[Exchange], list[JournalRecord]]


@dataclass
class Judgement:
    findings: list[Finding] = field(default_factory=list)
    turns: list[JSON] = field(default_factory=list)
    side_requests: list[JSON] = field(default_factory=list)


def judge_run(
    scenario: ClientScenario,
    target: str,
    run: claude_code.ClientRun,
    exchanges: Sequence[Exchange],
    upstream_of: UpstreamOf,
    workdir: Path,
    routes: GatewayConfig,
    dropped: Sequence[str],
    front: str = "anthropic",
) -> Judgement:
    """Every finding of one client run; ``front`` is the API the client spoke (``anthropic``
    or ``openai``, `openai_view`)."""
    judgement = Judgement()
    judgement.findings += client_findings(scenario, run)
    judgement.findings += file_findings(scenario, workdir)
    turns = [e for e in exchanges if _is_turn(scenario, e)]
    judgement.findings += tool_findings(scenario, turns)
    judgement.findings += conversation_findings(scenario, turns, front)
    judgement.findings += count_findings(scenario, run)
    for exchange in exchanges:
        records = upstream_of(exchange)
        summary = _summary(exchange, records)
        if exchange in turns:
            judgement.turns.append(summary)
            answered = answered_with(scenario, records)
            judgement.findings += exchange_findings(exchange, front, _status_of(answered))
            judgement.findings += turn_findings(scenario, exchange, front, answered)
            judgement.findings += upstream_findings(
                target, exchange, records, routes, dropped, front
            )
        elif _is_count(scenario, exchange):
            judgement.turns.append(summary)
            judgement.findings += exchange_findings(exchange, front)
            judgement.findings += upstream_findings(
                target, exchange, records, routes, dropped, front
            )
        else:
            judgement.side_requests.append(summary)
    return judgement


def client_findings(scenario: ClientScenario, run: claude_code.ClientRun) -> list[Finding]:
    if run.exit_status is None:
        return [_f("client", "exit_status", 0, None, "the client did not finish in time")]
    found: list[Finding] = []
    if run.exit_status != 0:
        tail = (run.stderr.strip().splitlines() or [""])[-1][:200]
        found.append(_f("client", "exit_status", 0, run.exit_status, f"the client failed: {tail}"))
    result = run.result
    if result is None:
        found.append(_f("client", "result", "a result", None, "the client printed no result"))
        return found
    wanted = scenario.expect.error
    if wanted is not None:
        text = str(result.get("result"))
        if not result.get("is_error") or wanted not in text:
            message = f"the client did not end with the scripted error ({wanted})"
            found.append(_f("client", "result", wanted, text[:200], message))
        return [f for f in found if f.path != "exit_status"]  # failing is expected
    if result.get("is_error"):
        message = f"the client reported an error: {str(result.get('result'))[:200]}"
        found.append(_f("client", "result.is_error", False, True, message))
    elif result.get("result") != scenario.expect.final_text:
        found.append(
            _f(
                "client",
                "result.result",
                scenario.expect.final_text,
                result.get("result"),
                "the client's final text is not the scripted final answer",
            )
        )
    return found


def count_findings(scenario: ClientScenario, run: claude_code.ClientRun) -> list[Finding]:
    """The token count the client reported, against the count the backend answered."""
    wanted = scenario.sdk.get("count_tokens")
    if wanted is None:
        return []
    counts = [m for m in run.messages if m.get("type") == "count_tokens"]
    if not counts:
        return [_f("count", "count_tokens", wanted, None, "the client reported no token count")]
    got = counts[0]
    if "error" in got:
        message = f"the client's token count failed: {str(got['error'])[:200]}"
        return [_f("count", "count_tokens", wanted, None, message)]
    if got.get("input_tokens") != wanted:
        message = "the client's token count is not the backend's"
        return [_f("count", "count_tokens", wanted, got.get("input_tokens"), message)]
    return []


def file_findings(scenario: ClientScenario, workdir: Path) -> list[Finding]:
    found: list[Finding] = []
    for name, text in scenario.expect.files.items():
        path = workdir / name
        actual = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
        if actual != text:
            what = "is missing" if actual is None else "differs from the scripted content"
            found.append(_f("tool", f"files.{name}", text, actual, f"the file {name} {what}"))
    return found


def tool_findings(scenario: ClientScenario, turns: Sequence[Exchange]) -> list[Finding]:
    sent = [t for e in turns for t in texts(_body(e).get("messages"))]
    return [
        _f(
            "tool",
            "tool_result",
            text,
            None,
            "no request the client sent back holds this tool output (the tool did not run, "
            "or its result was lost)",
        )
        for text in scenario.expect.tool_results_contain
        if not any(text in item for item in sent)
    ]


def conversation_findings(
    scenario: ClientScenario, turns: Sequence[Exchange], front: str = "anthropic"
) -> list[Finding]:
    found: list[Finding] = []
    expected = scenario.expected_requests()
    if len(turns) != expected:
        found.append(
            _f(
                "conversation",
                "turns",
                expected,
                len(turns),
                f"the client sent {len(turns)} requests in the conversation where the script "
                f"answers {expected} (a retry too many or missing, or a conversation cut short)",
            )
        )
    for exchange in turns if front == "anthropic" else ():
        body = _body(exchange)
        endpoint = _endpoint(exchange)
        for problem in request_problems(body, endpoint):
            found.append(_f("request", f"request[{exchange.number}]", None, None, problem))
    return found


def exchange_findings(
    exchange: Exchange, front: str = "anthropic", scripted_status: int = 200
) -> list[Finding]:
    """The answer the client received: 200 (or the status of the scripted error it was
    answered with), valid for its API's types."""
    where = f"response[{exchange.number}]"
    if exchange.error is not None:
        return [_f("conversation", where, None, None, exchange.error)]
    if exchange.status != scripted_status:
        message = f"the system under test answered {exchange.status}: {_error_text(exchange)}"
        return [_f("conversation", where, 200, exchange.status, message)]
    content_type = exchange.response_headers.get("content-type", "")
    if front == "openai":
        streamed = "text/event-stream" in content_type
        problems = openai_view.problems(exchange.status, exchange.response, streamed, where)
    elif "text/event-stream" in content_type:
        problems = check_sse(exchange.response, where)
    else:
        problems = check_body(_json(exchange.response), where)
    return [_f("events", where, None, None, p) for p in problems[:5]]


def turn_findings(
    scenario: ClientScenario,
    exchange: Exchange,
    front: str = "anthropic",
    answered: JSON | None = None,
) -> list[Finding]:
    """The message the client received against the scripted answer it got (by default the
    turn it asked for); an error, or a stream the script cuts, has no message to compare."""
    turn = assistant_turns(_body(exchange).get("messages"))
    if exchange.status != 200 or turn >= len(scenario.turns):
        return []  # named by exchange_findings and conversation_findings
    answer = scenario.turns[turn] if answered is None else answered
    compare = "error" not in answer and "stream_error" not in answer
    streamed = "text/event-stream" in exchange.response_headers.get("content-type", "")
    where = f"response[{exchange.number}]"
    messages = _body(exchange).get("messages")
    scripted = [dict(t) for t in scenario.turns]
    if front == "openai":
        received = openai_view.received_content(exchange.response, streamed)
        messages = openai_view.sent_back(messages)
        scripted = [{"content": openai_view.scripted_content(t["content"])} for t in scripted]
    else:
        received = received_content(exchange.response, streamed)
    history = history_findings(f"request[{exchange.number}]", messages, scripted[:turn])
    if not compare:
        return history
    wanted = answer["content"]
    if front == "openai":
        wanted = openai_view.scripted_content(wanted)
        return [*history, *content_findings(where, received, wanted, turn + 1)]
    usage = usage_findings(where, received_usage(exchange.response, streamed), answer["usage"])
    return [*history, *content_findings(where, received, wanted, turn + 1), *usage]


def answered_with(scenario: ClientScenario, records: Sequence[JournalRecord]) -> JSON | None:
    """The scripted answer the simulator gave a request (None: none of the script's)."""
    answers = scenario.answers()
    for record in records:
        if record.scenario in answers:
            return answers[str(record.scenario)]
    return None


def _status_of(answer: JSON | None) -> int:
    error = answer.get("error") if answer is not None else None
    return int(error["status"]) if isinstance(error, dict) else 200


def upstream_findings(
    target: str,
    exchange: Exchange,
    records: Sequence[JournalRecord],
    routes: GatewayConfig,
    dropped: Sequence[str],
    front: str = "anthropic",
) -> list[Finding]:
    where = f"request[{exchange.number}]"
    reference = reference_wire(target, exchange, routes, dropped, front)
    if isinstance(reference, str):
        message = f"the reference translator refuses what the client sent: {reference}"
        return [_f("upstream", where, None, None, message)]
    received = [as_upstream(r) for r in records]
    unplaced = [r for r in records if r.resolution.scenario is None]
    found = [
        _f(
            "upstream",
            where,
            None,
            r.status,
            f"the simulator could not answer it: {r.resolution.reason}",
        )
        for r in unplaced
    ]
    verdict = judge(target, reference, received)
    # behind the OpenAI front the reference request is what Parity's own front door chose:
    # no standard, so its differences are noted, not findings (as on gateway trials)
    kept = verdict.findings if front == "anthropic" else verdict.problems
    return found + [
        Finding(f.check, f"{where}.{f.path}" if f.path else where, f.expected, f.actual, f.message)
        for f in kept
    ]


def reference_wire(
    target: str,
    exchange: Exchange,
    routes: GatewayConfig,
    dropped: Sequence[str],
    front: str = "anthropic",
) -> WireRequest | str:
    """The reference translator's wire request for what the client sent (the betas the
    gateway is configured to drop left out; an OpenAI-front request through the front door
    first), or why it refuses it."""
    body: JSON = _body(exchange)
    if front == "openai":
        translated = openai_view.anthropic_body(body)
        if isinstance(translated, str):
            return translated
        body = translated
    route = routes.route(str(body.get("model", "")))
    betas = [b.strip() for b in exchange.headers.get("anthropic-beta", "").split(",")]
    call = Call(
        endpoint=_endpoint(exchange),
        body={**body, "model": route.model_id},
        api_version=exchange.headers.get("anthropic-version", route.api_version),
        betas=tuple(b for b in betas if b and b not in dropped),
    )
    try:
        return registry.adapter(route.target).encode_request(call, route.settings)
    except TranslationError as exc:
        return str(exc)


def _is_turn(scenario: ClientScenario, exchange: Exchange) -> bool:
    return _endpoint(exchange) == "messages" and _marked(scenario, exchange)


def _is_count(scenario: ClientScenario, exchange: Exchange) -> bool:
    return _endpoint(exchange) == "count_tokens" and _marked(scenario, exchange)


def _marked(scenario: ClientScenario, exchange: Exchange) -> bool:
    return any(scenario.marker in t for t in texts(_body(exchange).get("messages")))


def _endpoint(exchange: Exchange) -> Endpoint:
    return "count_tokens" if "count_tokens" in exchange.path else "messages"


def _body(exchange: Exchange) -> dict[str, Any]:
    value = _json(exchange.body)
    return value if isinstance(value, dict) else {}


def _json(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _error_text(exchange: Exchange) -> str:
    body = _json(exchange.response)
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return f"{error.get('type')}: {str(error.get('message'))[:200]}"
    return exchange.response[:200].decode("utf-8", "replace")


def _summary(exchange: Exchange, records: Sequence[JournalRecord]) -> JSON:
    body = _body(exchange)
    return {
        "request": exchange.number,
        "path": exchange.path,
        "model": body.get("model"),
        "betas": exchange.headers.get("anthropic-beta"),
        "status": exchange.status,
        "upstream": [
            {"route": f"{r.method} {r.path}", "status": r.status, "answered_as": r.scenario}
            for r in records
        ],
    }


def _f(check: str, path: str, expected: Any, actual: Any, message: str) -> Finding:
    return Finding(check, path, expected, actual, message)
