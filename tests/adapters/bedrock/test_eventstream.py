"""Event-stream frames are decoded by botocore into typed items: events parsed against the
stream's shape (blobs as bytes, padding dropped), exceptions with all their fields, protocol
errors; broken framing is a FrameError, never a silent stop."""

from __future__ import annotations

import binascii
import struct

import pytest

from adapters.bedrock.eventstream import (
    CONVERSE_STREAM,
    RESPONSE_STREAM,
    FrameError,
    StreamItem,
    iter_items,
)
from harness.simulator.bedrock.eventstream import error_frame, event_frame, exception_frame

DELTA = event_frame(
    "contentBlockDelta",
    b'{"contentBlockIndex":2,"delta":{"reasoningContent":{"redactedContent":"AAEC/w=="}},"p":"ab"}',
)
MODEL_ERROR = exception_frame(
    "modelStreamErrorException",
    b'{"message":"canary","originalStatusCode":529,"originalMessage":"Overloaded"}',
)


def test_an_event_is_parsed_against_the_stream_shape() -> None:
    assert list(iter_items([DELTA], CONVERSE_STREAM)) == [
        StreamItem(
            "event",
            "contentBlockDelta",
            {
                "contentBlockIndex": 2,
                "delta": {"reasoningContent": {"redactedContent": b"\x00\x01\x02\xff"}},
            },
        )
    ]


def test_a_chunk_carries_its_bytes_decoded() -> None:
    frame = event_frame("chunk", b'{"bytes":"eyJ0eXBlIjoibWVzc2FnZV9zdG9wIn0=","p":"xyz"}')
    (item,) = iter_items([frame], RESPONSE_STREAM)
    assert item == StreamItem("event", "chunk", {"bytes": b'{"type":"message_stop"}'})


def test_an_exception_keeps_every_field_botocore_would_drop() -> None:
    (item,) = iter_items([MODEL_ERROR], RESPONSE_STREAM)
    assert item.kind == "exception"
    assert item.name == "modelStreamErrorException"
    assert item.message == "canary"
    assert item.data == {
        "message": "canary",
        "originalStatusCode": 529,
        "originalMessage": "Overloaded",
    }


def test_an_exception_message_with_a_capital_m_is_read() -> None:
    (item,) = iter_items(
        [exception_frame("throttlingException", b'{"Message":"slow"}')], RESPONSE_STREAM
    )
    assert item.message == "slow"


def test_a_protocol_error_frame_carries_code_and_message_from_its_headers() -> None:
    (item,) = iter_items([error_frame("InternalFailure", "canary boom")], RESPONSE_STREAM)
    assert item == StreamItem("error", "InternalFailure", {"message": "canary boom"})


def test_an_event_the_shape_does_not_know_has_no_data() -> None:
    (item,) = iter_items([event_frame("surprise", b"{}")], CONVERSE_STREAM)
    assert item == StreamItem("event", "surprise", None)


def test_frames_split_anywhere_decode_the_same() -> None:
    data = DELTA + MODEL_ERROR + DELTA
    whole = list(iter_items([data], CONVERSE_STREAM))
    for size in (1, 3, 64):
        pieces = [data[i : i + size] for i in range(0, len(data), size)]
        assert list(iter_items(pieces, CONVERSE_STREAM)) == whole
    assert len(whole) == 3


def test_a_checksum_mismatch_is_a_frame_error_after_the_good_frames() -> None:
    broken = bytearray(DELTA)
    broken[-6] ^= 0x01
    items = iter_items([DELTA + bytes(broken)], CONVERSE_STREAM)
    assert next(items).name == "contentBlockDelta"
    with pytest.raises(FrameError, match="corrupt event-stream frame"):
        next(items)


def test_a_stream_ending_inside_a_frame_is_a_frame_error() -> None:
    with pytest.raises(FrameError, match="ended inside a frame"):
        list(iter_items([DELTA[:-3]], CONVERSE_STREAM))


@pytest.mark.parametrize(
    "payload",
    [
        b'{"contentBlockIndex":0,"delta":7}',
        b'{"contentBlockIndex":0,"delta":{"text":"a","toolUse":{"input":"{}"}}}',
        b'{"contentBlockIndex":0,"delta":{"reasoningContent":{"redactedContent":"A"}}}',
        b'{"contentBlockIndex":0,"delta":{"citation":{"sourceContent":7}}}',
    ],
)
def test_an_event_that_does_not_fit_the_shape_is_a_frame_error_not_a_crash(
    payload: bytes,
) -> None:
    items = iter_items([DELTA + event_frame("contentBlockDelta", payload)], CONVERSE_STREAM)
    assert next(items).name == "contentBlockDelta"
    with pytest.raises(FrameError, match="the 'contentBlockDelta' event does not fit"):
        next(items)


def _raw_frame(headers: bytes, payload: bytes = b"{}") -> bytes:
    """A frame with raw header bytes and valid CRCs (the simulator only writes good ones)."""
    total = 16 + len(headers) + len(payload)
    prelude = struct.pack(">II", total, len(headers))
    body = prelude + struct.pack(">I", binascii.crc32(prelude)) + headers + payload
    return body + struct.pack(">I", binascii.crc32(body))


@pytest.mark.parametrize(
    "headers",
    [
        b"\x02\xff\xfe\x07\x00\x01x",  # a header name that is not UTF-8
        b"\x0b:event-type\x07\x00\x02\xff\xfe",  # a string value that is not UTF-8
        b"\x0b:event-type\x2a" + b"abc",  # header type 42 does not exist
        b"\x1e:ev",  # a name cut short
        b"\x0b:event-type\x04\x00\x01",  # an int32 value cut short
    ],
    ids=["name-not-utf8", "value-not-utf8", "unknown-type", "short-name", "short-value"],
)
def test_headers_botocore_cannot_read_are_a_frame_error(headers: bytes) -> None:
    with pytest.raises(FrameError, match="corrupt event-stream frame"):
        list(iter_items([_raw_frame(headers)], CONVERSE_STREAM))


def test_an_event_payload_beyond_the_limits_is_a_frame_error() -> None:
    deep = b"[" * 50_000 + b"]" * 50_000
    with pytest.raises(FrameError, match="beyond the limits"):
        list(iter_items([event_frame("contentBlockDelta", deep)], CONVERSE_STREAM))
