"""The frame loop both Bedrock stream decoders share (InvokeModel and Converse).

`decode_frames` feeds the frames of a 2xx event stream (decoded by botocore, see
`adapters.bedrock.eventstream`) to a `FrameDecoder`, which maps each event frame to Anthropic
events. What is common to both APIs happens here:

- an exception frame or a protocol error frame becomes an Anthropic ``error`` event
  (`adapters.bedrock.errors.stream_error_event`) that ends the stream;
- a frame after the end is reported as a problem and ignored;
- a corrupt frame is reported and ends the stream with an ``api_error`` event;
- a body that ends before the stream did (no final event, no exception frame) is reported
  and ends with an ``api_error`` event, never as a success (`FrameDecoder.end_early`).
"""

from __future__ import annotations

from collections.abc import Iterable

from adapters.base import JSON, StreamResult
from adapters.bedrock import errors
from adapters.bedrock.eventstream import FrameError, StreamItem, StreamShape, iter_items


class FrameDecoder:
    """One Bedrock stream being decoded: its Anthropic events and problems so far, and whether
    it has ended. Subclasses map event frames (`take`); ``final_event`` names the event that
    ends a complete stream, for the problem reported when it never comes."""

    final_event = "the final event"

    def __init__(self) -> None:
        self.result = StreamResult(events=[], names=[])
        self.ended = False

    def take(self, where: str, item: StreamItem) -> None:
        """Map one event frame (``where`` names it for problems)."""
        raise NotImplementedError

    def emit(self, event: JSON) -> None:
        """Append an Anthropic event (its SSE name is its type)."""
        self.result.events.append(event)
        self.result.names.append(str(event.get("type")))

    def problem(self, message: str) -> None:
        """Report a fault the decoder carried on past."""
        self.result.problems.append(message)

    def flush(self) -> None:
        """Emit anything held back for later; called before the stream's last event."""

    def end_with(self, event: JSON) -> None:
        """Emit the stream's last event, after anything held back."""
        self.flush()
        self.emit(event)
        self.ended = True

    def fail(self, error_type: str, message: str) -> None:
        """End the stream with an Anthropic ``error`` event."""
        self.end_with({"type": "error", "error": {"type": error_type, "message": message}})

    def end_early(self) -> None:
        """The body ended before the stream did: a problem, and a closing ``api_error``."""
        self.problem(
            f"the stream ended without {self.final_event} or an exception frame; ended it "
            "with an api_error event"
        )
        self.fail("api_error", f"the Bedrock stream ended before {self.final_event}")


def decode_frames(
    decoder: FrameDecoder, chunks: Iterable[bytes], shape: StreamShape
) -> StreamResult:
    """Run the frames of ``chunks`` (split anywhere) through ``decoder``; its result."""
    try:
        for position, item in enumerate(iter_items(chunks, shape)):
            where = f"frame {position} ({item.kind} {item.name!r})"
            if decoder.ended:
                decoder.problem(f"{where} came after the stream ended; ignored")
            elif item.kind == "event":
                decoder.take(where, item)
            else:
                original = (item.data or {}).get("originalStatusCode")
                decoder.end_with(errors.stream_error_event(item.name, item.message, original))
    except FrameError as exc:
        decoder.problem(str(exc))
        if not decoder.ended:
            decoder.fail("api_error", f"the Bedrock stream broke: {exc}")
    if not decoder.ended:
        decoder.end_early()
    return decoder.result
