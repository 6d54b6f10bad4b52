"""Credentials checked as Bedrock checks them: API keys, SigV4 well-formedness and scope, and
signatures recomputed with botocore when keys are configured."""

from __future__ import annotations

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest

from harness.simulator import SimRequest
from harness.simulator.bedrock.auth import AwsKey, check_auth
from harness.simulator.bedrock.errors import (
    BedrockRejection,
)
from tests.harness.simulator.bedrock.support import BODY, PATH, request

KEYS = {
    "AKIACANARY": AwsKey("canary-secret"),
    "AKIASESSION": AwsKey("canary-secret-2", "canary-token"),
}


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


def test_a_port_in_the_host_verifies_signed_with_or_without_it() -> None:
    with_port = signed()
    assert with_port.headers["host"] == "127.0.0.1:8080"
    assert check_auth(with_port, KEYS, None) is None
    # A client that signed the bare host name (as for Bedrock's default port) and sent the
    # port in its Host header: botocore's signature over the host without the port.
    bare = {**with_port.headers, "host": "127.0.0.1"}
    resigned = signed_with_host("127.0.0.1")
    received = SimRequest(
        resigned.method,
        resigned.path,
        "",
        {**resigned.headers, "host": "127.0.0.1:8080"},
        resigned.body,
    )
    assert check_auth(received, KEYS, None) is None
    wrong = signed_with_host("127.0.0.2")
    moved = SimRequest(
        wrong.method, wrong.path, "", {**wrong.headers, "host": "127.0.0.1:8080"}, wrong.body
    )
    refused = check_auth(moved, KEYS, None)
    assert refused is not None and refused.name == "InvalidSignatureException"
    assert check_auth(SimRequest("POST", PATH, "", bare, BODY), KEYS, None) is not None


def signed_with_host(host: str) -> SimRequest:
    headers = {"host": host, "content-type": "application/json"}
    aws = botocore.awsrequest.AWSRequest(
        method="POST", url=f"http://{host}{PATH}", data=BODY, headers=headers
    )
    credentials = botocore.credentials.Credentials("AKIACANARY", "canary-secret")
    botocore.auth.SigV4Auth(credentials, "bedrock", "us-east-1").add_auth(aws)
    return request(headers={k.lower(): str(v) for k, v in aws.headers.items()}, body=BODY)
