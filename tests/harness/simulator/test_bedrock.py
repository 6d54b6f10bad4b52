"""What both simulated Bedrock APIs share: routes with every model id encoding, auth checked
as Bedrock checks it (SigV4 recomputed with botocore when keys are configured), errors in
Bedrock's rest-json shape, the scripted error and beta tables, and Bedrock's small habits."""

from __future__ import annotations

import json
import uuid

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest

from adapters.base import Endpoint
from harness.simulator import Rejection, SimRequest
from harness.simulator.bedrock import (
    AwsKey,
    BedrockRejection,
    bedrock_error,
    check_auth,
    check_betas,
    claude_name,
    padding,
    rejection_error,
    request_id,
    route,
    scripted_exception,
    unknown_operation,
)

OPERATIONS: dict[str, Endpoint] = {"invoke": "messages", "invoke-with-response-stream": "messages"}
KEYS = {
    "AKIACANARY": AwsKey("canary-secret"),
    "AKIASESSION": AwsKey("canary-secret-2", "canary-token"),
}
BODY = b'{"anthropic_version":"bedrock-2023-05-31","max_tokens":1,"messages":[]}'
PATH = "/model/us.anthropic.claude-x-v1:0/invoke"


def request(
    path: str = PATH, headers: dict[str, str] | None = None, body: bytes = BODY
) -> SimRequest:
    return SimRequest("POST", path, "", headers or {}, body)


def signed(
    access_key: str = "AKIACANARY",
    secret: str = "canary-secret",
    token: str | None = None,
    service: str = "bedrock",
    body: bytes = BODY,
) -> SimRequest:
    """A request signed by botocore exactly as a client signs it, as the server receives it."""
    headers = {
        "host": "127.0.0.1:8080",
        "content-type": "application/json",
        "accept": "application/json",
    }
    aws = botocore.awsrequest.AWSRequest(
        method="POST", url=f"http://127.0.0.1:8080{PATH}", data=body, headers=headers
    )
    credentials = botocore.credentials.Credentials(access_key, secret, token)
    botocore.auth.SigV4Auth(credentials, service, "us-east-1").add_auth(aws)
    received = {k.lower(): str(v) for k, v in aws.headers.items()}
    return request(headers=received, body=body)


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("/model/us.anthropic.claude-x-v1:0/invoke", "us.anthropic.claude-x-v1:0"),
        ("/model/us.anthropic.claude-x-v1%3A0/invoke", "us.anthropic.claude-x-v1:0"),
        (
            "/model/arn:aws:bedrock:us-east-1:123456789012:inference-profile%2Fus.anthropic.claude-x-v1:0/invoke-with-response-stream",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-x-v1:0",
        ),
    ],
)
def test_a_route_unquotes_the_model_id(path: str, model: str) -> None:
    found = route(request(path), OPERATIONS)
    assert found is not None
    assert found.params["model"] == model
    assert "unknown_operation" not in found.params


def test_a_literal_slash_in_the_model_id_names_no_operation() -> None:
    path = "/model/arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.x/invoke"
    found = route(request(path), OPERATIONS)
    assert found is not None and found.params["unknown_operation"] == "true"


@pytest.mark.parametrize(
    "path", ["/model/x/converse", "/v1/messages", "/model//invoke", "/model/x/invoke/extra"]
)
def test_other_paths_are_not_routed(path: str) -> None:
    assert route(request(path), OPERATIONS) is None


def test_only_post_is_routed() -> None:
    assert route(SimRequest("GET", PATH, "", {}, b""), OPERATIONS) is None


def test_a_bearer_api_key_passes_and_can_be_limited() -> None:
    bearer = request(headers={"authorization": "Bearer canary-api-key"})
    assert check_auth(bearer, KEYS, None) is None
    assert check_auth(bearer, KEYS, {"canary-api-key"}) is None
    refused = check_auth(bearer, KEYS, {"canary-other-key"})
    assert refused is not None and refused.name == "UnrecognizedClientException"


def test_no_credentials_are_a_missing_authentication_token() -> None:
    refused = check_auth(request(), None, None)
    assert refused == BedrockRejection(
        403, "Missing Authentication Token", "MissingAuthenticationTokenException"
    )


def test_a_placeholder_signature_passes_when_no_keys_are_configured() -> None:
    placeholder = (
        "AWS4-HMAC-SHA256 Credential=<AWS_ACCESS_KEY_ID>/<yyyymmdd>/us-east-1/bedrock/"
        "aws4_request, "
        "SignedHeaders=<signed at send time>, Signature=<signed at send time>"
    )
    assert check_auth(request(headers={"authorization": placeholder}), None, None) is None


def test_a_signature_for_another_service_is_refused() -> None:
    refused = check_auth(signed(service="s3"), None, None)
    assert refused is not None and refused.name == "InvalidSignatureException"
    assert "'bedrock'" in refused.message


def test_a_malformed_sigv4_header_is_an_incomplete_signature() -> None:
    refused = check_auth(
        request(headers={"authorization": "AWS4-HMAC-SHA256 Signature=abc"}), None, None
    )
    assert refused is not None and refused.name == "IncompleteSignatureException"


def test_a_botocore_signature_verifies() -> None:
    assert check_auth(signed(), KEYS, None) is None
    assert check_auth(signed("AKIASESSION", "canary-secret-2", "canary-token"), KEYS, None) is None


@pytest.mark.parametrize(
    ("sent", "name"),
    [
        (signed(secret="canary-wrong"), "InvalidSignatureException"),
        (signed("AKIAUNKNOWN"), "UnrecognizedClientException"),
        (signed("AKIASESSION", "canary-secret-2", None), "UnrecognizedClientException"),
        (
            signed("AKIASESSION", "canary-secret-2", "canary-other-token"),
            "UnrecognizedClientException",
        ),
    ],
)
def test_signatures_that_do_not_verify_are_refused(sent: SimRequest, name: str) -> None:
    refused = check_auth(sent, KEYS, None)
    assert refused is not None and refused.name == name


def test_a_changed_body_or_date_breaks_the_signature() -> None:
    good = signed()
    tampered = SimRequest(good.method, good.path, good.query, good.headers, good.body + b" ")
    refused = check_auth(tampered, KEYS, None)
    assert refused is not None and refused.name == "InvalidSignatureException"
    other_day = {**good.headers, "x-amz-date": "19990101T000000Z"}
    refused = check_auth(SimRequest(good.method, good.path, "", other_day, good.body), KEYS, None)
    assert refused is not None and refused.name == "IncompleteSignatureException"


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


def test_only_accepted_betas_pass() -> None:
    assert check_betas(None, "anthropic_beta") is None
    assert check_betas(["context-1m-2025-08-07", "interleaved-thinking-2025-05-14"], "b") is None
    assert check_betas(["context-1m-2025-08-07", "canary-beta"], "b") == Rejection(
        400, "invalid beta flag: canary-beta"
    )
    refused = check_betas("context-1m-2025-08-07", "anthropic_beta")
    assert refused is not None and "array of strings" in refused.message


@pytest.mark.parametrize(
    ("model_id", "name"),
    [
        ("anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5-20250929"),
        ("us.anthropic.claude-opus-4-1-20250805-v1:0", "claude-opus-4-1-20250805"),
        ("global.anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5-20251001"),
        ("apac.anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet-20250219"),
        (
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-x-v2:0",
            "claude-x",
        ),
        ("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123", "abc123"),
    ],
)
def test_bodies_report_the_bare_claude_name(model_id: str, name: str) -> None:
    assert claude_name(model_id) == name


def test_padding_is_a_seeded_prefix_of_the_alphabet() -> None:
    first = padding("seed-1")
    assert first == padding("seed-1")
    assert "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".startswith(first)
    assert len({len(padding(f"seed-{i}")) for i in range(20)}) > 5


def test_request_ids_are_seeded_uuids() -> None:
    assert request_id("a") == request_id("a") != request_id("b")
    assert uuid.UUID(request_id("a")).version == 4
