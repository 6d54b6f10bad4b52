"""The front door's media: image URLs become URL or base64 images, PDF file parts documents, and
a malformed data URL is an error naming the field."""

from __future__ import annotations

import pytest

from adapters.base import TranslationError
from adapters.openai.front_request import anthropic_request
from tests.adapters.openai.front_request_support import (
    PNG,
    USER,
    openai,
    translate,
)


def test_image_urls_become_base64_or_url_images() -> None:
    content = [
        {
            "type": "image_url",
            "image_url": {"url": f"data:image/png;base64,{PNG}", "detail": "low"},
        },
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}},
        {"type": "text", "text": "Same animal?"},
    ]
    assert translate(openai({"role": "user", "content": content}))["messages"][0]["content"] == [
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
        {"type": "text", "text": "Same animal?"},
    ]


def test_a_pdf_file_part_becomes_a_document() -> None:
    part = {
        "type": "file",
        "file": {"filename": "terms.pdf", "file_data": "data:application/pdf;base64,JVBERi0x"},
    }
    block = translate(openai({"role": "user", "content": [part]}))["messages"][0]["content"][0]
    assert block == {
        "type": "document",
        "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0x"},
        "title": "terms.pdf",
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("data:image/png,iVBOR", "expected an http(s) URL or data:<media type>;base64,<data>"),
        ("ftp://example.com/cat.png", "expected an http(s) URL"),
        ("data:image/png;base64,not base64!", "not valid base64"),
        ("data:image/tiff;base64,AAAA", "image type 'image/tiff' is not one of"),
        ("data:image/png;base64,", "carries no data"),
    ],
)
def test_a_malformed_image_url_is_an_error_naming_the_field(url: str, message: str) -> None:
    part = {"type": "image_url", "image_url": {"url": url}}
    with pytest.raises(TranslationError) as caught:
        anthropic_request(openai(USER, {"role": "user", "content": [part]}))
    assert caught.value.path == "messages[1].content[0].image_url.url"
    assert message in caught.value.message
    assert "\n" not in str(caught.value)
