"""Content blocks become content parts: images as data URLs or URLs, documents as text or file
parts; every body passes the SDK's request types."""

from __future__ import annotations

from tests.adapters.openai.request_support import (
    PNG,
    body_for,
    request,
)


def test_images_become_data_urls_or_stay_urls() -> None:
    content = [
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
        {"type": "text", "text": "Same animal?"},
    ]
    body = body_for(request({"role": "user", "content": content}))
    assert body["messages"][0]["content"] == [
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}},
        {"type": "text", "text": "Same animal?"},
    ]


def test_documents_become_text_or_file_parts() -> None:
    content = [
        {
            "type": "document",
            "source": {"type": "text", "media_type": "text/plain", "data": "Policy."},
        },
        {
            "type": "document",
            "title": "terms.pdf",
            "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0x"},
        },
        {"type": "text", "text": "Summarise."},
    ]
    body = body_for(request({"role": "user", "content": content}))
    assert body["messages"][0]["content"] == [
        {"type": "text", "text": "Policy."},
        {
            "type": "file",
            "file": {"filename": "terms.pdf", "file_data": "data:application/pdf;base64,JVBERi0x"},
        },
        {"type": "text", "text": "Summarise."},
    ]


def test_a_custom_content_document_becomes_its_text_and_image_parts() -> None:
    image = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}}
    document = {
        "type": "document",
        "source": {"type": "content", "content": [{"type": "text", "text": "Step 1."}, image]},
        "citations": {"enabled": True},
    }
    body = body_for(request({"role": "user", "content": [document]}))
    assert body["messages"][0]["content"] == [
        {"type": "text", "text": "Step 1."},
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
    ]
