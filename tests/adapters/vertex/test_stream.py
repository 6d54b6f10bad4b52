"""A Vertex stream (streamRawPredict relays Anthropic SSE) decodes to the Anthropic events it
carries, identically for any chunking."""

from __future__ import annotations

from adapters.base import Call
from adapters.vertex.adapter import ADAPTER

CALL = Call("messages", {"model": "claude-haiku-4-5@20251001", "max_tokens": 64, "stream": True})

# CRLF line ends and a comment line, which relays between the model and the client may add.
STREAM = (
    b": keep-alive\r\n\r\n"
    b"event: message_start\r\n"
    b'data: {"type":"message_start","message":{"id":"msg_vrtx_01Canary","type":"message",'
    b'"role":"assistant","model":"claude-haiku-4-5-20251001","content":[],"stop_reason":null,'
    b'"stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":1}}}\r\n\r\n'
    b"event: content_block_start\r\n"
    b'data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}'
    b"\r\n\r\n"
    b"event: content_block_delta\r\n"
    b'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta",'
    b'"text":"Gr\xc3\xbc\xc3\x9f dich"}}\r\n\r\n'
    b"event: content_block_stop\r\n"
    b'data: {"type":"content_block_stop","index":0}\r\n\r\n'
    b"event: message_delta\r\n"
    b'data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},'
    b'"usage":{"output_tokens":4}}\r\n\r\n'
    b"event: message_stop\r\n"
    b'data: {"type":"message_stop"}\r\n\r\n'
)


def _split(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_a_vertex_stream_decodes_to_anthropic_events() -> None:
    result = ADAPTER.decode_stream(CALL, [STREAM])
    assert result.names == [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    assert result.events[2] == {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "text_delta", "text": "Grüß dich"},
    }
    assert result.events[4]["usage"] == {"output_tokens": 4}
    assert result.problems == []


def test_one_byte_and_seven_byte_splits_decode_identically() -> None:
    whole = ADAPTER.decode_stream(CALL, [STREAM])
    assert ADAPTER.decode_stream(CALL, _split(STREAM, 1)) == whole
    assert ADAPTER.decode_stream(CALL, _split(STREAM, 7)) == whole
