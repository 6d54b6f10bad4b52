"""The frame loop both Bedrock stream decoders share: event frames go to the decoder in order,
an exception or protocol error frame ends the stream with an error event (after anything
held back), later frames are reported and ignored, and broken framing or a body that stops
early ends with an api_error event and a problem, never as a success.

Frames are built with the simulator's encoder (itself checked against botocore); the decoder
under the loop is a minimal one that turns each ConverseStream ``messageStop`` into Anthropic's
ending and holds every other event until the next frame."""

from __future__ import annotations

import json

from adapters.base import JSON
from adapters.bedrock.eventstream import CONVERSE_STREAM, StreamItem
from adapters.bedrock.stream_decoder import FrameDecoder, decode_frames
from harness.simulator.bedrock.eventstream import error_frame, event_frame, exception_frame

START = event_frame("messageStart", b'{"role":"assistant","p":"abc"}')
STOP = event_frame("messageStop", b'{"stopReason":"end_turn"}')
MESSAGE_START: JSON = {"type": "message_start", "message": {"role": "assistant"}}
ENDING: list[JSON] = [
    {"type": "message_delta", "delta": {"stop_reason": "end_turn"}},
    {"type": "message_stop"},
]


class HoldingDecoder(FrameDecoder):
    """``messageStart`` is held until the next frame; ``messageStop`` ends the stream."""

    final_event = "messageStop"

    def __init__(self) -> None:
        super().__init__()
        self.held: JSON | None = None
        self.seen: list[str] = []

    def flush(self) -> None:
        if self.held is not None:
            self.emit(self.held)
            self.held = None

    def take(self, where: str, item: StreamItem) -> None:
        self.seen.append(where)
        if item.name == "messageStart":
            self.held = MESSAGE_START
        elif item.name == "messageStop":
            self.flush()
            self.emit(ENDING[0])
            self.end_with(ENDING[1])


def run(*frames: bytes) -> tuple[HoldingDecoder, list[JSON], list[str]]:
    decoder = HoldingDecoder()
    result = decode_frames(decoder, [b"".join(frames)], CONVERSE_STREAM)
    return decoder, result.events, result.problems


def test_event_frames_reach_the_decoder_in_order_and_a_complete_stream_has_no_problem() -> None:
    decoder, events, problems = run(START, STOP)
    assert decoder.seen == ["frame 0 (event 'messageStart')", "frame 1 (event 'messageStop')"]
    assert events == [MESSAGE_START, *ENDING]
    assert problems == []


def test_an_exception_frame_ends_the_stream_after_what_was_held() -> None:
    throttled = exception_frame("throttlingException", b'{"message":"canary slow down"}')
    _, events, problems = run(START, throttled)
    assert events == [
        MESSAGE_START,
        {"type": "error", "error": {"type": "rate_limit_error", "message": "canary slow down"}},
    ]
    assert problems == []


def test_a_model_stream_error_carries_the_models_status_into_the_error_type() -> None:
    payload = json.dumps({"message": "canary", "originalStatusCode": 529}).encode()
    _, events, _ = run(START, exception_frame("modelStreamErrorException", payload))
    assert events[-1] == {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "canary"},
    }


def test_a_protocol_error_frame_is_an_api_error() -> None:
    _, events, _ = run(START, error_frame("InternalFailure", "canary failure"))
    assert events[-1] == {
        "type": "error",
        "error": {"type": "api_error", "message": "canary failure"},
    }


def test_frames_after_the_end_are_reported_and_ignored() -> None:
    decoder, events, problems = run(START, STOP, START)
    assert events == [MESSAGE_START, *ENDING]
    assert problems == ["frame 2 (event 'messageStart') came after the stream ended; ignored"]
    assert len(decoder.seen) == 2


def test_broken_framing_is_a_problem_and_an_api_error() -> None:
    corrupt = bytearray(STOP)
    corrupt[-1] ^= 0xFF  # the message CRC no longer matches
    _, events, problems = run(START, bytes(corrupt))
    assert events[0] == MESSAGE_START
    assert events[-1]["type"] == "error"
    assert events[-1]["error"]["type"] == "api_error"
    assert events[-1]["error"]["message"].startswith("the Bedrock stream broke: ")
    assert problems[0].startswith("corrupt event-stream frame")


def test_a_body_that_stops_early_ends_with_an_api_error_naming_the_missing_event() -> None:
    _, events, problems = run(START)
    assert events == [
        MESSAGE_START,
        {
            "type": "error",
            "error": {
                "type": "api_error",
                "message": "the Bedrock stream ended before messageStop",
            },
        },
    ]
    assert problems == [
        "the stream ended without messageStop or an exception frame; ended it with an "
        "api_error event"
    ]


def test_an_empty_body_is_an_api_error_too() -> None:
    _, events, problems = run()
    assert [e["type"] for e in events] == ["error"]
    assert len(problems) == 1
