"""Content blocks become Responses input content: images as ``input_image`` with a data or
remote URL, PDFs as ``input_file``, plain-text documents as text; what cannot be carried
(cache_control, citations, titles, context) is a loss."""

from __future__ import annotations

import pytest

from adapters.base import TranslationError
from adapters.openai_responses.request_options import Options
from adapters.openai_responses.request_parts import document_parts, input_image, input_text

DROP = Options()
STRICT = Options(on_loss="error")


def test_a_url_image_keeps_its_url() -> None:
    block = {"type": "image", "source": {"type": "url", "url": "https://x.test/a.png"}}
    part = input_image(block, "b", DROP)
    assert part == {"type": "input_image", "image_url": "https://x.test/a.png", "detail": "auto"}


def test_a_pdf_is_an_input_file_named_by_its_title() -> None:
    source = {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0="}
    parts = document_parts({"type": "document", "source": source, "title": "spec.pdf"}, "b", DROP)
    assert parts == [
        {
            "type": "input_file",
            "filename": "spec.pdf",
            "file_data": "data:application/pdf;base64,JVBERi0=",
        }
    ]


def test_a_text_document_is_text_and_its_title_a_loss() -> None:
    block = {"type": "document", "source": {"type": "text", "data": "Hi."}, "title": "Note"}
    assert document_parts(block, "b", DROP) == [{"type": "input_text", "text": "Hi."}]
    with pytest.raises(TranslationError) as caught:
        document_parts(block, "b", STRICT)
    assert caught.value.path == "b.title"


def test_a_custom_content_document_is_its_text_and_image_parts() -> None:
    image = {"type": "image", "source": {"type": "url", "url": "https://x.test/a.png"}}
    content = [{"type": "text", "text": "One."}, image, {"type": "text", "text": "Two."}]
    block = {"type": "document", "source": {"type": "content", "content": content}}
    assert document_parts(block, "b", DROP) == [
        {"type": "input_text", "text": "One."},
        {"type": "input_image", "image_url": "https://x.test/a.png", "detail": "auto"},
        {"type": "input_text", "text": "Two."},
    ]


def test_a_custom_content_document_given_as_a_string_is_one_text() -> None:
    block = {"type": "document", "source": {"type": "content", "content": "All of it."}}
    assert document_parts(block, "b", DROP) == [{"type": "input_text", "text": "All of it."}]


def test_a_custom_content_document_names_a_block_it_cannot_hold() -> None:
    content = [{"type": "text", "text": "One."}, {"type": "document", "source": {}}]
    block = {"type": "document", "source": {"type": "content", "content": content}}
    with pytest.raises(TranslationError) as caught:
        document_parts(block, "b", DROP)
    assert caught.value.path == "b.source.content[1]"


def test_cache_control_on_a_text_block_is_a_loss() -> None:
    block = {"type": "text", "text": "Hi", "cache_control": {"type": "ephemeral"}}
    assert input_text(block, "b", DROP) == {"type": "input_text", "text": "Hi"}
    with pytest.raises(TranslationError) as caught:
        input_text(block, "b", STRICT)
    assert caught.value.path == "b.cache_control"


def test_an_image_by_file_id_cannot_be_sent() -> None:
    block = {"type": "image", "source": {"type": "file", "file_id": "f_1"}}
    with pytest.raises(TranslationError) as caught:
        input_image(block, "b", DROP)
    assert caught.value.path == "b.source"
