"""OpenAI chat completions as a simulated backend: ``POST /v1/chat/completions``.

Requests are checked as OpenAI checks them: a bearer key (else 401), a JSON object body
(else 400), a ``model``, no unrecognized top-level argument, every field valid against the
official ``openai`` SDK's request types, and the conversation rules the service enforces
(a ``tool`` message answers a preceding ``tool_calls`` message, every tool call is answered,
``tool_choice`` / ``parallel_tool_calls`` only with ``tools``, ``stream_options`` only when
streaming, at most four stop sequences). Refusals come in OpenAI's envelope
``{"error": {"message", "type", "param", "code"}}``.

A scripted message reply is rendered as OpenAI renders a completion: the text blocks joined
as ``content``, ``tool_use`` blocks as ``tool_calls`` (the scripted ids kept), thinking
dropped (OpenAI does not return reasoning text), ``stop_reason`` as ``finish_reason``, and
usage with ``prompt_tokens = input + cache read + cache write``; ``prompt_tokens_details``
names ``cached_tokens`` / ``cache_write_tokens`` when the scripted usage names the matching
Anthropic field. With ``stream: true`` the same reply is a chunk stream: the role chunk, text
a few words per chunk, each tool call as one delta with index, id, name and ``arguments: ""``
then argument fragments, the finish chunk, a usage-only chunk with ``choices: []`` when
``stream_options.include_usage`` is set (every other chunk then has ``usage: null``), and
``data: [DONE]``. Every chunk carries an ``obfuscation`` pad, as OpenAI's do. The chunks
follow the native event stream of the same scenario (`script.reply_events`), piece for piece,
so a ``stream_error`` cuts the message where the native stream cuts it (``after_events``
counts native events) and then sends ``data: {"error": ...}`` with no ``[DONE]``, as OpenAI's
servers do.

A reply may carry an ``openai`` mapping that shapes the wire the way some OpenAI-compatible
servers do (`WIRE_OPTIONS`): ``interleave_tool_calls`` (parallel calls' fragments
round-robin), ``usage_chunk: false`` (no usage chunk even when asked), ``empty_tool_calls``
(``tool_calls: []`` in the message and in a content delta), ``matched_stop`` (the field,
``stop_reason`` as vLLM or ``matched_stop`` as SGLang, that names a matched stop sequence).

Scripted errors use OpenAI's status and wording for that kind of failure: 529 overloaded is
OpenAI's 503, 402 billing is its 429 ``insufficient_quota``. Everything is deterministic:
ids, timestamps, pads and split points are drawn from the scenario id.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from harness.simulator import (
    JSON,
    Rejection,
    Route,
    Script,
    SimRequest,
    SimResponse,
    bearer_token,
    read_json_object,
)
from harness.simulator.script import (
    ReplyError,
    reply_events,
    reply_kind,
    scripted_error,
    seeded_ints,
)

NAME = "openai"
PATH = "/v1/chat/completions"
MAX_STOP_SEQUENCES = 4
WIRE_OPTIONS = ("interleave_tool_calls", "usage_chunk", "empty_tool_calls", "matched_stop")
MATCHED_STOP_FIELDS = ("stop_reason", "matched_stop")

FINISH_REASONS: dict[str, str] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}

SERVER_ERROR = "The server had an error while processing your request. Sorry about that!"
OVERLOADED = (
    "That model is currently overloaded with other requests. You can retry your request, or "
    "contact us through our help center at help.openai.com if the error persists."
)
STREAM_OVERLOADED = "Our servers are currently overloaded. Please try again later."
QUOTA = (
    "You exceeded your current quota, please check your plan and billing details. For more "
    "information on this error, read the docs: "
    "https://platform.openai.com/docs/guides/error-codes/api-errors."
)
MISSING_KEY = (
    "You didn't provide an API key. You need to provide your API key in an Authorization "
    "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field "
    "(with blank username) if you're accessing the API from your browser and are prompted for "
    "a username and password. You can obtain an API key from "
    "https://platform.openai.com/account/api-keys."
)
BAD_JSON = (
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
    "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was "
    "sent was not valid JSON. If you have trouble figuring out how to fix this, please "
    "contact us through our help center at help.openai.com.)"
)

_ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_PAD_ALPHABET = _ID_ALPHABET
_UNION_TAG = re.compile(r"^(?:[A-Z]\w*|str|int|float|bool|list|dict|none)$|[\[\]\-]")


@dataclass(frozen=True)
class Problem:
    """Why OpenAI would refuse a request: its message, ``param`` and ``code``."""

    message: str
    param: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class OpenAIRejection(Rejection):
    """A refusal that carries the ``param`` and ``code`` of OpenAI's error envelope."""

    param: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class HttpFailure:
    """How OpenAI answers a failure: HTTP status, error type, code and message."""

    status: int
    type: str
    code: str | None
    message: str


class OpenAIBackend:
    """The simulated chat-completions endpoint."""

    name: str = NAME
    routes: tuple[str, ...] = (f"POST {PATH}",)

    def route(self, request: SimRequest) -> Route | None:
        if request.method == "POST" and request.path.rstrip("/") == PATH:
            return Route("messages")
        return None

    def validate(self, request: SimRequest, route: Route) -> Rejection | None:
        if bearer_token(request.headers) is None:
            return Rejection(401, MISSING_KEY)
        try:
            body = read_json_object(request.body)
        except ValueError:
            return Rejection(400, BAD_JSON)
        problem = request_problem(body)
        if problem is None:
            return None
        return OpenAIRejection(400, problem.message, problem.param, problem.code)

    def render(self, request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
        seed = answer.scenario_id if isinstance(answer, Script) else request.digest()
        headers = {
            "x-request-id": "req_" + _draw(f"{NAME}/{seed}", "request", "0123456789abcdef", 32),
            "openai-version": "2020-10-01",
            "openai-processing-ms": "42",
        }
        if isinstance(answer, Rejection):
            return _rejection(answer, headers)
        body = read_json_object(request.body)
        model = str(body["model"])
        if reply_kind(answer.reply) == "error":
            failure = http_failure(answer.reply, model, request.headers)
            return _envelope(failure.status, failure.type, failure.code, failure.message, headers)
        if reply_kind(answer.reply) != "message":
            raise ReplyError("chat completions needs a message reply, not a count-tokens reply")
        stream = body.get("stream") is True
        options = body.get("stream_options")
        include_usage = isinstance(options, dict) and options.get("include_usage") is True
        if not stream:
            result = completion(answer.reply, model, seed)
            return SimResponse.of_json(200, result, headers, indent=2)  # pretty, as OpenAI sends
        data = stream_body(answer.reply, model, seed, include_usage=include_usage)
        return SimResponse.of_sse(data, headers, seed=f"{NAME}/{seed}")


# -- request checks ---------------------------------------------------------------------------


def request_problem(body: JSON) -> Problem | None:
    """Why OpenAI would refuse ``body`` (a parsed JSON object), or None if it would not."""
    model = body.get("model")
    if not isinstance(model, str) or not model:
        return Problem("you must provide a model parameter")
    if "messages" not in body:
        return Problem(
            "Missing required parameter: 'messages'.", "messages", "missing_required_parameter"
        )
    known = _known_arguments()
    for key in body:
        if key not in known:
            return Problem(f"Unrecognized request argument supplied: {key}")
    problem = _type_problem(body)
    if problem is not None:
        return problem
    return _rule_problem(body)


@functools.cache
def _known_arguments() -> frozenset[str]:
    from openai.types.chat import completion_create_params as params

    return frozenset({*params.CompletionCreateParamsBase.__annotations__, "stream"})


@functools.cache
def _request_types() -> tuple[TypeAdapter[Any], TypeAdapter[Any]]:
    """(non-streaming, streaming) validators, kept alive for the life of the process: the
    lazily validated iterables they return need their validator to exist."""
    from openai.types.chat import completion_create_params as params

    return (
        TypeAdapter(params.CompletionCreateParamsNonStreaming),
        TypeAdapter(params.CompletionCreateParamsStreaming),
    )


class _Invalid(Exception):
    def __init__(self, path: str, error: ValidationError) -> None:
        super().__init__(path)
        self.path = path
        self.error = error


def _type_problem(body: JSON) -> Problem | None:
    plain, streaming = _request_types()
    validator = streaming if body.get("stream") is True else plain
    try:
        _consume(validator.validate_python(body), "")
    except ValidationError as exc:
        return _describe("", exc)
    except _Invalid as invalid:
        return _describe(invalid.path, invalid.error)
    return None


def _consume(value: Any, path: str) -> None:
    """Walk a validated value, draining the lazily validated iterables the SDK's request
    types produce; a failure inside one is reported with its full path."""
    if isinstance(value, dict):
        for key, item in value.items():
            _consume(item, f"{path}.{key}" if path else str(key))
        return
    if isinstance(value, (str, bytes)):
        return
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ValidatorIterator":
        items: list[Any] = []
        try:
            items.extend(value)
        except ValidationError as exc:
            raise _Invalid(path, exc) from None
        for i, item in enumerate(items):
            _consume(item, f"{path}[{i}]")


def _describe(prefix: str, error: ValidationError) -> Problem:
    best: tuple[tuple[int, bool], str, str] | None = None
    for err in error.errors():
        path = prefix
        depth = 0
        for part in err["loc"]:
            if isinstance(part, int):
                path += f"[{part}]"
            elif not _UNION_TAG.search(part):
                path = f"{path}.{part}" if path else part
            else:
                continue
            depth += 1
        rank = (depth, err["type"] != "missing")  # deepest first; a wrong value over a gap
        if best is None or rank > best[0]:
            best = (rank, path, err["msg"])
    assert best is not None
    _, path, message = best
    return Problem(f"Invalid value for '{path}': {message}.", path or None, "invalid_value")


def _rule_problem(body: JSON) -> Problem | None:
    if body.get("stream_options") is not None and body.get("stream") is not True:
        return Problem(
            "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
            "stream_options",
        )
    if not body.get("tools"):
        for key in ("tool_choice", "parallel_tool_calls"):
            if key in body:
                return Problem(
                    f"Invalid value for '{key}': '{key}' is only allowed when 'tools' are "
                    "specified.",
                    key,
                )
    stop = body.get("stop")
    if isinstance(stop, list) and len(stop) > MAX_STOP_SEQUENCES:
        return Problem(
            f"Invalid 'stop': array too long. Expected an array with maximum length "
            f"{MAX_STOP_SEQUENCES}, but got an array with length {len(stop)} instead.",
            "stop",
            "array_above_max_length",
        )
    messages = body["messages"]
    if not messages:
        return Problem(
            "Invalid 'messages': empty array. Expected an array with minimum length 1, but got "
            "an empty array instead.",
            "messages",
            "empty_array",
        )
    return _tool_order_problem(messages)


def _tool_order_problem(messages: list[JSON]) -> Problem | None:
    pending: list[str] = []  # tool_call ids not answered yet
    answerable: set[str] = set()  # ids of the latest tool_calls message
    owner = 0
    for i, message in enumerate(messages):
        role = message.get("role")
        if role == "tool":
            if message.get("tool_call_id") not in answerable:
                return Problem(
                    "Invalid parameter: messages with role 'tool' must be a response to a "
                    "preceeding message with 'tool_calls'.",
                    f"messages.[{i}].role",
                )
            pending = [p for p in pending if p != message.get("tool_call_id")]
            continue
        if pending:
            return _unanswered(owner, pending)
        answerable = set()
        calls = message.get("tool_calls") if role == "assistant" else None
        if calls:
            pending = [str(call.get("id")) for call in calls]
            answerable = set(pending)
            owner = i
    if pending:  # the conversation ends before every call is answered
        return _unanswered(owner, pending)
    return None


def _unanswered(index: int, pending: list[str]) -> Problem:
    return Problem(
        "An assistant message with 'tool_calls' must be followed by tool messages responding to "
        "each 'tool_call_id'. The following tool_call_ids did not have response messages: "
        + ", ".join(pending),
        f"messages.[{index}].role",
    )


# -- rendering --------------------------------------------------------------------------------


def completion(reply: Mapping[str, Any], model: str, seed: str) -> JSON:
    """The ``chat.completion`` object OpenAI answers for a message reply."""
    wire = _wire_options(reply)
    text, calls = _output(reply)
    message: JSON = {
        "role": "assistant",
        "content": text or None,
        "refusal": None,
        "annotations": [],
    }
    if calls or wire.get("empty_tool_calls"):
        message["tool_calls"] = [
            {
                "id": c["id"],
                "type": "function",
                "function": {"name": c["name"], "arguments": _arguments(c)},
            }
            for c in calls
        ]
    choice: JSON = {"index": 0, "message": message, "logprobs": None}
    choice["finish_reason"] = finish_reason(reply)
    choice.update(_matched_stop(reply, wire))
    return {
        "id": _completion_id(reply, seed),
        "object": "chat.completion",
        "created": _created(seed),
        "model": model,
        "choices": [choice],
        "usage": usage(reply),
        "service_tier": "default",
        "system_fingerprint": None,
    }


def stream_chunks(
    reply: Mapping[str, Any], model: str, seed: str, *, include_usage: bool
) -> list[JSON]:
    """Every ``data:`` object of the stream for a message reply, in order (without
    ``[DONE]``); with ``stream_error`` the last one is the error.

    The chunks carry the native event stream of the same scenario (`script.reply_events`,
    split by the scenario id as every backend splits it), so text and arguments are cut where
    the native stream cuts them and a ``stream_error`` falls at the same point."""
    wire = _wire_options(reply)
    _output(reply)  # rejects blocks without an OpenAI form
    completion_id = _completion_id(reply, seed)
    events = reply_events(reply, model=model, message_id=completion_id, split_seed=seed)
    deltas: list[tuple[JSON, JSON]] = []
    tool_indices: dict[Any, int] = {}
    finished = False
    failure: JSON | None = None
    for event in events:
        kind = event["type"]
        if kind == "message_start":
            deltas.append(({"role": "assistant", "content": "", "refusal": None}, {}))
            if wire.get("empty_tool_calls"):
                deltas.append(({"content": "", "tool_calls": []}, {}))
        elif kind == "content_block_start" and event["content_block"]["type"] == "tool_use":
            block = event["content_block"]
            index = tool_indices[event["index"]] = len(tool_indices)
            call = {"index": index, "id": block["id"], "type": "function"}
            function = {"name": block["name"], "arguments": ""}
            deltas.append(({"tool_calls": [{**call, "function": function}]}, {}))
        elif kind == "content_block_delta":
            delta = _delta(event, tool_indices)
            if delta is not None:
                deltas.append((delta, {}))
        elif kind == "message_delta":
            finished = True
            deltas.append(
                ({}, {"finish_reason": finish_reason(reply), **_matched_stop(reply, wire)})
            )
        elif kind == "error":
            failure = event["error"]
    if wire.get("interleave_tool_calls"):
        deltas = _interleaved(deltas)
    base: JSON = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": _created(seed),
        "model": model,
        "service_tier": "default",
        "system_fingerprint": None,
    }
    chunks: list[JSON] = []
    for delta, extra in deltas:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": None, **extra}
        chunk: JSON = {**base, "choices": [choice]}
        if include_usage:
            chunk["usage"] = None
        chunks.append(chunk)
    if finished and failure is None and include_usage and wire.get("usage_chunk", True):
        chunks.append({**base, "choices": [], "usage": usage(reply)})
    pads = _pads(seed)
    for chunk in chunks:
        chunk["obfuscation"] = next(pads)
    if failure is not None:
        chunks.append({"error": _stream_failure(failure)})
    return chunks


def _delta(event: JSON, tool_indices: Mapping[Any, int]) -> JSON | None:
    """The chunk delta for a native content_block_delta (None: OpenAI sends nothing)."""
    delta = event["delta"]
    if delta["type"] == "text_delta" and delta["text"]:
        return {"content": delta["text"]}
    if delta["type"] == "input_json_delta" and delta["partial_json"]:
        index = tool_indices[event["index"]]
        return {"tool_calls": [{"index": index, "function": {"arguments": delta["partial_json"]}}]}
    return None  # thinking, signatures and citations have no chat-completions form


def _interleaved(deltas: list[tuple[JSON, JSON]]) -> list[tuple[JSON, JSON]]:
    """Each run of consecutive tool-call deltas reordered round-robin across its calls."""
    out: list[tuple[JSON, JSON]] = []
    run: dict[int, list[tuple[JSON, JSON]]] = {}
    for item in [*deltas, ({}, {})]:
        calls = item[0].get("tool_calls")
        if calls:
            run.setdefault(calls[0]["index"], []).append(item)
            continue
        queues = list(run.values())
        while any(queues):
            for queue in queues:
                if queue:
                    out.append(queue.pop(0))
        run = {}
        out.append(item)
    return out[:-1]


def stream_body(reply: Mapping[str, Any], model: str, seed: str, *, include_usage: bool) -> bytes:
    """The event-stream bytes: one ``data:`` line per chunk, then ``data: [DONE]`` unless the
    stream fails."""
    chunks = stream_chunks(reply, model, seed, include_usage=include_usage)
    lines = [
        f"data: {json.dumps(c, ensure_ascii=False, separators=(',', ':'))}\n\n" for c in chunks
    ]
    if "error" not in chunks[-1]:
        lines.append("data: [DONE]\n\n")
    return "".join(lines).encode()


def finish_reason(reply: Mapping[str, Any]) -> str:
    """OpenAI's finish_reason for a reply's stop_reason."""
    return FINISH_REASONS.get(str(reply.get("stop_reason")), "stop")


def usage(reply: Mapping[str, Any]) -> JSON:
    """OpenAI usage for a reply's usage: prompt tokens include cache reads and writes."""
    scripted = reply["usage"]
    read = int(scripted.get("cache_read_input_tokens") or 0)
    written = int(scripted.get("cache_creation_input_tokens") or 0)
    prompt = int(scripted["input_tokens"]) + read + written
    completion_tokens = int(scripted["output_tokens"])
    details: JSON = {}
    if "cache_read_input_tokens" in scripted:
        details["cached_tokens"] = read
    if "cache_creation_input_tokens" in scripted:
        details["cache_write_tokens"] = written
    details["audio_tokens"] = 0
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt + completion_tokens,
        "prompt_tokens_details": details,
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def http_failure(reply: Mapping[str, Any], model: str, headers: Mapping[str, str]) -> HttpFailure:
    """How OpenAI answers a scripted error: its status, type, code and wording."""
    error = scripted_error(reply)
    status, message = error.status, error.message
    if status == 401:
        return HttpFailure(401, "invalid_request_error", "invalid_api_key", _bad_key(headers))
    if status == 402:
        return HttpFailure(429, "insufficient_quota", "insufficient_quota", QUOTA)
    if status == 404:
        text = f"The model `{model}` does not exist or you do not have access to it."
        return HttpFailure(404, "invalid_request_error", "model_not_found", text)
    if status == 429:
        text = (
            f"Rate limit reached for {model} in organization org-parity on tokens per min "
            "(TPM): Limit 30000, Used 30000, Requested 512. Please try again in 1.024s. Visit "
            "https://platform.openai.com/account/rate-limits to learn more."
        )
        return HttpFailure(429, "tokens", "rate_limit_exceeded", text)
    if status == 500:
        return HttpFailure(500, "server_error", None, SERVER_ERROR)
    if status in (503, 529):
        return HttpFailure(503, "server_error", None, OVERLOADED)
    kind = "server_error" if status >= 500 else "invalid_request_error"
    return HttpFailure(status, kind, None, message)


def _stream_failure(failure: Mapping[str, Any]) -> JSON:
    kind = str(failure.get("type"))
    message = str(failure.get("message", ""))
    if kind == "overloaded_error":
        openai_type, code, message = (
            "service_unavailable_error",
            "server_is_overloaded",
            (STREAM_OVERLOADED),
        )
    elif kind == "rate_limit_error":
        openai_type, code = "tokens", "rate_limit_exceeded"
    elif kind == "invalid_request_error":
        openai_type, code = "invalid_request_error", None
    else:
        openai_type, code, message = "server_error", None, SERVER_ERROR
    return {"message": message, "type": openai_type, "param": None, "code": code}


def _bad_key(headers: Mapping[str, str]) -> str:
    key = bearer_token(headers) or ""
    shown = f"{key[:3]}{'*' * 4}{key[-4:]}" if len(key) > 8 else "*" * len(key)
    return (
        f"Incorrect API key provided: {shown}. You can find your API key at "
        "https://platform.openai.com/account/api-keys."
    )


def _wire_options(reply: Mapping[str, Any]) -> JSON:
    options = reply.get("openai") or {}
    if not isinstance(options, dict):
        raise ReplyError("reply.openai must be a mapping")
    for key in options:
        if key not in WIRE_OPTIONS:
            raise ReplyError(
                f"reply.openai.{key}: unknown option (expected one of: {', '.join(WIRE_OPTIONS)})"
            )
    matched = options.get("matched_stop")
    if matched is not None and matched not in MATCHED_STOP_FIELDS:
        raise ReplyError(
            f"reply.openai.matched_stop must be one of: {', '.join(MATCHED_STOP_FIELDS)}"
        )
    return options


def _matched_stop(reply: Mapping[str, Any], wire: JSON) -> JSON:
    field = wire.get("matched_stop")
    sequence = reply.get("stop_sequence")
    if field is None or reply.get("stop_reason") != "stop_sequence" or not sequence:
        return {}
    return {field: sequence}


def _output(reply: Mapping[str, Any]) -> tuple[str, list[JSON]]:
    """The joined text and the tool calls of a reply (thinking is not returned)."""
    texts: list[str] = []
    calls: list[JSON] = []
    for i, block in enumerate(reply["content"]):
        kind = block.get("type")
        if kind == "text":
            texts.append(block["text"])
        elif kind == "tool_use":
            calls.append(block)
        elif kind not in ("thinking", "redacted_thinking"):
            raise ReplyError(f"reply.content[{i}]: a {kind!r} block has no OpenAI form")
    return "".join(texts), calls


def _arguments(call: Mapping[str, Any]) -> str:
    """Tool input as the model writes it (the same text the native stream carries)."""
    return json.dumps(call["input"], ensure_ascii=False)


def _completion_id(reply: Mapping[str, Any], seed: str) -> str:
    scripted = reply.get("id")
    return str(scripted) if scripted else "chatcmpl-" + _draw(seed, "id", _ID_ALPHABET, 29)


def _created(seed: str) -> int:
    return 1_750_000_000 + next(seeded_ints(seed, "created")) % 50_000_000


def _pads(seed: str) -> Iterator[str]:
    draws = seeded_ints(seed, "obfuscation")
    while True:
        size = 1 + next(draws) % 12
        yield "".join(_PAD_ALPHABET[next(draws) % len(_PAD_ALPHABET)] for _ in range(size))


def _draw(seed: str, label: str, alphabet: str, size: int) -> str:
    draws = seeded_ints(seed, label)
    return "".join(alphabet[next(draws) % len(alphabet)] for _ in range(size))


def _rejection(rejection: Rejection, headers: Mapping[str, str]) -> SimResponse:
    param: str | None = None
    code: str | None = None
    if isinstance(rejection, OpenAIRejection):
        param, code = rejection.param, rejection.code
    kind = "server_error" if rejection.status >= 500 else "invalid_request_error"
    return _envelope(rejection.status, kind, code, rejection.message, headers, param)


def _envelope(
    status: int,
    kind: str,
    code: str | None,
    message: str,
    headers: Mapping[str, str],
    param: str | None = None,
) -> SimResponse:
    body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    extra = {"www-authenticate": 'Bearer realm="OpenAI API"'} if status == 401 else {}
    return SimResponse.of_json(status, body, {**headers, **extra}, indent=4)
