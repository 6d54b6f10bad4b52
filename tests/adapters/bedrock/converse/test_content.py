"""Anthropic content blocks as Converse content blocks: each block in its Converse form with
cache points right after it, blobs kept byte for byte, and every block, source or field
Converse cannot express refused by name."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import TranslationError
from adapters.bedrock.converse.content import (
    DocumentNames,
    cache_point,
    message_content,
    system_content,
)

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mO4WR4OAAPUAahSxzpbAAAAAElFTkSuQmCC"
PDF = "JVBERi0xLjQKJcfsj6IKJSVFT0YK"
SIGNATURE = (
    "EqwCCkgIBhABGAIqQNV8Q8X7sLdL9PJXpi2U2gJ5jMZAU6tGdknRgKWszFtZRqRYvPDUaFns1yze3bBz+V30VYQ=="
)
REDACTED = (
    "EogECkgIBhABGAIqQKDe994aXRrQEDI0Ul8sdeSu/L7DFT5n8Yt3YAEe+pj2XyGvAH5h9lfxvhJ9wvC4tksEHc96"
)
EPHEMERAL_1H = {"type": "ephemeral", "ttl": "1h"}


def convert(*blocks: dict[str, Any]) -> list[dict[str, Any]]:
    return message_content(list(blocks), "messages[0].content", DocumentNames())


def refused(block: dict[str, Any]) -> TranslationError:
    with pytest.raises(TranslationError) as caught:
        convert(block)
    return caught.value


def test_a_string_is_one_text_block() -> None:
    assert message_content("Hi ✓", "messages[0].content", DocumentNames()) == [{"text": "Hi ✓"}]


def test_a_cached_text_block_is_followed_by_its_cache_point() -> None:
    assert convert({"type": "text", "text": "Long.", "cache_control": EPHEMERAL_1H}) == [
        {"text": "Long."},
        {"cachePoint": {"type": "default", "ttl": "1h"}},
    ]


def test_a_cache_point_without_ttl_has_none() -> None:
    assert cache_point({"type": "ephemeral"}, "x") == {"cachePoint": {"type": "default"}}


@pytest.mark.parametrize(
    ("control", "path"),
    [
        ({"type": "ephemeral", "ttl": "24h"}, "messages[0].content[0].cache_control.ttl"),
        ({"type": "persistent"}, "messages[0].content[0].cache_control"),
        ({"type": "ephemeral", "scope": "global"}, "messages[0].content[0].cache_control.scope"),
    ],
)
def test_a_cache_control_converse_cannot_express_is_refused(
    control: dict[str, Any], path: str
) -> None:
    assert refused({"type": "text", "text": "x", "cache_control": control}).path == path


def test_a_base64_image_keeps_its_bytes_and_format() -> None:
    image = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}}
    assert convert(image) == [{"image": {"format": "png", "source": {"bytes": PNG}}}]


@pytest.mark.parametrize(
    ("source", "path"),
    [
        ({"type": "url", "url": "https://example.com/cat.png"}, "messages[0].content[0].source"),
        (
            {"type": "base64", "media_type": "image/bmp", "data": PNG},
            "messages[0].content[0].source.media_type",
        ),
        (
            {"type": "base64", "media_type": "image/png", "data": "not base64!"},
            "messages[0].content[0].source.data",
        ),
    ],
)
def test_an_image_converse_cannot_take_is_refused(source: dict[str, Any], path: str) -> None:
    assert refused({"type": "image", "source": source}).path == path


def test_documents_map_by_source_with_a_name_from_the_title() -> None:
    names = DocumentNames()
    blocks = [
        {
            "type": "document",
            "source": {"type": "base64", "media_type": "application/pdf", "data": PDF},
            "title": "Q3 report: final (v2)!",
            "context": "Finance",
            "citations": {"enabled": True},
            "cache_control": {"type": "ephemeral"},
        },
        {
            "type": "document",
            "source": {"type": "text", "media_type": "text/plain", "data": "Plain."},
        },
        {
            "type": "document",
            "source": {"type": "content", "content": [{"type": "text", "text": "Part."}]},
            "title": "Q3 report  final (v2)",
        },
    ]
    assert message_content(blocks, "m", names) == [
        {
            "document": {
                "format": "pdf",
                "name": "Q3 report final (v2)",
                "source": {"bytes": PDF},
                "context": "Finance",
                "citations": {"enabled": True},
            }
        },
        {"cachePoint": {"type": "default"}},
        {"document": {"format": "txt", "name": "document-2", "source": {"text": "Plain."}}},
        {
            "document": {
                "format": "txt",
                "name": "Q3 report final (v2) (2)",
                "source": {"content": [{"text": "Part."}]},
            }
        },
    ]


def test_a_url_document_is_refused() -> None:
    block = {"type": "document", "source": {"type": "url", "url": "https://example.com/a.pdf"}}
    assert refused(block).path == "messages[0].content[0].source"


SEARCH_RESULT = {
    "type": "search_result",
    "source": "https://kb.example.com/vpn",
    "title": "VPN setup",
    "content": [
        {"type": "text", "text": "Install WireGuard."},
        {"type": "text", "text": "Import."},
    ],
    "citations": {"enabled": True},
}


def test_a_search_result_is_a_search_result_block_at_the_top_and_in_a_tool_result() -> None:
    converse = {
        "searchResult": {
            "source": "https://kb.example.com/vpn",
            "title": "VPN setup",
            "content": [{"text": "Install WireGuard."}, {"text": "Import."}],
            "citations": {"enabled": True},
        }
    }
    cached = {**SEARCH_RESULT, "cache_control": {"type": "ephemeral"}}
    assert convert(cached) == [converse, {"cachePoint": {"type": "default"}}]
    result = convert({"type": "tool_result", "tool_use_id": "t", "content": [SEARCH_RESULT]})
    assert result == [{"toolResult": {"toolUseId": "t", "content": [converse]}}]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"content": []}, "messages[0].content[0].content"),
        ({"content": [{"type": "image"}]}, "messages[0].content[0].content[0]"),
        ({"title": None}, "messages[0].content[0].title"),
        ({"citations": {"enabled": True, "mode": "x"}}, "messages[0].content[0].citations"),
    ],
)
def test_a_search_result_converse_cannot_express_is_refused_by_name(
    change: dict[str, Any], path: str
) -> None:
    assert refused({**SEARCH_RESULT, **change}).path == path


def test_tool_use_and_tool_result_map_with_is_error_as_status() -> None:
    blocks: list[dict[str, Any]] = [
        {"type": "tool_use", "id": "toolu_01", "name": "lookup", "input": {"q": "x"}},
        {
            "type": "tool_result",
            "tool_use_id": "toolu_01",
            "is_error": True,
            "content": [
                {"type": "text", "text": "timeout"},
                {
                    "type": "image",
                    "source": {"type": "base64", "media_type": "image/png", "data": PNG},
                },
            ],
            "cache_control": {"type": "ephemeral", "ttl": "5m"},
        },
        {"type": "tool_result", "tool_use_id": "toolu_02", "content": "fine", "is_error": False},
        {"type": "tool_result", "tool_use_id": "toolu_03"},
    ]
    assert convert(*blocks) == [
        {"toolUse": {"toolUseId": "toolu_01", "name": "lookup", "input": {"q": "x"}}},
        {
            "toolResult": {
                "toolUseId": "toolu_01",
                "content": [
                    {"text": "timeout"},
                    {"image": {"format": "png", "source": {"bytes": PNG}}},
                ],
                "status": "error",
            }
        },
        {"cachePoint": {"type": "default", "ttl": "5m"}},
        {
            "toolResult": {
                "toolUseId": "toolu_02",
                "content": [{"text": "fine"}],
                "status": "success",
            }
        },
        {"toolResult": {"toolUseId": "toolu_03", "content": []}},
    ]


def test_a_cache_point_inside_a_tool_result_is_refused() -> None:
    block = {
        "type": "tool_result",
        "tool_use_id": "toolu_01",
        "content": [{"type": "text", "text": "x", "cache_control": {"type": "ephemeral"}}],
    }
    assert refused(block).path == "messages[0].content[0].content[0].cache_control"


def test_thinking_and_redacted_thinking_keep_signature_and_bytes_exactly() -> None:
    blocks = [
        {"type": "thinking", "thinking": "Let me see.", "signature": SIGNATURE},
        {"type": "redacted_thinking", "data": REDACTED},
    ]
    assert convert(*blocks) == [
        {"reasoningContent": {"reasoningText": {"text": "Let me see.", "signature": SIGNATURE}}},
        {"reasoningContent": {"redactedContent": REDACTED}},
    ]


def test_redacted_data_converse_would_alter_is_refused() -> None:
    assert (
        refused({"type": "redacted_thinking", "data": "EogE"[:3]}).path
        == "messages[0].content[0].data"
    )


def test_cited_text_becomes_citations_content() -> None:
    citation = {
        "type": "char_location",
        "cited_text": "Unworn items can be returned.",
        "document_index": 0,
        "document_title": "Returns policy",
        "start_char_index": 37,
        "end_char_index": 66,
    }
    assert convert({"type": "text", "text": "You can return it.", "citations": [citation]}) == [
        {
            "citationsContent": {
                "content": [{"text": "You can return it."}],
                "citations": [
                    {
                        "title": "Returns policy",
                        "sourceContent": [{"text": "Unworn items can be returned."}],
                        "location": {"documentChar": {"documentIndex": 0, "start": 37, "end": 66}},
                    }
                ],
            }
        }
    ]


@pytest.mark.parametrize(
    ("block", "path"),
    [
        (
            {"type": "container_upload", "file_id": "file_01"},
            "messages[0].content[0].type",
        ),
        (
            {"type": "server_tool_use", "id": "s", "name": "web_search", "input": {}},
            "messages[0].content[0].type",
        ),
        (
            {"type": "tool_use", "id": "t", "name": "n", "input": {}, "caller": {"type": "direct"}},
            "messages[0].content[0].caller",
        ),
        (
            {
                "type": "tool_result",
                "tool_use_id": "t",
                "content": [{"type": "tool_reference", "tool_name": "n"}],
            },
            "messages[0].content[0].content[0]",
        ),
        (
            {
                "type": "thinking",
                "thinking": "x",
                "signature": "s",
                "cache_control": {"type": "ephemeral"},
            },
            "messages[0].content[0].cache_control",
        ),
    ],
)
def test_blocks_converse_lacks_are_refused_by_name(block: dict[str, Any], path: str) -> None:
    assert refused(block).path == path


def test_system_blocks_are_text_only() -> None:
    assert system_content([{"type": "text", "text": "a", "cache_control": EPHEMERAL_1H}]) == [
        {"text": "a"},
        {"cachePoint": {"type": "default", "ttl": "1h"}},
    ]
    with pytest.raises(TranslationError) as caught:
        system_content([{"type": "image", "source": {}}])
    assert caught.value.path == "system[0]"
