"""A request body read by content-length or in chunks, bounded, malformed framing refused."""

from __future__ import annotations

import io
import time

import pytest

from harness.loopback_http import BodyError, TrackingHandler, read_body


def test_a_body_by_content_length() -> None:
    assert read_body(io.BytesIO(b'{"a":1}rest'), {"content-length": "7"}) == b'{"a":1}'
    assert read_body(io.BytesIO(b""), {}) == b""


def test_a_chunked_body_with_extensions_and_trailers() -> None:
    raw = b"3;x=1\r\nabc\r\n2\r\nde\r\n0\r\nx-trailer: 1\r\n\r\n"
    assert read_body(io.BytesIO(raw), {"transfer-encoding": "chunked"}) == b"abcde"


@pytest.mark.parametrize(
    ("raw", "headers", "status", "message"),
    [
        (b"", {"content-length": "ten"}, 400, "content-length 'ten' is not a number"),
        (b"abc", {"content-length": "5"}, 400, "ended before content-length bytes arrived"),
        (b"", {"content-length": "11"}, 413, "the request body of 11 bytes is over 10"),
        (b"zz\r\n", {"transfer-encoding": "chunked"}, 400, "malformed chunk size"),
        (b"b\r\n" + b"x" * 11 + b"\r\n0\r\n\r\n", {"transfer-encoding": "chunked"}, 413, "over 10"),
    ],
)
def test_bad_framing_is_a_status_and_a_reason(
    raw: bytes, headers: dict[str, str], status: int, message: str
) -> None:
    with pytest.raises(BodyError) as caught:
        read_body(io.BytesIO(raw), headers, limit=10)
    assert caught.value.status == status and message in caught.value.message


def test_the_date_header_is_the_current_second_in_http_date_form() -> None:
    """Formatted once a second and shared by every handler, it still reads as now."""
    from email.utils import parsedate_to_datetime

    handler = TrackingHandler.__new__(TrackingHandler)  # date_time_string reads no state
    before = int(time.time())
    first, again = handler.date_time_string(), handler.date_time_string()
    after = time.time()
    assert first == again
    assert before <= parsedate_to_datetime(first).timestamp() <= after
    assert handler.date_time_string(0) == "Thu, 01 Jan 1970 00:00:00 GMT"
