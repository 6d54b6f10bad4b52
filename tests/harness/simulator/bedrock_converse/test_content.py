"""A reply's parts in Converse's shapes: the stop reason by the table or forced, and the
matched stop sequence when its field path is asked for."""

from __future__ import annotations

import pytest

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.bedrock_converse.support import MODEL, USER, client

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


def test_the_stop_sequence_is_returned_when_its_path_is_asked_for(sim: SimulatorServer) -> None:
    response = client(sim, "stop-sequence").converse(
        modelId=MODEL,
        messages=USER,
        inferenceConfig={"stopSequences": ["</answer>"]},
        additionalModelResponseFieldPaths=["/delta/stop_sequence"],
    )
    assert response["stopReason"] == "stop_sequence"
    assert response["additionalModelResponseFields"] == {"delta": {"stop_sequence": "</answer>"}}


@pytest.mark.parametrize(
    ("scenario", "stop"), [("refusal", "content_filtered"), ("guardrail", "guardrail_intervened")]
)
def test_stop_reasons_follow_the_table_or_the_forced_value(
    sim: SimulatorServer, scenario: str, stop: str
) -> None:
    assert client(sim, scenario).converse(modelId=MODEL, messages=USER)["stopReason"] == stop
