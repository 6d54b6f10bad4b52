"""The bedrock-converse adapter under its registry path, end to end: every starter scenario is
encoded, answered by the simulated Converse API over loopback, and decoded back to exactly
the reply the scenario scripted (content, stop reason and sequence, usage; errors by status
and type), in both modes, with every stream passing the harness's stream checks."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from adapters.base import TranslationError
from adapters.bedrock.converse.adapter import ADAPTER
from harness.checks import check_stream
from harness.protocol.fold import fold_events
from tests.support.corpus import CorpusCall, corpus_calls

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

MODEL = "us.anthropic.claude-sonnet-4-6-v1:0"


def test_the_registry_path_serves_this_adapter_under_its_name() -> None:
    module = importlib.import_module("adapters.bedrock.converse.adapter")
    assert module.ADAPTER is ADAPTER
    assert ADAPTER.name == "bedrock-converse"


def scripted_outcome(reply: dict[str, Any]) -> dict[str, Any]:
    """What an Anthropic client must end up with for a message reply."""
    return {
        "content": reply["content"],
        "stop_reason": reply["stop_reason"],
        "stop_sequence": reply.get("stop_sequence"),
        "usage": reply["usage"],
    }


def received(message: dict[str, Any], reply: dict[str, Any]) -> dict[str, Any]:
    return {
        "content": message["content"],
        "stop_reason": message["stop_reason"],
        "stop_sequence": message["stop_sequence"],
        "usage": {key: message["usage"].get(key) for key in reply["usage"]},
    }


@pytest.mark.parametrize("item", corpus_calls("bedrock-converse"), ids=lambda item: item.case_id)
def test_a_starter_scenario_round_trips_through_converse(
    item: CorpusCall, bedrock_round_trip: Any
) -> None:
    scenario, call, scenario_id = item.scenario, item.call, item.scenario.id
    if item.refusal is not None:
        with pytest.raises(TranslationError) as caught:
            bedrock_round_trip(ADAPTER, call, scenario_id)
        assert caught.value.path.startswith(item.refusal.field)
        return

    outcome = bedrock_round_trip(ADAPTER, call, scenario_id)

    reply = scenario.reply
    if "error" in reply:
        assert outcome["status"] == reply["error"]["status"]
        assert outcome["body"]["error"]["type"] == reply["error"]["type"]
        return
    assert outcome["status"] == 200
    if "events" not in outcome:
        assert received(outcome["body"], reply) == scripted_outcome(reply)
        return
    assert outcome["problems"] == []
    assert check_stream(outcome["events"], outcome["names"]) == []
    folded = fold_events(outcome["events"])
    if "stream_error" in reply:
        assert folded.error is not None
        assert folded.error["type"] == reply["stream_error"]["type"]
        return
    assert folded.message is not None
    assert received(folded.message, reply) == scripted_outcome(reply)
