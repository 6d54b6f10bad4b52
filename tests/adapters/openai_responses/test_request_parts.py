"""Content blocks become Responses input content: images as ``input_image`` with a data or
remote URL, PDFs as ``input_file``, plain-text documents as text; what cannot be carried
(cache_control, citations, titles, context) is a loss."""

from __future__ import annotations

import pytest

from adapters.base import TranslationError
from adapters.openai_responses.request_options import Options
from adapters.openai_responses.request_parts import document_part, input_image, input_text

DROP = Options()
STRICT = Options(on_loss="error")


def test_a_url_image_keeps_its_url() -> None:
    block = {"type": "image", "source": {"type": "url", "url": "https://x.test/a.png"}}
    part = input_image(block, "b", DROP)
    assert part == {"type": "input_image", "image_url": "https://x.test/a.png", "detail": "auto"}


def test_a_pdf_is_an_input_file_named_by_its_title() -> None:
    source = {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0="}
    part = document_part({"type": "document", "source": source, "title": "spec.pdf"}, "b", DROP)
    assert part == {
        "type": "input_file",
        "filename": "spec.pdf",
        "file_data": "data:application/pdf;base64,JVBERi0=",
    }


def test_a_text_document_is_text_and_its_title_a_loss() -> None:
    block = {"type": "document", "source": {"type": "text", "data": "Hi."}, "title": "Note"}
    assert document_part(block, "b", DROP) == {"type": "input_text", "text": "Hi."}
    with pytest.raises(TranslationError) as caught:
        document_part(block, "b", STRICT)
    assert caught.value.path == "b.title"


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
