"""The event-stream frame encoder: botocore's decoder reads every frame back with its
headers and payload, and rejects a frame with any byte changed."""

from __future__ import annotations

import pytest
from botocore.eventstream import ChecksumMismatch, EventStreamBuffer, EventStreamMessage

from harness.simulator.bedrock.eventstream import (
    encode_frame,
    error_frame,
    event_frame,
    exception_frame,
)


def decode(data: bytes) -> list[EventStreamMessage]:
    buffer = EventStreamBuffer()
    buffer.add_data(data)
    return list(buffer)


def test_an_event_frame_decodes_with_its_headers_and_payload() -> None:
    (message,) = decode(event_frame("chunk", b'{"bytes":"e30="}'))
    assert message.headers == {
        ":event-type": "chunk",
        ":content-type": "application/json",
        ":message-type": "event",
    }
    assert message.payload == b'{"bytes":"e30="}'


def test_an_exception_frame_names_the_exception() -> None:
    (message,) = decode(exception_frame("throttlingException", b'{"message":"slow"}'))
    assert message.headers[":message-type"] == "exception"
    assert message.headers[":exception-type"] == "throttlingException"
    assert message.to_response_dict()["status_code"] == 400


def test_an_error_frame_carries_code_and_message_in_headers_and_no_payload() -> None:
    (message,) = decode(error_frame("InternalFailure", "boom ✓"))
    assert message.headers == {
        ":error-code": "InternalFailure",
        ":error-message": "boom ✓",
        ":message-type": "error",
    }
    assert message.payload == b""


def test_the_length_fields_count_every_byte() -> None:
    frame = encode_frame({"a": "b"}, b"xyz")
    assert int.from_bytes(frame[:4], "big") == len(frame) == 12 + (1 + 1 + 1 + 2 + 1) + 3 + 4
    assert int.from_bytes(frame[4:8], "big") == 6


@pytest.mark.parametrize("position", [2, 9, 14, 20, -1])
def test_any_changed_byte_is_caught_by_a_checksum(position: int) -> None:
    frame = bytearray(event_frame("chunk", b"{}"))
    frame[position] ^= 0x10
    with pytest.raises(ChecksumMismatch):
        decode(bytes(frame))


def test_frames_concatenate_into_a_stream() -> None:
    data = event_frame("a", b"1") + event_frame("b", b"2") + exception_frame("c", b"3")
    assert [m.payload for m in decode(data)] == [b"1", b"2", b"3"]


@pytest.mark.parametrize(("name", "value"), [("", "v"), ("n" * 256, "v"), ("n", "v" * 32768)])
def test_headers_outside_the_format_limits_are_refused(name: str, value: str) -> None:
    with pytest.raises(ValueError):
        encode_frame({name: value}, b"")
