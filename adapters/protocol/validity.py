"""Whether a decoded outcome is valid Anthropic form, in one call per kind of outcome.

A JSON body is checked against the schema its status and endpoint call for: a failure status
needs an error envelope, a success a Message (``messages``) or a token count
(``count_tokens``). A stream is checked as a client would take it: every event against the
official types, the sequence against the grammar, and the folded tool input as JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.protocol.fold import fold_events
from adapters.protocol.grammar import check_stream
from adapters.protocol.violation import Violation


def body_violations(body: Any, status: int, endpoint: str = "messages") -> list[Violation]:
    """What makes ``body``, answered with ``status`` to an ``endpoint`` call, invalid."""
    from adapters.protocol import schema  # the SDK's types: imported when first validating

    if not 200 <= status < 300:
        return schema.validate_error(body)
    if endpoint == "count_tokens":
        return schema.validate_count_tokens(body)
    return schema.validate_message(body)


def stream_violations(
    events: Sequence[dict[str, Any]], names: Sequence[str] | None = None
) -> list[Violation]:
    """What makes a decoded stream invalid: schema (located at ``events[i]``), grammar, and
    tool input that does not fold into a JSON object."""
    return event_schema_violations(events) + event_order_violations(events, names)


def event_schema_violations(events: Sequence[dict[str, Any]]) -> list[Violation]:
    """Every event against the official types, located at ``events[i]``."""
    from adapters.protocol import schema  # the SDK's types: imported when first validating

    found: list[Violation] = []
    for i, event in enumerate(events):
        for v in schema.validate_event(event):
            found.append(Violation(f"events[{i}]" + (f".{v.path}" if v.path else ""), v.message))
    return found


def event_order_violations(
    events: Sequence[dict[str, Any]], names: Sequence[str] | None = None
) -> list[Violation]:
    """The stream grammar's breaches (``names`` are used when there is one per event), then
    tool input that does not fold into a JSON object."""
    found = check_stream(events, names if names and len(names) == len(events) else None)
    if not foldable(events):
        return found  # the schema names each odd `type`; the fold reads types as names
    # ordering faults are the grammar's to report; the fold adds what only it can see
    found.extend(v for v in fold_events(events).problems if v.path.startswith("content["))
    return found


def foldable(events: Any) -> bool:
    """Whether ``events`` can be folded into a Message: a list in which every ``type`` an
    event, its content block or its delta names is a string (or absent)."""
    if not isinstance(events, list):
        return False
    for event in events:
        if not isinstance(event, dict):
            continue
        for part in (event, event.get("content_block"), event.get("delta")):
            if isinstance(part, dict) and not isinstance(part.get("type", ""), str):
                return False
    return True
