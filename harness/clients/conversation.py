"""How the simulator answers a real client: which client scenario a request belongs to, and
which of its scripted turns comes next.

A real client's request cannot be matched by equality (it sends its own system prompt, tool
list and betas, which change between versions). A request belongs to the client scenario
whose marker (``[parity:<id>]``) appears in any text of its ``messages``, in whatever wire
form the backend speaks (Anthropic blocks, Converse blocks, chat-completions messages). The
turn is told apart by the conversation so far: a request carrying N assistant messages gets
the scenario's turn N+1. Every backend renders the scripted turn in its own wire form.

Requests without a marker are the client's side requests (title generation, quota checks,
token counts): they get a neutral answer and are journaled under `SIDE_REQUEST`, never
failed.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from harness.clients.scenario import ClientScenario, attempt_name, turn_name
from harness.simulator import Rejection, Script, SimRequest, Unplaced, read_json_object
from harness.vocabulary import JSON

SIDE_REQUEST = "client/side-request"
"""The name side requests are journaled under."""

NEUTRAL_REPLY: JSON = {
    "content": [{"type": "text", "text": "OK."}],
    "stop_reason": "end_turn",
    "usage": {"input_tokens": 8, "output_tokens": 2},
}
NEUTRAL_COUNT: JSON = {"input_tokens": 8}
_COUNT_TOKENS = re.compile(r"count[-_]tokens|/input_tokens$")


def texts(value: Any) -> Iterator[str]:
    """Every string inside ``value`` (mappings' values and lists' items, depth first)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


def assistant_turns(messages: Any) -> int:
    """How many model turns a conversation holds: runs of model output, each an assistant
    message (the same ``role`` in every wire form the backends speak) or, in an OpenAI
    Responses ``input``, a ``function_call`` or ``reasoning`` item, which carry no role."""
    if not isinstance(messages, list):
        return 0
    turns, inside = 0, False
    for item in messages:
        model = isinstance(item, dict) and (
            item.get("role") == "assistant" or item.get("type") in _MODEL_ITEMS
        )
        turns += 1 if model and not inside else 0
        inside = model
    return turns


_MODEL_ITEMS = frozenset({"function_call", "reasoning"})


def conversation_of(body: Mapping[str, Any]) -> Any:
    """The conversation in a backend request: ``messages`` in every wire form but OpenAI
    Responses, whose is ``input``."""
    return body["messages"] if "messages" in body else body.get("input")


class ClientResolver:
    """A simulator resolver over client scenarios (safe to call from several threads). Its
    one state: how many requests each turn of a scenario with ``retries`` has had, so that
    the first attempts get the scripted retry answers and the next the turn; `reset` clears
    it before each case."""

    def __init__(self, scenarios: Sequence[ClientScenario]) -> None:
        self._scenarios = tuple(scenarios)
        self._attempts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self._attempts.clear()

    def __call__(self, target: str, request: SimRequest) -> Script | Rejection:
        try:
            body = read_json_object(request.body)
        except ValueError as exc:
            return Unplaced.because(str(exc))
        messages = conversation_of(body)
        scenario = self.recognise(messages)
        if _COUNT_TOKENS.search(request.path):
            count = scenario.sdk.get("count_tokens") if scenario is not None else None
            if scenario is None or count is None:
                return Script(SIDE_REQUEST, NEUTRAL_COUNT)
            return Script(f"{scenario.id}/count-tokens", {"input_tokens": count})
        if scenario is None:
            return Script(SIDE_REQUEST, NEUTRAL_REPLY)
        turn = assistant_turns(messages)
        if turn >= len(scenario.turns):
            return Unplaced.because(
                f"{scenario.id}: the conversation already holds {turn} model turns; "
                f"the script has {len(scenario.turns)}",
                closest=scenario.id,
            )
        retries = scenario.retries.get(turn, ())
        with self._lock:
            attempt = self._attempts.get((scenario.id, turn), 0) + 1
            self._attempts[(scenario.id, turn)] = attempt
        if attempt <= len(retries):
            name = attempt_name(scenario.id, turn + 1, attempt)
            return Script(name, retries[attempt - 1])
        return Script(turn_name(scenario.id, turn + 1), scenario.turns[turn])

    def recognise(self, messages: Any) -> ClientScenario | None:
        """The scenario whose marker appears in ``messages``, or None."""
        found = list(texts(messages))
        for scenario in self._scenarios:
            if any(scenario.marker in text for text in found):
                return scenario
        return None
