"""Simulated Converse's errors: a scripted error is a Bedrock exception, a stream error its
exception frame."""

from __future__ import annotations

import botocore.config
import botocore.exceptions
import pytest

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.bedrock_converse.support import MODEL, USER, client

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


@pytest.mark.parametrize(
    ("scenario", "seen", "code", "message"),
    [
        ("throttled", ["messageStart", "contentBlockDelta"], "throttlingException", "Slow down."),
        (
            "timed-out",
            ["messageStart", "contentBlockDelta"],
            "modelStreamErrorException",
            "Timed out.",
        ),
    ],
)
def test_a_stream_error_arrives_as_its_exception_frame(
    sim: SimulatorServer, scenario: str, seen: list[str], code: str, message: str
) -> None:
    response = client(sim, scenario).converse_stream(modelId=MODEL, messages=USER)
    names: list[str] = []
    with pytest.raises(botocore.exceptions.EventStreamError) as caught:
        for event in response["stream"]:
            names.append(next(iter(event)))
    assert names == seen
    assert caught.value.response["Error"] == {"Code": code, "Message": message}


def test_a_scripted_error_is_a_bedrock_exception(sim: SimulatorServer) -> None:
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        client(sim, "error-429").converse(modelId=MODEL, messages=USER)
    assert caught.value.response["Error"] == {
        "Code": "ThrottlingException",
        "Message": "canary 429",
    }
