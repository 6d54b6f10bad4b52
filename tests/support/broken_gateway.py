"""A deliberately broken null gateway: the reference translator with one bug injected into
one target's stream decoding, served exactly as `parity gateway serve` serves it. Run as a
script (a gateway profile's start command), not imported:

    python tests/support/broken_gateway.py BUG TARGET [gateway serve options]

Bugs: ``tool-input-dropped`` (every ``input_json_delta`` fragment emptied, so the client
folds ``{}`` for each tool call); ``signature-dropped`` (no ``signature_delta``); and, on
every target (TARGET is then ignored), ``version-defaulted``: a request without
``anthropic-version`` is served as ``2023-06-01`` instead of refused.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable, Iterable, Mapping

from adapters.base import JSON, Call, StreamResult
from harness.cli import main
from harness.gateway import headers
from harness.registry import adapter as get_adapter


def _drop_tool_input(events: list[JSON]) -> list[JSON]:
    for event in events:
        delta = event.get("delta") or {}
        if event.get("type") == "content_block_delta" and delta.get("type") == "input_json_delta":
            delta["partial_json"] = ""
    return events


def _drop_signature(events: list[JSON]) -> list[JSON]:
    return [e for e in events if (e.get("delta") or {}).get("type") != "signature_delta"]


BUGS: dict[str, Callable[[list[JSON]], list[JSON]]] = {
    "tool-input-dropped": _drop_tool_input,
    "signature-dropped": _drop_signature,
}


def _default_version() -> None:
    original = headers.api_version

    def defaulted(received: Mapping[str, str]) -> str:
        if not received.get("anthropic-version", "").strip():
            return "2023-06-01"
        return original(received)

    headers.api_version = defaulted


FRONT_DOOR_BUGS: dict[str, Callable[[], None]] = {"version-defaulted": _default_version}


def inject(bug: str, target: str) -> None:
    if bug in FRONT_DOOR_BUGS:
        FRONT_DOOR_BUGS[bug]()
        return
    adapter = get_adapter(target)
    original = adapter.decode_stream
    change = BUGS[bug]

    def broken(call: Call, chunks: Iterable[bytes]) -> StreamResult:
        result = original(call, chunks)
        events = change(copy.deepcopy(result.events))
        return StreamResult(events, [str(e.get("type")) for e in events], result.problems)

    object.__setattr__(adapter, "decode_stream", broken)


if __name__ == "__main__":
    inject(sys.argv[1], sys.argv[2])
    raise SystemExit(main(["gateway", "serve", *sys.argv[3:]]))
