"""`parity translate response`: a target's raw response as its client would receive it.

Prints exactly what the client gets: the Anthropic body (a Message, a count_tokens result
or an error envelope) as JSON, or the SSE stream; with ``--to openai`` the chat.completion
(or OpenAI error) body, or the chunk stream ending in ``data: [DONE]``. ``--include-status``
prints the outcome with its HTTP status instead: ``{"status", "body"}``, ``{"status",
"events"}`` or ``{"status", "chunks", "done"}``.

Exit 0: translated. Exit 1: translated and printed, but the response had problems (a broken
stream, ended with an ``error`` event; a success status whose body is no answer, shown as
the error a client gets); each problem is a ``parity: warning:`` line. Exit 2: unusable
input, or a response the translator cannot decode at all.
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from adapters.base import Call, TranslationError, WireResponse
from adapters.openai.front_stream import ChunkStream
from adapters.protocol.sse import encode_events
from harness import registry
from harness.cli_input import (
    NotJsonError,
    check_value,
    input_name,
    parse_json,
    read_input,
    read_json,
)
from harness.cli_output import FINDINGS, OK, fail, json_text, warn, write
from harness.findings import Finding
from harness.fronts import Front, get_front
from harness.stages.decode import decode
from harness.vocabulary import JSON

_STREAM_PROBLEM = "stream: "
_LINE_BREAK = re.compile(r"[\r\n]")


def translate_response(args: argparse.Namespace) -> int:
    raw = read_input(args.file)
    name = input_name(args.file)
    front = get_front(args.to)
    client_request = _client_request(args.request, front, args.stream)
    request = _anthropic_request(client_request, front, args)
    call = Call(endpoint="messages", body=request, api_version=args.api_version)
    streamed = args.stream and 200 <= args.status < 300
    if not streamed:
        _refuse_json_over_limits(raw, name)
    content_type = "text/event-stream" if streamed else "application/json"
    response = WireResponse(args.status, {"content-type": content_type}, raw)
    decoded = decode(registry.adapter(args.source), call, response, where=name)
    if decoded.outcome is None:
        fail(f"cannot translate the response from {args.source}: {_text(decoded.findings[0])}")
    outcome = decoded.outcome.to_dict()
    problems = [_text(f) for f in decoded.findings]
    if 200 <= args.status < 300 and not 200 <= outcome["status"] < 300:
        problems.append(
            f"{name}: the HTTP {args.status} answer is not a {args.source} response; "
            f"printed as the HTTP {outcome['status']} error a client gets"
        )
    for problem in problems:
        warn(problem)
    shown = _client_view(front, client_request, outcome, args.source)
    check_value(shown, f"the translation of {name}")
    write(json_text(shown, name) if args.include_status else _client_text(shown, name))
    return FINDINGS if problems else OK


def _client_request(file: str | None, front: Front, stream: bool) -> JSON:
    request: JSON = {}
    if file:
        loaded = read_json(file)
        if not isinstance(loaded, dict):
            fail(f"{file}: expected a JSON object (the {front.title} request it answers)")
        request = loaded
    return {**request, "stream": True} if stream else request


def _anthropic_request(client_request: JSON, front: Front, args: argparse.Namespace) -> JSON:
    request: JSON = {"model": "unknown", "max_tokens": 1, "messages": []}
    if args.request:
        try:
            request = front.to_anthropic(client_request)
        except TranslationError as exc:
            fail(f"{args.request}: cannot map the {front.title} request: {exc}")
        except Exception as exc:  # a front door failing on odd input is a refusal
            fail(f"{args.request}: the {front.title} front door failed: {type(exc).__name__}")
    return {**request, "stream": True} if args.stream else request


def _refuse_json_over_limits(raw: bytes, name: str) -> None:
    """A JSON body beyond the reader's limits is refused here; one that is not JSON at all
    is the translator's to answer (as the error a client would get)."""
    try:
        parse_json(raw, name)
    except NotJsonError:
        return


def _client_view(front: Front, client_request: JSON, outcome: JSON, source: str) -> JSON:
    try:
        shown = front.client_outcome({"stream": True, **client_request}, outcome)
    except TranslationError as exc:
        fail(f"cannot translate the response from {source}: {exc}")
    except Exception as exc:  # the front door failing on an odd outcome is a refusal
        fail(f"cannot show the response from {source}: {type(exc).__name__}: {str(exc)[:200]}")
    return outcome if shown is None else shown


def _client_text(shown: JSON, name: str) -> str:
    if "events" in shown:
        for i, event in enumerate(shown["events"]):
            if _LINE_BREAK.search(str(event.get("type"))):
                fail(f"{name}: event {i}: a type with a line break cannot name an SSE event")
        return encode_events(shown["events"]).decode()
    if "chunks" in shown:
        return ChunkStream(shown["chunks"], shown["done"]).encode().decode()
    body: Any = shown["body"]
    return json_text(body, name)


def _text(finding: Finding) -> str:
    if finding.message.startswith(_STREAM_PROBLEM):
        return finding.message.removeprefix(_STREAM_PROBLEM)
    message = finding.message.removeprefix("response: ")
    return f"{finding.path}: {message}" if finding.path else message
