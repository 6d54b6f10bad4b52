"""A request checked as OpenAI checks it: a bearer key (else 401), a JSON object body (else
400), a ``model``, no unrecognized top-level argument, every field valid against the official
``openai`` SDK's request types, and the conversation rules the service enforces (a ``tool``
message answers a preceding ``tool_calls`` message, every tool call is answered,
``tool_choice`` / ``parallel_tool_calls`` only with ``tools``, ``stream_options`` only when
streaming, at most four stop sequences, an image data URL whose payload is base64)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from harness.simulator import (
    JSON,
    Rejection,
    SimRequest,
    bearer_token,
    is_base64,
    read_json_object,
)
from harness.simulator.json_schemas import strict_mode_problem
from harness.simulator.openai.errors import OpenAIRejection

MAX_STOP_SEQUENCES = 4
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
_UNION_TAG = re.compile(r"^(?:[A-Z]\w*|str|int|float|bool|list|dict|none)$|[\[\]\-]")


@dataclass(frozen=True)
class Problem:
    """Why OpenAI would refuse a request: its message, ``param`` and ``code``."""

    message: str
    param: str | None = None
    code: str | None = None


def refusal(request: SimRequest) -> Rejection | None:
    """OpenAI's refusal of ``request``, or None when it passes."""
    if bearer_token(request.headers) is None:
        return Rejection(401, MISSING_KEY)
    return body_refusal(request.body)


@functools.lru_cache(maxsize=1024)
def body_refusal(data: bytes) -> Rejection | None:
    """OpenAI's refusal of a request body, worked out once per distinct body."""
    try:
        body = read_json_object(data)
    except ValueError:
        return Rejection(400, BAD_JSON)
    problem = request_problem(body)
    if problem is None:
        return None
    return OpenAIRejection(400, problem.message, problem.param, problem.code)


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
    return type_problem(streaming if body.get("stream") is True else plain, body)


def type_problem(validator: TypeAdapter[Any], body: JSON) -> Problem | None:
    """The first problem ``validator`` (an SDK request type) finds in ``body``, worded and
    placed as OpenAI words and places it (the deepest one), or None."""
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
    return _tool_order_problem(messages) or _image_url_problem(messages) or _strict_problem(body)


def _strict_problem(body: JSON) -> Problem | None:
    """A strict JSON-schema response format or strict function whose schema breaks OpenAI's
    strict-mode rules (`harness.simulator.json_schemas`)."""
    fmt = body.get("response_format")
    spec = fmt.get("json_schema") if isinstance(fmt, dict) else None
    if isinstance(spec, dict) and spec.get("strict") is True:
        why = strict_mode_problem(spec.get("schema"))
        if why is not None:
            name = spec.get("name")
            return Problem(
                f"Invalid schema for response_format '{name}': {why}",
                "response_format",
                "invalid_json_schema",
            )
    for i, tool in enumerate(body.get("tools") or ()):
        function = tool.get("function") if isinstance(tool, dict) else None
        if isinstance(function, dict) and function.get("strict") is True:
            why = strict_mode_problem(function.get("parameters"))
            if why is not None:
                return Problem(
                    f"Invalid schema for function '{function.get('name')}': {why}",
                    f"tools[{i}].function.parameters",
                    "invalid_function_parameters",
                )
    return None


_DATA_URL = re.compile(r"^data:image/[\w.+-]+;base64,(.*)$", re.DOTALL)


def _image_url_problem(messages: list[JSON]) -> Problem | None:
    """An ``image_url`` part whose data URL's payload is not base64."""
    for i, message in enumerate(messages):
        content = message.get("content")
        for j, part in enumerate(content if isinstance(content, list) else ()):
            image = part.get("image_url") if isinstance(part, dict) else None
            url = image.get("url") if isinstance(image, dict) else None
            if not isinstance(url, str) or not url.startswith("data:"):
                continue
            data = _DATA_URL.match(url)
            if data is None or not is_base64(data[1]):
                param = f"messages[{i}].content[{j}].image_url.url"
                return Problem(
                    f"Invalid image URL: '{param}'. Expected a base64-encoded data URL with an "
                    "image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but "
                    "got an invalid base64-encoded value.",
                    param,
                    "invalid_value",
                )
    return None


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
