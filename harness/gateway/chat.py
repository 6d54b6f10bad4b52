"""``POST /v1/chat/completions``: the OpenAI front, through the reference front door.

The OpenAI request becomes an Anthropic request (`adapters.openai.front_request`), goes to
its route like any Anthropic call (at the target's default API version, no betas), and the
Anthropic outcome comes back as a ``chat.completion`` or OpenAI error
(`adapters.openai.front_response`), or as chunks (`adapters.openai.front_stream`), sent as
the relay settles the events they come from. The gateway's own failures use OpenAI's error
envelope, with the front door's status for each Anthropic error type.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from adapters.base import JSON, Translated, TranslationError
from adapters.openai import errors
from adapters.openai.front_request import anthropic_request
from adapters.openai.front_response import completion_response
from adapters.openai.front_stream import ChunkStream, chunks_from_events, include_usage
from harness.gateway import headers
from harness.gateway.errors import GatewayError
from harness.gateway.forward import Answer, Forwarder
from harness.gateway.messages import relayed_events
from harness.gateway.wire import Incoming, Reply, json_reply, new_request_id, stream_reply

CHAT_PATH = "/v1/chat/completions"


def handle(incoming: Incoming, forwarder: Forwarder) -> Reply:
    """Serve one chat-completions request."""
    request_id = new_request_id()
    created = int(time.time())
    try:
        headers.authenticate(incoming.headers)
        request = incoming.json_object()
        try:
            body = anthropic_request(request)
        except TranslationError as exc:
            raise GatewayError(400, str(exc)) from None
        answer = forwarder.forward(
            body, "messages", api_version=None, betas=(), headers=incoming.headers
        )
        return _reply(answer, request, created, request_id)
    except GatewayError as exc:
        status, envelope = errors.openai_error(exc.status, exc.envelope())
        return json_reply(status, envelope, request_id)


def _reply(answer: Answer, request: JSON, created: int, request_id: str) -> Reply:
    if answer.relay is not None and answer.pieces is not None:
        chunks = _chunks(answer, include_usage(request), created)
        return stream_reply(chunks, request_id)
    assert answer.outcome is not None
    translated = Translated(answer.outcome.status, answer.outcome.body)
    try:
        status, completion = completion_response(translated, created=created)
    except TranslationError as exc:
        message = f"the {answer.route.target} backend's answer has no chat-completions form: {exc}"
        raise GatewayError(500, message) from None
    return json_reply(status, completion, request_id)


def _chunks(answer: Answer, usage: bool, created: int) -> Iterator[bytes]:
    """The chunk stream, each chunk sent once the events it comes from are settled."""
    assert answer.relay is not None and answer.pieces is not None
    events: list[JSON] = []
    sent = 0
    done = False
    for batch in relayed_events(answer.relay, answer.pieces):
        events.extend(data for _, data in batch)
        stream = chunks_from_events(events, created=created, include_usage=usage)
        if stream.chunks[sent:]:
            yield ChunkStream(stream.chunks[sent:]).encode()
        sent, done = len(stream.chunks), stream.done
    if done:
        yield ChunkStream(done=True).encode()
