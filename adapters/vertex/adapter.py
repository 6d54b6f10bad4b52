"""The Claude on Vertex AI adapter: native bodies over ``rawPredict`` / ``streamRawPredict``,
shaped as ``AnthropicVertex`` shapes them; Google errors mapped to Anthropic's."""

from __future__ import annotations

from adapters.base import ModuleAdapter, chunks_only
from adapters.vertex import auth, request, stream
from adapters.vertex import response as responses

ADAPTER = ModuleAdapter(
    name="vertex",
    encode=request.encode_request,
    decode=responses.decode_response,
    decode_chunks=chunks_only(stream.decode_stream),
    auth=auth.build_auth,
    credential_headers=("authorization",),
)
