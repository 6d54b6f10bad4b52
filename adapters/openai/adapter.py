"""The OpenAI chat-completions adapter: Anthropic calls onto ``POST /chat/completions``."""

from __future__ import annotations

from adapters.base import ModuleAdapter
from adapters.openai import auth, request, stream
from adapters.openai import response as responses

ADAPTER = ModuleAdapter(
    name="openai",
    encode=request.encode_request,
    decode=responses.decode_response,
    decode_chunks=stream.decode_stream,
    auth=auth.build_auth,
    credential_headers=("authorization",),
)
