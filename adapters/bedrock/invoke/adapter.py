"""The ``bedrock-invoke`` adapter: Anthropic bodies over InvokeModel, events from
InvokeModelWithResponseStream, Bedrock errors mapped to Anthropic's."""

from __future__ import annotations

from adapters.base import ModuleAdapter, chunks_only
from adapters.bedrock import auth
from adapters.bedrock.invoke import request, stream
from adapters.bedrock.invoke import response as responses

ADAPTER = ModuleAdapter(
    name="bedrock-invoke",
    encode=request.encode_request,
    decode=responses.decode_response,
    decode_chunks=chunks_only(stream.decode_stream),
    auth=auth.build_auth,
    credential_headers=auth.CREDENTIAL_HEADERS,
)
