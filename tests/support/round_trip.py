"""The check that a corpus case survives translator -> simulated backend -> translator: the
client ends up with exactly what the scenario scripted (or the declared refusal), apart from
the top-level fields the scenario declares as known differences for the target."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from adapters.base import TranslationError
from adapters.protocol.fold import fold_events
from adapters.protocol.grammar import check_stream
from tests.support.corpus import CorpusCall


def _received(message: dict[str, Any], reply: dict[str, Any]) -> dict[str, Any]:
    return {
        "content": message["content"],
        "stop_reason": message["stop_reason"],
        "stop_sequence": message["stop_sequence"],
        "usage": {key: message["usage"].get(key) for key in reply["usage"]},
    }


def _scripted(reply: dict[str, Any]) -> dict[str, Any]:
    return {
        "content": reply["content"],
        "stop_reason": reply["stop_reason"],
        "stop_sequence": reply.get("stop_sequence"),
        "usage": reply["usage"],
    }


def assert_round_trip(item: CorpusCall, run: Callable[[], dict[str, Any]]) -> None:
    """``run()`` makes the round trip and returns the decoded outcome."""
    if item.refusal is not None:
        with pytest.raises(TranslationError) as caught:
            run()
        assert caught.value.path.startswith(item.refusal.field)
        return
    outcome = run()
    reply = item.scenario.reply
    known = item.scenario.known_differences_for(item.target, item.mode)
    declared = {kd.path for kd in known}
    if "error" in reply:  # a backend without the status declares its own as a difference
        if "status" not in declared:
            assert outcome["status"] == reply["error"]["status"]
        if "error.type" not in declared:
            assert outcome["body"]["error"]["type"] == reply["error"]["type"]
        return
    assert outcome["status"] == 200
    if "events" not in outcome:
        assert _without(_received(outcome["body"], reply), declared) == _without(
            _scripted(reply), declared
        )
        return
    assert outcome["problems"] == []
    assert check_stream(outcome["events"], outcome["names"]) == []
    folded = fold_events(outcome["events"])
    if "stream_error" in reply:
        assert folded.error is not None
        assert folded.error["type"] == reply["stream_error"]["type"]
        return
    assert folded.message is not None
    assert _without(_received(folded.message, reply), declared) == _without(
        _scripted(reply), declared
    )


def _without(view: dict[str, Any], declared: set[str]) -> dict[str, Any]:
    return {key: value for key, value in view.items() if key not in declared}
