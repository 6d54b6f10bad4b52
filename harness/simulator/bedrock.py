"""What the two simulated Bedrock runtime APIs (InvokeModel and Converse) share.

- Routes: ``POST /model/{modelId}/{operation}``; the model id is one path segment, ``:``
  literal or ``%3A`` and ``/`` as ``%2F``. A literal ``/`` in the id makes the path name no
  operation, and Bedrock answers coral's ``UnknownOperationException`` (after auth).
- Auth, checked first: a ``Bearer`` token (a Bedrock API key), or a SigV4 ``authorization``
  scoped to service ``bedrock``. With `AwsKey` credentials configured, the signature is
  recomputed with botocore's signer and must match; the access key must be known and a
  session token, when the key has one, must be sent. Without credentials any well-formed
  SigV4 header passes (encoded requests carry a placeholder).
- Errors: rest-json, ``{"message": ...}`` (``{"Message": ...}`` for auth failures) with an
  ``x-amzn-ErrorType`` header naming the exception. A scripted error maps its status to a
  Bedrock exception with `SCRIPTED_ERRORS`; a stream error maps its Anthropic type to an
  exception frame with `STREAM_EXCEPTIONS`.
- Betas: only the flags in `ACCEPTED_BETAS` pass; any other is ``invalid beta flag``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import botocore.auth
import botocore.awsrequest
import botocore.credentials

from adapters.base import Endpoint
from harness.simulator import JSON, Rejection, Route, SimRequest, SimResponse, bearer_token
from harness.simulator.script import seeded_ints

SERVICE = "bedrock"
CORAL_NAMESPACE = "http://internal.amazon.com/coral/com.amazon.bedrock/"
EVENT_STREAM_TYPE = "application/vnd.amazon.eventstream"
_PADDING = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_ROUTE = re.compile(r"^/model/(?P<model>.+)/(?P<operation>[a-z-]+)$")
_AUTH_ERRORS = frozenset(
    {
        "MissingAuthenticationTokenException",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "IncompleteSignatureException",
    }
)

# Anthropic status of a scripted error -> (Bedrock's HTTP status, exception name)
SCRIPTED_ERRORS: dict[int, tuple[int, str]] = {
    400: (400, "ValidationException"),
    401: (403, "UnrecognizedClientException"),
    402: (403, "AccessDeniedException"),
    403: (403, "AccessDeniedException"),
    404: (404, "ResourceNotFoundException"),
    408: (408, "ModelTimeoutException"),
    413: (400, "ValidationException"),
    424: (424, "ModelErrorException"),
    429: (429, "ThrottlingException"),
    500: (500, "InternalServerException"),
    503: (503, "ServiceUnavailableException"),
    504: (408, "ModelTimeoutException"),
    529: (503, "ServiceUnavailableException"),
}
# Anthropic error type of a scripted stream error -> the exception frame that carries it
STREAM_EXCEPTIONS: dict[str, str] = {
    "rate_limit_error": "throttlingException",
    "overloaded_error": "serviceUnavailableException",
    "api_error": "internalServerException",
    "invalid_request_error": "validationException",
    "timeout_error": "modelTimeoutException",
}
# Beta flags Bedrock accepts in anthropic_beta (observed by probing the service).
ACCEPTED_BETAS = frozenset(
    {
        "computer-use-2024-10-22",
        "computer-use-2025-01-24",
        "context-1m-2025-08-07",
        "context-management-2025-06-27",
        "dev-full-thinking-2025-05-14",
        "fine-grained-tool-streaming-2025-05-14",
        "interleaved-thinking-2025-05-14",
        "mcp-client-2025-04-04",
        "mcp-client-2025-11-20",
        "model-context-window-exceeded-2025-08-26",
        "output-128k-2025-02-19",
        "pdfs-2024-09-25",
        "search-results-2025-06-09",
        "token-counting-2024-11-01",
        "token-efficient-tools-2025-02-19",
        "tool-search-tool-2025-10-19",
        "web-search-2025-03-05",
    }
)
MISSING_TOKEN = "Missing Authentication Token"
BAD_TOKEN = "The security token included in the request is invalid."
BAD_SIGNATURE = (
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details."
)
UNKNOWN_OPERATION = "UnknownOperationException"


@dataclass(frozen=True)
class AwsKey:
    """A secret access key the simulator verifies signatures with, and its session token."""

    secret: str
    session_token: str | None = None


@dataclass(frozen=True)
class BedrockRejection(Rejection):
    """A refusal that names the Bedrock exception it is rendered as."""

    name: str = "ValidationException"


class BedrockBackend:
    """What both Bedrock backends share: the credentials they verify, their routes, and the
    checks that come before the body (credentials, then a known operation).

    ``credentials`` (access key id -> `AwsKey`) turns on SigV4 verification; ``api_keys``
    limits the accepted Bedrock API keys. Both default to accepting any well-formed
    credentials."""

    operations: Mapping[str, Endpoint] = {}

    def __init__(
        self,
        credentials: Mapping[str, AwsKey] | None = None,
        api_keys: Collection[str] | None = None,
    ) -> None:
        self.credentials = credentials
        self.api_keys = api_keys

    def route(self, request: SimRequest) -> Route | None:
        return route(request, self.operations)

    def refuse_early(self, request: SimRequest, route: Route) -> Rejection | None:
        """A refusal for the credentials or the operation, before the body is read."""
        refused = check_auth(request, self.credentials, self.api_keys)
        if refused is not None:
            return refused
        if route.params.get("unknown_operation"):
            return BedrockRejection(404, "the path names no operation", UNKNOWN_OPERATION)
        return None


def route(request: SimRequest, operations: Mapping[str, Endpoint]) -> Route | None:
    """The route of a ``POST /model/{id}/{operation}`` for one of ``operations``. The model
    id is unquoted; ``unknown_operation`` is set when a literal ``/`` split it."""
    match = _ROUTE.match(request.path) if request.method == "POST" else None
    if match is None or match["operation"] not in operations:
        return None
    raw = match["model"]
    params = {"model": unquote(raw), "operation": match["operation"]}
    if "/" in raw:
        params["unknown_operation"] = "true"
    return Route(operations[match["operation"]], params)


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


def bedrock_error(status: int, name: str, message: str, request_id: str) -> SimResponse:
    """Bedrock's rest-json error: the message body and the ``x-amzn-ErrorType`` header."""
    key = "Message" if name in _AUTH_ERRORS else "message"
    headers = {"x-amzn-errortype": f"{name}:{CORAL_NAMESPACE}", "x-amzn-requestid": request_id}
    return SimResponse.of_json(status, {key: message}, headers)


def rejection_error(rejection: Rejection, request_id: str) -> SimResponse:
    """A refusal in Bedrock's shape (its exception named by status when not given); an
    unknown operation is coral's envelope."""
    if isinstance(rejection, BedrockRejection):
        if rejection.name == UNKNOWN_OPERATION:
            return unknown_operation(request_id)
        return bedrock_error(rejection.status, rejection.name, rejection.message, request_id)
    status, name = scripted_exception(rejection.status)
    return bedrock_error(status, name, rejection.message, request_id)


def unknown_operation(request_id: str) -> SimResponse:
    """Coral's answer to a path that names no operation."""
    body = {"Output": {"__type": f"com.amazon.coral.service#{UNKNOWN_OPERATION}"}}
    return SimResponse.of_json(404, {**body, "Version": "1.0"}, {"x-amzn-requestid": request_id})


def scripted_exception(status: int) -> tuple[int, str]:
    """Bedrock's HTTP status and exception name for a scripted Anthropic error status."""
    if status in SCRIPTED_ERRORS:
        return SCRIPTED_ERRORS[status]
    return (500, "InternalServerException") if status >= 500 else (400, "ValidationException")


def check_betas(betas: Any, field: str) -> Rejection | None:
    """Bedrock's refusal of an ``anthropic_beta`` value, or None when every flag is known."""
    if betas is None:
        return None
    if not isinstance(betas, list) or not all(isinstance(b, str) for b in betas):
        return Rejection(400, f"Malformed input request: {field} must be an array of strings")
    unknown = [beta for beta in betas if beta not in ACCEPTED_BETAS]
    if unknown:
        return Rejection(400, f"invalid beta flag: {unknown[0]}")
    return None


def request_id(seed: str) -> str:
    """An ``x-amzn-RequestId`` (a UUID) derived from ``seed``."""
    digest = hashlib.sha256(f"request-id\x00{seed}".encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def padding(seed: str) -> str:
    """Bedrock's ``p`` field: a random-length run of the alphabet (drawn from ``seed``)."""
    return _PADDING[: 1 + next(seeded_ints(seed, "padding")) % len(_PADDING)]


def latency_ms(seed: str, low: int = 120, spread: int = 900) -> int:
    """A plausible latency in milliseconds, drawn from ``seed``."""
    return low + next(seeded_ints(seed, "latency")) % spread


def claude_name(model_id: str) -> str:
    """The bare Claude model name a Bedrock model id points at, as its bodies report it:
    ``us.anthropic.claude-sonnet-4-5-20250929-v1:0`` -> ``claude-sonnet-4-5-20250929``."""
    name = model_id.rsplit("/", 1)[-1]
    name = re.sub(r"^(?:[a-z]+\.)?anthropic\.", "", name)
    return re.sub(r"-v\d+(?::\d+)?$", "", name)


def event_stream_response(
    body: bytes, request_id: str, seed: str, extra: JSON | None = None
) -> SimResponse:
    """A 200 event stream, chunked at boundaries drawn from ``seed``."""
    headers = {"content-type": EVENT_STREAM_TYPE, "x-amzn-requestid": request_id, **(extra or {})}
    return SimResponse(200, headers, body, stream_seed=seed)


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
    host = request.headers.get("host", "")
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
    expected = signer.signature(signer.string_to_sign(aws, canonical), aws)
    if not hmac.compare_digest(expected, fields.get("Signature", "")):
        return _auth_error("InvalidSignatureException", BAD_SIGNATURE)
    return None
