"""The bedrock-converse adapter under its registry path, end to end: every starter scenario is
encoded, answered by the simulated Converse API over loopback, and decoded back to exactly
the reply the scenario scripted (content, stop reason and sequence, usage; errors by status
and type), in both modes, with every stream passing the harness's stream checks."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from adapters.bedrock.converse.adapter import ADAPTER
from tests.support.corpus import CorpusCall, corpus_calls
from tests.support.round_trip import assert_round_trip

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

MODEL = "us.anthropic.claude-sonnet-4-6-v1:0"


def test_the_registry_path_serves_this_adapter_under_its_name() -> None:
    module = importlib.import_module("adapters.bedrock.converse.adapter")
    assert module.ADAPTER is ADAPTER
    assert ADAPTER.name == "bedrock-converse"


@pytest.mark.parametrize("item", corpus_calls("bedrock-converse"), ids=lambda item: item.case_id)
def test_a_starter_scenario_round_trips_through_converse(
    item: CorpusCall, bedrock_round_trip: Any
) -> None:
    assert_round_trip(item, lambda: bedrock_round_trip(ADAPTER, item.call, item.scenario.id))
