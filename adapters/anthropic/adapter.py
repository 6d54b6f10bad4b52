"""The native Anthropic API adapter: the canonical target the other backends are held to.

Calls go out as the official SDK sends them; answers come back unchanged."""

from __future__ import annotations

from adapters.anthropic import auth, request, stream
from adapters.anthropic import response as responses
from adapters.base import ModuleAdapter, chunks_only

ADAPTER = ModuleAdapter(
    name="anthropic",
    encode=request.encode_request,
    decode=responses.decode_response,
    decode_chunks=chunks_only(stream.decode_stream),
    auth=auth.build_auth,
    credential_headers=("x-api-key", "authorization"),
)
