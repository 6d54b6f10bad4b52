"""Bedrock's error shapes: rest-json with the exception named in a header, ``Message`` for
auth errors, coral's unknown-operation envelope, and the scripted error table."""

from __future__ import annotations

import json

import pytest

from harness.simulator import Rejection
from harness.simulator.bedrock.errors import (
    BedrockRejection,
    bedrock_error,
    rejection_error,
    scripted_exception,
    unknown_operation,
)


def test_errors_are_rest_json_with_the_exception_named_in_a_header() -> None:
    response = bedrock_error(429, "ThrottlingException", "Too many requests.", "canary-id")
    assert response.status == 429
    assert json.loads(response.body) == {"message": "Too many requests."}
    assert response.headers["x-amzn-errortype"] == (
        "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"
    )
    assert response.headers["x-amzn-requestid"] == "canary-id"


def test_auth_errors_use_a_capital_m() -> None:
    response = bedrock_error(403, "UnrecognizedClientException", "bad token", "canary-id")
    assert json.loads(response.body) == {"Message": "bad token"}


def test_a_plain_rejection_is_named_by_its_status() -> None:
    assert (
        rejection_error(Rejection(404, "gone"), "r")
        .headers["x-amzn-errortype"]
        .startswith("ResourceNotFoundException:")
    )
    assert (
        rejection_error(BedrockRejection(400, "bad", "SerializationException"), "r")
        .headers["x-amzn-errortype"]
        .startswith("SerializationException:")
    )


def test_an_unknown_operation_is_corals_envelope() -> None:
    response = unknown_operation("canary-id")
    assert response.status == 404
    assert json.loads(response.body) == {
        "Output": {"__type": "com.amazon.coral.service#UnknownOperationException"},
        "Version": "1.0",
    }


@pytest.mark.parametrize(
    ("status", "bedrock"),
    [
        (400, (400, "ValidationException")),
        (401, (403, "UnrecognizedClientException")),
        (403, (403, "AccessDeniedException")),
        (404, (404, "ResourceNotFoundException")),
        (429, (429, "ThrottlingException")),
        (500, (500, "InternalServerException")),
        (504, (408, "ModelTimeoutException")),
        (529, (503, "ServiceUnavailableException")),
        (418, (400, "ValidationException")),
        (502, (500, "InternalServerException")),
    ],
)
def test_scripted_statuses_map_to_bedrock_exceptions(status: int, bedrock: tuple[int, str]) -> None:
    assert scripted_exception(status) == bedrock
