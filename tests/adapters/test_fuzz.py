"""Fuzzing the reference translator: generated requests and mutated backend responses (JSON
bodies and streams, from the cassettes) for every target end in a valid result or in
Parity's own error, never in another exception and never in a silently invalid result.

Deterministic (``derandomize``) and small enough to run in seconds; `benchmarks/fuzz.py`
runs the same inputs by the ten thousand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.adapters.fuzz_inputs import TARGETS, json_responses, requests, stream_responses
from tests.adapters.fuzz_outcomes import (
    Outcome,
    request_outcome,
    response_outcome,
    stream_outcome,
)

EXAMPLES = 80
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
KINDS: dict[str, tuple[Callable[[str], st.SearchStrategy[Any]], Callable[[Any], Outcome]]] = {
    "request": (requests, request_outcome),
    "json": (json_responses, response_outcome),
    "stream": (stream_responses, stream_outcome),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("target", TARGETS)
def test_fuzzed_inputs_end_in_a_valid_result_or_a_parity_error(target: str, kind: str) -> None:
    strategy, judge = KINDS[kind]

    @FUZZ
    @given(strategy(target))
    def check(item: Any) -> None:
        outcome = judge(item)
        assert outcome.kind in ("ok", "parity", "boundary"), outcome.detail

    check()
