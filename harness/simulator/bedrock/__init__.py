"""What the two simulated Bedrock runtime APIs (InvokeModel and Converse) share.

- `routes`: ``POST /model/{modelId}/{operation}``; the model id is one path segment, ``:``
  literal or ``%3A`` and ``/`` as ``%2F``. A literal ``/`` in the id makes the path name no
  operation, and Bedrock answers coral's ``UnknownOperationException`` (after auth).
- `auth`, checked first: a ``Bearer`` token (a Bedrock API key), or a SigV4 ``authorization``
  scoped to service ``bedrock``. With `AwsKey` credentials configured, the signature is
  recomputed with botocore's signer and must match; the access key must be known and a
  session token, when the key has one, must be sent. Without credentials any well-formed
  SigV4 header passes (encoded requests carry a placeholder).
- `validate`: only the beta flags in ``ACCEPTED_BETAS`` pass; any other is ``invalid beta
  flag``.
- `errors`: rest-json, ``{"message": ...}`` (``{"Message": ...}`` for auth failures) with an
  ``x-amzn-ErrorType`` header naming the exception. A scripted error maps its status to a
  Bedrock exception with ``SCRIPTED_ERRORS``; a stream error maps its Anthropic type to an
  exception frame with ``STREAM_EXCEPTIONS``.
- `render` and `stream`: request ids, padding, latencies and model names drawn as Bedrock
  writes them; the event-stream response, framed by `eventstream`.
- `backend`: `BedrockBackend`, the base both backends build on.
"""

from __future__ import annotations

from harness.simulator.bedrock.auth import AwsKey, check_auth
from harness.simulator.bedrock.backend import BedrockBackend, aws_credentials

__all__ = ["AwsKey", "BedrockBackend", "aws_credentials", "check_auth"]
