"""Text and image blocks as both OpenAI targets read them: the text with its losses, and
the URL an image goes as."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import JSON, TranslationError
from adapters.openai_common.parts import ToolCall, image_url, text_value, tool_call
from adapters.openai_responses.request_options import Options

DROP, ERROR = Options(), Options(on_loss="error")


def test_a_text_block_is_its_text() -> None:
    assert text_value({"type": "text", "text": "Hi"}, "m[0]", DROP) == "Hi"


def test_cache_control_is_refused_with_the_reason_given() -> None:
    block = {"type": "text", "text": "Hi", "cache_control": {"type": "ephemeral"}}
    assert text_value(block, "m[0]", DROP) == "Hi"
    with pytest.raises(TranslationError) as caught:
        text_value(block, "m[0]", ERROR, "it caches by itself")
    assert caught.value.path == "m[0].cache_control"
    assert "(it caches by itself)" in str(caught.value)


def test_citations_are_a_loss_only_when_there_are_some() -> None:
    assert text_value({"type": "text", "text": "a", "citations": []}, "b", ERROR) == "a"
    with pytest.raises(TranslationError) as caught:
        text_value({"type": "text", "text": "a", "citations": [{"x": 1}]}, "b", ERROR)
    assert caught.value.path == "b.citations"


@pytest.mark.parametrize(
    ("block", "path"),
    [("Hi", "b"), ({"type": "image"}, "b"), ({"type": "text", "text": 7}, "b.text")],
)
def test_what_is_not_a_text_block_is_named(block: Any, path: str) -> None:
    with pytest.raises(TranslationError) as caught:
        text_value(block, "b", DROP)
    assert caught.value.path == path


def test_a_base64_image_goes_as_a_data_url_and_a_url_image_as_its_url() -> None:
    b64 = {"type": "base64", "media_type": "image/png", "data": "iVBORw0K"}
    sent = image_url({"type": "image", "source": b64}, "b", DROP)
    assert sent == "data:image/png;base64,iVBORw0K"
    url = {"type": "url", "url": "https://example.com/cat.png"}
    assert image_url({"type": "image", "source": url}, "b", DROP) == url["url"]


@pytest.mark.parametrize(
    "source",
    [
        {"type": "file", "file_id": "file_1"},
        {"type": "base64", "media_type": "image/png"},
        {"type": "url"},
        None,
    ],
)
def test_an_image_source_that_cannot_be_sent_is_named(source: Any) -> None:
    with pytest.raises(TranslationError) as caught:
        image_url({"type": "image", "source": source}, "b", DROP)
    assert caught.value.path == "b.source"


def test_a_tool_use_block_is_sent_back_with_its_input_as_compact_json() -> None:
    block = {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {"city": "Zürich"}}
    assert tool_call(block, "b", DROP) == ToolCall("toolu_1", "f", '{"city":"Zürich"}')


def test_a_tool_use_block_without_input_sends_an_empty_object() -> None:
    assert tool_call({"id": "t", "name": "f"}, "b", DROP).arguments == "{}"


@pytest.mark.parametrize(
    ("block", "path"),
    [
        ({"id": "t"}, "b"),
        ({"id": 1, "name": "f"}, "b"),
        ({"id": "t", "name": "f", "input": {"x": float("nan")}}, "b.input"),
        ({"id": "t", "name": "f", "cache_control": {"type": "ephemeral"}}, "b.cache_control"),
    ],
)
def test_what_cannot_be_sent_back_is_named(block: JSON, path: str) -> None:
    with pytest.raises(TranslationError) as caught:
        tool_call(block, "b", ERROR)
    assert caught.value.path == path
