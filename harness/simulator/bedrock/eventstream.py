"""The AWS event-stream frame encoder the Bedrock backends send their streams with.

botocore can only decode this framing, so frames are built here. A frame is::

    uint32 total length | uint32 headers length | uint32 CRC32 of the first 8 bytes
    headers: uint8 name length, name, uint8 type (7 = string), uint16 value length, value
    payload
    uint32 CRC32 of everything before it

All integers big-endian; every header here is a string. Bedrock sends three kinds of frame:
events (``:message-type: event``), modeled exceptions (``:message-type: exception``) and
protocol errors (``:message-type: error``, details in headers, empty payload).
"""

from __future__ import annotations

import binascii
import struct
from collections.abc import Mapping

_STRING = 7
_PRELUDE = struct.Struct(">II")
_CRC = struct.Struct(">I")
_MAX_HEADER_NAME = 255
_MAX_HEADER_VALUE = 32767
JSON_CONTENT_TYPE = "application/json"


def encode_frame(headers: Mapping[str, str], payload: bytes) -> bytes:
    """One frame with string ``headers`` (in the given order) and ``payload``."""
    encoded = b"".join(_header(name, value) for name, value in headers.items())
    total = _PRELUDE.size + _CRC.size + len(encoded) + len(payload) + _CRC.size
    prelude = _PRELUDE.pack(total, len(encoded))
    head = prelude + _CRC.pack(binascii.crc32(prelude))
    body = head + encoded + payload
    return body + _CRC.pack(binascii.crc32(body))


def event_frame(event_type: str, payload: bytes) -> bytes:
    """An event frame (``:event-type`` names the stream member) carrying a JSON payload."""
    headers = {
        ":event-type": event_type,
        ":content-type": JSON_CONTENT_TYPE,
        ":message-type": "event",
    }
    return encode_frame(headers, payload)


def exception_frame(exception_type: str, payload: bytes) -> bytes:
    """A modeled exception frame, e.g. ``throttlingException`` with ``{"message": ...}``."""
    headers = {
        ":exception-type": exception_type,
        ":content-type": JSON_CONTENT_TYPE,
        ":message-type": "exception",
    }
    return encode_frame(headers, payload)


def error_frame(code: str, message: str) -> bytes:
    """A protocol error frame: the code and message travel in headers, the payload is empty."""
    headers = {":error-code": code, ":error-message": message, ":message-type": "error"}
    return encode_frame(headers, b"")


def _header(name: str, value: str) -> bytes:
    raw_name = name.encode("utf-8")
    raw_value = value.encode("utf-8")
    if not 0 < len(raw_name) <= _MAX_HEADER_NAME:
        raise ValueError(f"event-stream header name {name!r} must be 1 to 255 bytes")
    if len(raw_value) > _MAX_HEADER_VALUE:
        raise ValueError(f"event-stream header {name!r} is longer than {_MAX_HEADER_VALUE} bytes")
    return (
        struct.pack(">B", len(raw_name))
        + raw_name
        + struct.pack(">BH", _STRING, len(raw_value))
        + raw_value
    )
