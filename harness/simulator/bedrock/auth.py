"""Bedrock's credential checks: a Bedrock API key (``Bearer``) or a SigV4 signature scoped to
service ``bedrock``, verified with botocore's signer when keys are configured."""

from __future__ import annotations

import hmac
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import botocore.auth
import botocore.awsrequest
import botocore.credentials

from harness.simulator import SimRequest, bearer_token
from harness.simulator.bedrock.errors import BedrockRejection

SERVICE = "bedrock"
MISSING_TOKEN = "Missing Authentication Token"
BAD_TOKEN = "The security token included in the request is invalid."
BAD_SIGNATURE = (
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details."
)


@dataclass(frozen=True)
class AwsKey:
    """A secret access key the simulator verifies signatures with, and its session token."""

    secret: str
    session_token: str | None = None


def check_auth(
    request: SimRequest,
    keys: Mapping[str, AwsKey] | None,
    api_keys: Collection[str] | None,
) -> BedrockRejection | None:
    """The refusal Bedrock gives a request's credentials, or None when they pass."""
    token = bearer_token(request.headers)
    if token is not None:
        if api_keys is not None and token not in api_keys:
            return _auth_error("UnrecognizedClientException", BAD_TOKEN)
        return None
    scheme, _, rest = request.headers.get("authorization", "").strip().partition(" ")
    if scheme != "AWS4-HMAC-SHA256":
        return _auth_error("MissingAuthenticationTokenException", MISSING_TOKEN)
    fields = _sigv4_fields(rest)
    scope = fields.get("Credential", "").split("/")
    if len(scope) != 5 or scope[4] != "aws4_request" or "SignedHeaders" not in fields:
        return _auth_error(
            "IncompleteSignatureException",
            "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'.",
        )
    if scope[3] != SERVICE:
        return _auth_error(
            "InvalidSignatureException",
            f"Credential should be scoped to correct service: '{SERVICE}'.",
        )
    if keys is None:
        return None
    return _verify(request, keys, fields, scope)


def _auth_error(name: str, message: str) -> BedrockRejection:
    return BedrockRejection(403, message, name)


def _sigv4_fields(rest: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in rest.split(","):
        key, _, value = part.strip().partition("=")
        fields[key] = value
    return fields


def _verify(
    request: SimRequest, keys: Mapping[str, AwsKey], fields: dict[str, str], scope: list[str]
) -> BedrockRejection | None:
    access_key, day, region = scope[0], scope[1], scope[2]
    key = keys.get(access_key)
    if key is None:
        return _auth_error("UnrecognizedClientException", BAD_TOKEN)
    if key.session_token is not None and (
        request.headers.get("x-amz-security-token") != key.session_token
    ):
        return _auth_error("UnrecognizedClientException", BAD_TOKEN)
    timestamp = request.headers.get("x-amz-date", "")
    if not timestamp.startswith(day):
        return _auth_error(
            "IncompleteSignatureException",
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
            "header, matching the credential scope date.",
        )
    signed = fields["SignedHeaders"].split(";")
    if any(name not in request.headers and name != "host" for name in signed):
        return _auth_error("InvalidSignatureException", BAD_SIGNATURE)
    sent = fields.get("Signature", "")
    for host in host_forms(request.headers.get("host", "")):
        expected = _signature(request, key, access_key, region, signed, timestamp, host)
        if hmac.compare_digest(expected, sent):
            return None
    return _auth_error("InvalidSignatureException", BAD_SIGNATURE)


def host_forms(host: str) -> tuple[str, ...]:
    """The host values a client may have signed for a request that arrived with ``host``:
    that value, and without its port when it has one. A real Bedrock endpoint is always on
    the default port, so clients differ on whether a non-default port is part of the signed
    host (botocore signs it, some gateways sign the bare host name); both verify here."""
    name, colon, port = host.rpartition(":")
    bracketed = name.startswith("[") and name.endswith("]")  # an IPv6 address
    if colon and port.isdigit() and (bracketed or ":" not in name):
        return (host, name)
    return (host,)


def _signature(
    request: SimRequest,
    key: AwsKey,
    access_key: str,
    region: str,
    signed: list[str],
    timestamp: str,
    host: str,
) -> str:
    """The SigV4 signature botocore computes for ``request`` over its ``signed`` headers,
    with ``host`` as the signed host."""
    query = f"?{request.query}" if request.query else ""
    aws = botocore.awsrequest.AWSRequest(
        method=request.method,
        url=f"http://{host}{request.path}{query}",
        data=request.body,
        headers={name: host if name == "host" else request.headers[name] for name in signed},
    )
    aws.context["timestamp"] = timestamp
    credentials = botocore.credentials.Credentials(access_key, key.secret, key.session_token)
    signer = botocore.auth.SigV4Auth(credentials, SERVICE, region)
    canonical = signer.canonical_request(aws)
    return str(signer.signature(signer.string_to_sign(aws, canonical), aws))
