"""The SSE encoder and the decoder that must survive real wires, chunked any which way."""

from __future__ import annotations

import json

import pytest
from anthropic._streaming import SSEDecoder

from adapters.protocol.sse import SseDecoder, SseEvent, decode_stream, encode_event, encode_events

# A recorded-style Anthropic stream: padded JSON, a ping after the first block start, and
# text with multi-byte characters (2-, 3- and 4-byte UTF-8).
WIRE = (
    b"event: message_start\n"
    b'data: {"type":"message_start","message":{"id":"msg_01Xq","type":"message",'
    b'"role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,'
    b'"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}    }\n'
    b"\n"
    b"event: content_block_start\n"
    b'data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n'
    b"\n"
    b"event: ping\n"
    b'data: {"type": "ping"}\n'
    b"\n"
    b"event: content_block_delta\n"
    b'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta",'
    + '"text":"Café costs 3€ 😀"}}\n'.encode()
    + b"\n"
    b"event: content_block_stop\n"
    b'data: {"type":"content_block_stop","index":0   }\n'
    b"\n"
    b"event: message_delta\n"
    b'data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},'
    b'"usage":{"output_tokens":9}}\n'
    b"\n"
    b"event: message_stop\n"
    b'data: {"type":"message_stop"}\n'
    b"\n"
)
WIRE_TYPES = [
    "message_start",
    "content_block_start",
    "ping",
    "content_block_delta",
    "content_block_stop",
    "message_delta",
    "message_stop",
]


def decode(*chunks: bytes) -> list[SseEvent]:
    return list(decode_stream(chunks))


def split_every(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def sdk_decode(data: bytes) -> list[tuple[str | None, str]]:
    """What the official SDK's own SSE decoder makes of the same bytes."""
    return [(e.event, e.data) for e in SSEDecoder().iter_bytes(iter([data]))]


def test_a_whole_stream_decodes_to_its_events_with_names_equal_to_types() -> None:
    events = decode(WIRE)
    assert [e.event for e in events] == WIRE_TYPES
    assert [e.json()["type"] for e in events] == WIRE_TYPES
    assert all(e.named for e in events)
    assert events[3].json()["delta"]["text"] == "Café costs 3€ 😀"


def test_padded_json_is_decoded_as_json_not_matched_as_bytes() -> None:
    events = decode(WIRE)
    assert events[2].data == '{"type": "ping"}'
    assert events[2].json() == {"type": "ping"}
    assert events[4].json() == {"type": "content_block_stop", "index": 0}


def test_the_decoder_agrees_with_the_official_sdk_decoder() -> None:
    ours = [(e.event, e.data) for e in decode(WIRE)]
    assert ours == sdk_decode(WIRE)


@pytest.mark.parametrize("size", [1, 7])
def test_every_resplit_of_a_stream_yields_identical_events(size: int) -> None:
    whole = decode(WIRE)
    assert decode(*split_every(WIRE, size)) == whole


@pytest.mark.parametrize("offset", range(7))
def test_seven_byte_resplits_at_every_phase_yield_identical_events(offset: int) -> None:
    chunks = [WIRE[:offset], *split_every(WIRE[offset:], 7)]
    assert decode(*chunks) == decode(WIRE)


@pytest.mark.parametrize("ending", [b"\r\n", b"\r", b"\n"])
def test_crlf_cr_and_lf_line_ends_are_equivalent(ending: bytes) -> None:
    data = WIRE.replace(b"\n", ending)
    assert decode(data) == decode(WIRE)
    assert decode(*split_every(data, 1)) == decode(WIRE)


def test_a_crlf_split_across_chunks_is_one_line_end_even_with_an_empty_chunk_between() -> None:
    chunks = [b"data: a\r", b"", b"\ndata: b\r", b"\n\r", b"\n"]
    assert decode(*chunks) == [SseEvent(event="message", data="a\nb", named=False)]


def test_a_lone_cr_at_a_chunk_end_followed_by_more_text_is_a_line_end() -> None:
    assert decode(b"data: a\r", b"data: b\r\r") == [
        SseEvent(event="message", data="a\nb", named=False)
    ]


def test_comment_lines_are_ignored_wherever_they_appear() -> None:
    data = b": keep-alive\nevent: ping\n:\ndata: {}\n: trailing comment\n\n"
    assert decode(data) == [SseEvent(event="ping", data="{}")]


def test_multi_line_data_is_joined_with_newlines() -> None:
    data = b'event: message_start\ndata: {"type":\ndata:  "message_start"}\n\n'
    (event,) = decode(data)
    assert event.data == '{"type":\n "message_start"}'
    assert event.json() == {"type": "message_start"}


def test_only_one_space_after_the_colon_is_dropped() -> None:
    assert decode(b"data:x\n\n")[0].data == "x"
    assert decode(b"data:  x\n\n")[0].data == " x"
    assert decode(b"data\n\n")[0].data == ""


def test_a_leading_utf8_bom_is_dropped_even_when_split_across_chunks() -> None:
    data = b"\xef\xbb\xbf" + WIRE
    assert decode(data) == decode(WIRE)
    assert decode(b"\xef", b"\xbb", b"\xbf" + WIRE) == decode(WIRE)


def test_a_bom_later_in_the_stream_is_not_dropped() -> None:
    # only the stream's first character may be a BOM; elsewhere it spoils the field name
    data = b"data: a\n\n\xef\xbb\xbfdata: b\n\n"
    assert [e.data for e in decode(data)] == ["a"]


@pytest.mark.parametrize("char", ["é", "€", "😀"])
def test_a_multibyte_character_split_at_any_byte_survives(char: str) -> None:
    data = f"data: <{char}>\n\n".encode()
    for cut in range(len(data) + 1):
        assert decode(data[:cut], data[cut:]) == [
            SseEvent(event="message", data=f"<{char}>", named=False)
        ]


def test_invalid_utf8_is_replaced_rather_than_raising() -> None:
    (event,) = decode(b"data: a\xffb\n\n")
    assert event.data == "a\ufffdb"


def test_an_event_without_its_closing_blank_line_is_dropped_at_end_of_stream() -> None:
    assert decode(b"event: ping\ndata: {}\n\nevent: message_stop\ndata: {}") == [
        SseEvent(event="ping", data="{}")
    ]
    assert decode(b"data: {}\n") == []
    assert decode(b"data: {}\r", b"\n") == []  # the LF of a split CRLF begins no line


def test_an_event_with_no_data_lines_is_not_dispatched_and_its_name_is_forgotten() -> None:
    assert decode(b"event: ping\n\ndata: x\n\n") == [
        SseEvent(event="message", data="x", named=False)
    ]


def test_data_without_an_event_line_is_named_message_and_marked_unnamed() -> None:
    (event,) = decode(b'data: {"type":"ping"}\n\n')
    assert (event.event, event.named) == ("message", False)


def test_ids_persist_across_events_and_an_id_containing_nul_is_ignored() -> None:
    events = decode(b"id: 7\ndata: a\n\ndata: b\n\nid: x\x00y\ndata: c\n\n")
    assert [e.id for e in events] == ["7", "7", "7"]


def test_unknown_fields_are_ignored() -> None:
    assert decode(b"retry: 100\nfoo: bar\ndata: a\n\n") == [
        SseEvent(event="message", data="a", named=False)
    ]


def test_the_incremental_decoder_returns_each_event_once_its_blank_line_arrives() -> None:
    decoder = SseDecoder()
    assert decoder.feed(b"event: ping\ndata: {}\n") == []
    assert decoder.feed(b"\n") == [SseEvent(event="ping", data="{}")]
    assert decoder.close() == []


def test_encode_event_writes_an_event_line_named_after_the_type_and_one_data_line() -> None:
    data = {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta"}}
    encoded = encode_event(data)
    lines = encoded.decode().split("\n")
    assert lines[0] == "event: content_block_delta"
    assert lines[1].startswith("data: ")
    assert json.loads(lines[1].removeprefix("data: ")) == data
    assert lines[2:] == ["", ""]


def test_encode_event_keeps_non_ascii_text_and_newlines_on_one_data_line() -> None:
    data = {"type": "x", "text": "line one\nline two — 😀"}
    encoded = encode_event(data, event="custom")
    assert encoded.count(b"\n") == 3
    (event,) = decode(encoded)
    assert event.event == "custom"
    assert event.json() == data


def test_encoded_streams_round_trip_through_our_decoder_and_the_sdk_decoder() -> None:
    events = [e.json() for e in decode(WIRE)]
    encoded = encode_events(events)
    assert [e.json() for e in decode(encoded)] == events
    assert [(name, json.loads(data)) for name, data in sdk_decode(encoded)] == [
        (e["type"], e) for e in events
    ]
