"""What became of one fuzzed input, and the tally of many.

An input ends in one of five ways: ``ok`` (a valid result: a wire request on the expected
host and path, a valid Anthropic body, a stream that obeys the grammar or whose decoder
reported a problem), ``parity`` (a TranslationError, or MissingCredentialsError: Parity's
own refusal, with its message), ``boundary`` (a Parity error too, but raised by the adapter
boundary's validity check rather than by the decoder: the decoder itself was silent),
``foreign`` (any other exception, with the site that raised it) or ``invalid`` (a result
that passes for a success but is not valid: the silent kind).
"""

from __future__ import annotations

import traceback
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from adapters import limits
from adapters.base import MissingCredentialsError, StreamResult, Translated, TranslationError
from adapters.protocol.grammar import check_stream
from adapters.protocol.schema import (
    validate_count_tokens,
    validate_error,
    validate_event,
    validate_message,
)
from harness.registry import adapter as get_adapter
from tests.adapters.fuzz_inputs import RequestInput, ResponseInput, StreamInput

# The hosts each target may address when no base URL is set.
_HOST_SUFFIXES = {
    "anthropic": ("api.anthropic.com",),
    "vertex": ("aiplatform.googleapis.com", ".rep.googleapis.com"),
    "bedrock-invoke": (".amazonaws.com",),
    "bedrock-converse": (".amazonaws.com",),
    "openai": ("api.openai.com",),
}


# How the adapter boundary (`adapters.base.ModuleAdapter`) words what it caught.
_BOUNDARY_BODY = "is not valid Anthropic JSON"
_BOUNDARY_STREAM = "the decoded stream is not valid Anthropic"


@dataclass(frozen=True)
class Outcome:
    kind: str  # ok, parity, foreign, invalid
    detail: str = ""


@dataclass
class Tally:
    tried: int = 0
    parity: int = 0
    boundary: Counter[str] = field(default_factory=Counter)
    foreign: Counter[str] = field(default_factory=Counter)
    invalid: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.tried += 1
        if outcome.kind in ("parity", "boundary"):
            self.parity += 1
        if outcome.kind == "boundary":
            self.boundary[outcome.detail] += 1
        elif outcome.kind == "foreign":
            self.foreign[outcome.detail] += 1
        elif outcome.kind == "invalid":
            self.invalid[outcome.detail] += 1


def request_outcome(item: RequestInput) -> Outcome:
    """Encode a generated request; a success must address the expected host, keep its path
    segments and carry a JSON body within the limits."""
    try:
        wire = get_adapter(item.target).encode_request(item.call, item.settings)
    except (TranslationError, MissingCredentialsError) as exc:
        return Outcome("parity", str(exc))
    except Exception as exc:
        return _foreign(exc)
    url = urlsplit(wire.url)
    if item.settings.base_url:
        expected = urlsplit(item.settings.base_url).hostname
        if url.hostname != expected:
            return Outcome("invalid", f"host {url.hostname!r} is not the base URL's")
    elif not (url.hostname or "").endswith(_HOST_SUFFIXES[item.target]) or url.username:
        return Outcome("invalid", f"the request goes to {url.netloc!r}")
    if any(part in (".", "..") for part in url.path.split("/")) or url.query or url.fragment:
        return Outcome("invalid", f"the path {limits.excerpt(url.path)!r} is not kept")
    try:
        limits.loads(wire.body or b"{}")
    except ValueError as exc:
        return Outcome("invalid", f"the wire body is not JSON within the limits: {exc}")
    return Outcome("ok")


def response_outcome(item: ResponseInput) -> Outcome:
    """Decode a mutated JSON response; a success must be a valid Anthropic body."""
    try:
        translated = get_adapter(item.target).decode_response(item.call, item.response)
    except (TranslationError, MissingCredentialsError) as exc:
        kind = "boundary" if _BOUNDARY_BODY in str(exc) else "parity"
        return Outcome(kind, str(exc))
    except Exception as exc:
        return _foreign(exc)
    found = _body_violations(translated, item.call.endpoint)
    if found:
        return Outcome("invalid", f"HTTP {translated.status} body: {found[0]}")
    return Outcome("ok")


def stream_outcome(item: StreamInput) -> Outcome:
    """Decode a mutated stream; unless the decoder reported a problem, the events must be
    valid and obey the grammar."""
    try:
        result = get_adapter(item.target).decode_stream(item.call, list(item.chunks))
    except (TranslationError, MissingCredentialsError) as exc:
        return Outcome("parity", str(exc))
    except Exception as exc:
        return _foreign(exc)
    caught = [p for p in result.problems if p.startswith(_BOUNDARY_STREAM)]
    if caught:
        return Outcome("boundary", caught[0])
    if result.problems:
        return Outcome("ok")
    found = _stream_violations(result)
    if found:
        return Outcome("invalid", f"silent stream: {found[0]}")
    return Outcome("ok")


def _body_violations(translated: Translated, endpoint: str) -> list[str]:
    if not 200 <= translated.status < 300:
        found = validate_error(translated.body)
    elif endpoint == "count_tokens":
        found = validate_count_tokens(translated.body)
    else:
        found = validate_message(translated.body)
    return [f"{v.path}: {v.message}" for v in found]


def _stream_violations(result: StreamResult) -> list[str]:
    found = [
        f"events[{i}].{v.path}: {v.message}"
        for i, event in enumerate(result.events)
        for v in validate_event(event)
    ]
    found.extend(f"{v.path}: {v.message}" for v in check_stream(result.events, result.names))
    return found


def _foreign(exc: Exception) -> Outcome:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/adapters/" in f.filename] or frames
    site = ours[-1]
    where = site.filename.split("/adapters/")[-1]
    return Outcome("foreign", f"adapters/{where}:{site.lineno} {site.name}: {type(exc).__name__}")
