"""The ``bedrock-converse`` adapter: calls mapped onto Converse / ConverseStream, replies and
streams mapped back to Anthropic form, Bedrock errors mapped to Anthropic's."""

from __future__ import annotations

from adapters.base import ModuleAdapter
from adapters.bedrock import auth
from adapters.bedrock.converse import request, stream
from adapters.bedrock.converse import response as responses

ADAPTER = ModuleAdapter(
    name="bedrock-converse",
    encode=request.encode_request,
    decode=responses.decode_response,
    decode_chunks=stream.decode_stream,
    auth=auth.build_auth,
    credential_headers=auth.CREDENTIAL_HEADERS,
)
