"""The OpenAI Responses adapter: Anthropic calls onto ``POST /responses``."""

from __future__ import annotations

from adapters.base import ModuleAdapter
from adapters.openai_responses import auth, request, stream
from adapters.openai_responses import response as responses

ADAPTER = ModuleAdapter(
    name="openai-responses",
    encode=request.encode_request,
    decode=responses.decode_response,
    decode_chunks=stream.decode_stream,
    auth=auth.build_auth,
    credential_headers=("authorization",),
)
