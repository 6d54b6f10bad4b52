"""Scripted errors reach boto3 as the Bedrock exceptions they map to."""

from __future__ import annotations

import botocore.client
import botocore.config
import botocore.exceptions
import pytest

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.bedrock_invoke.support import (
    MODEL,
    boto_client,
    invoke_body,
    with_scenario,
)

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


@pytest.mark.parametrize(
    ("name", "status", "code"),
    [
        ("error-400", 400, "ValidationException"),
        ("error-401", 403, "UnrecognizedClientException"),
        ("error-403", 403, "AccessDeniedException"),
        ("error-404", 404, "ResourceNotFoundException"),
        ("error-429", 429, "ThrottlingException"),
        ("error-500", 500, "InternalServerException"),
        ("error-504", 408, "ModelTimeoutException"),
        ("error-529", 503, "ServiceUnavailableException"),
    ],
)
def test_boto3_reads_scripted_errors_as_bedrock_exceptions(
    sim: SimulatorServer, name: str, status: int, code: str
) -> None:
    client = with_scenario(boto_client(sim), name)
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        client.invoke_model(modelId=MODEL, body=invoke_body())
    error = caught.value.response
    assert error["Error"]["Code"] == code
    assert error["Error"]["Message"] == f"canary {name[6:]}"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == status
