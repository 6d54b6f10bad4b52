"""Stage 4, decode: a target's wire response as the `Outcome` an Anthropic client sees.

The one decoder for every caller: the runner and `parity translate response`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from adapters.base import Adapter, Call, TranslationError, WireResponse
from harness.findings import Finding
from harness.outcome import Outcome


@dataclass(frozen=True)
class Decoded:
    """The outcome (None when the response could not be decoded) and what went wrong."""

    outcome: Outcome | None
    findings: list[Finding] = field(default_factory=list)


def is_stream(call: Call, response: WireResponse) -> bool:
    """Whether ``response`` is the stream a streaming call asked for: a 2xx answer that is
    not JSON (a stream request that failed up front is answered with a JSON error)."""
    return (
        call.stream
        and 200 <= response.status < 300
        and response.content_type not in ("application/json", "")
    )


def decode(
    adapter: Adapter,
    call: Call,
    response: WireResponse,
    chunks: Iterable[bytes] | None = None,
    where: str = "the response",
) -> Decoded:
    """Decode ``response`` (its body arriving as ``chunks`` when given). A translator's
    refusal or failure is a finding naming ``where``, never an exception."""
    try:
        if is_stream(call, response):
            result = adapter.decode_stream(call, [response.body] if chunks is None else chunks)
            problems = [
                Finding("translate", "events", None, None, f"stream: {p}") for p in result.problems
            ]
            outcome = Outcome(response.status, events=result.events, names=result.names)
            return Decoded(outcome, problems)
        translated = adapter.decode_response(call, response)
    except TranslationError as exc:
        return Decoded(
            None, [Finding("translate", exc.path, None, None, f"response: {exc.message}")]
        )
    except Exception as exc:  # a malformed backend answer fails its case, never the run
        message = f"response: the {adapter.name} translator failed on {where}: " + (
            f"{type(exc).__name__}: {str(exc)[:200]}"
        )
        return Decoded(None, [Finding("translate", "", None, None, message)])
    outcome = Outcome(translated.status, body=translated.body)
    if call.stream and 200 <= translated.status < 300:
        unstreamed = Finding(
            "translate",
            "",
            "a stream",
            "a JSON body",
            "a streaming request was answered without a stream",
        )
        return Decoded(outcome, [unstreamed])
    return Decoded(outcome)
