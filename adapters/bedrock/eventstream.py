"""Bedrock response streams decoded with botocore: frames in, typed stream items out.

Frames are cut and checked (lengths, both CRCs) by botocore's ``EventStreamBuffer`` and
their payloads parsed by ``EventStreamJSONParser`` against the stream's shape from the
``bedrock-runtime`` service model (``ResponseStream`` for InvokeModel,
``ConverseStreamOutput`` for Converse). Blobs come back as bytes; the ``p`` padding Bedrock
adds to every event is dropped by the parser.

Each frame becomes one `StreamItem`: an ``event`` (a member of the union, parsed), an
``exception`` (a modeled exception such as ``throttlingException``) or an ``error`` (a
protocol error frame). A corrupt frame (bad lengths or CRCs, or headers botocore cannot
read: a name that is not UTF-8, a value cut short, an unknown header type), an event payload
beyond `adapters.limits`, or one botocore cannot parse against the shape (as a boto3 client
could not), ends decoding with a `FrameError`.
"""

from __future__ import annotations

import functools
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import botocore.eventstream
import botocore.loaders
import botocore.model
import botocore.parsers

from adapters import limits

RESPONSE_STREAM: Final = "ResponseStream"
CONVERSE_STREAM: Final = "ConverseStreamOutput"
StreamShape = Literal["ResponseStream", "ConverseStreamOutput"]
# What botocore's parser raises on a payload of the wrong shape (a member that should be an
# object holding a list, say): its own error, or the Python error of the step that failed.
_PARSER_FAILURES = (
    botocore.parsers.ResponseParserError,
    AttributeError,
    TypeError,
    ValueError,
    KeyError,
)
# What botocore raises on a frame whose CRCs hold but whose headers it cannot read: its own
# error, or the Python error of the step that failed (a header name or string value that is
# not UTF-8, a value cut short, a header type it has no reader for).
_FRAMING_FAILURES = (
    botocore.eventstream.ParserError,
    UnicodeDecodeError,
    struct.error,
    KeyError,
    IndexError,
    ValueError,
)


@dataclass(frozen=True)
class StreamItem:
    """One decoded frame.

    ``kind``: ``event``, ``exception`` or ``error``. ``name``: the event member
    (``chunk``, ``contentBlockDelta``...), the exception type or the error code.
    ``data``: an event's parsed member (None when the shape has no such member); for
    exceptions and errors, ``{"message": ...}`` plus any other fields the payload carried.
    """

    kind: Literal["event", "exception", "error"]
    name: str
    data: dict[str, Any] | None = field(default=None)

    @property
    def message(self) -> str:
        """An exception's or error's message ("" for events)."""
        value = (self.data or {}).get("message")
        return value if isinstance(value, str) else ""


class FrameError(ValueError):
    """The byte stream is not valid event-stream framing (bad length, CRC or header)."""


@functools.cache
def service_model() -> botocore.model.ServiceModel:
    """The ``bedrock-runtime`` service model shipped with botocore (loaded once)."""
    loader = botocore.loaders.Loader()
    return botocore.model.ServiceModel(loader.load_service_model("bedrock-runtime", "service-2"))


def stream_shape(name: StreamShape) -> botocore.model.StructureShape:
    """The event-stream union shape ``name``."""
    shape = service_model().shape_for(name)
    assert isinstance(shape, botocore.model.StructureShape)
    return shape


def iter_items(chunks: Iterable[bytes], shape_name: StreamShape) -> Iterator[StreamItem]:
    """The frames in ``chunks`` (split anywhere), decoded in order. A corrupt frame raises
    `FrameError` after the items before it; bytes left over at the end raise it too."""
    shape = stream_shape(shape_name)
    parser = botocore.parsers.EventStreamJSONParser()
    buffer = botocore.eventstream.EventStreamBuffer()
    pending = 0
    for chunk in chunks:
        buffer.add_data(chunk)
        pending += len(chunk)
        try:
            for message in buffer:
                pending -= message.prelude.total_length
                yield _item(message, shape, parser)
        except _FRAMING_FAILURES as exc:
            reason = limits.excerpt(f"{type(exc).__name__}: {exc}")
            raise FrameError(f"corrupt event-stream frame ({reason})") from None
    if pending:
        raise FrameError(f"the stream ended inside a frame ({pending} bytes left over)")


def _item(
    message: botocore.eventstream.EventStreamMessage,
    shape: botocore.model.StructureShape,
    parser: botocore.parsers.EventStreamJSONParser,
) -> StreamItem:
    headers = message.headers
    message_type = headers.get(":message-type")
    if message_type == "exception":
        name = str(headers.get(":exception-type", ""))
        return StreamItem("exception", name, _exception_data(message.payload))
    if message_type == "error":
        code = str(headers.get(":error-code", ""))
        return StreamItem("error", code, {"message": str(headers.get(":error-message", ""))})
    name = str(headers.get(":event-type", ""))
    try:
        limits.loads(message.payload)
    except limits.LimitError as exc:
        shown = limits.excerpt(name)
        raise FrameError(f"the {shown!r} event is beyond the limits: {exc}") from None
    except ValueError:
        pass  # not JSON: botocore's parser says what it makes of it
    try:
        parsed = parser.parse(message.to_response_dict(), shape)
    except _PARSER_FAILURES as exc:
        reason = limits.excerpt(f"{type(exc).__name__}: {exc}")
        raise FrameError(
            f"the {limits.excerpt(name)!r} event does not fit the {shape.name} shape ({reason})"
        ) from None
    data = parsed.get(name)
    return StreamItem("event", name, data if isinstance(data, dict) else None)


def _exception_data(payload: bytes) -> dict[str, Any]:
    """An exception's payload: ``{"message": ...}`` (``Message`` accepted) and its other
    fields (e.g. ``originalStatusCode``), which botocore's parser would drop."""
    try:
        value = limits.loads(payload)
    except limits.LimitError as exc:
        return {"message": f"the exception payload is beyond the limits: {exc}"}
    except ValueError:  # not JSON (UnicodeDecodeError is one)
        text = payload.decode("utf-8", "replace").strip()
        return {"message": text}
    if not isinstance(value, dict):
        return {"message": str(value)}
    data = dict(value)
    if "message" not in data and isinstance(data.get("Message"), str):
        data["message"] = data.pop("Message")
    return data
