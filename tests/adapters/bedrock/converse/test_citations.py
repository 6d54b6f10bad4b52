"""Citations keep their document, location and cited text both ways between Anthropic and
Converse; kinds with no Converse counterpart are refused by name."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import TranslationError
from adapters.bedrock.converse.citations import to_anthropic, to_converse

CITATIONS: list[dict[str, Any]] = [
    {
        "type": "char_location",
        "cited_text": "Refunds take 5 days.",
        "document_index": 0,
        "document_title": "Policy",
        "start_char_index": 276,
        "end_char_index": 384,
    },
    {
        "type": "page_location",
        "cited_text": "Page two.",
        "document_index": 1,
        "document_title": None,
        "start_page_number": 2,
        "end_page_number": 3,
    },
    {
        "type": "content_block_location",
        "cited_text": "Block.",
        "document_index": 2,
        "document_title": "Chunks",
        "start_block_index": 0,
        "end_block_index": 1,
    },
    {
        "type": "search_result_location",
        "cited_text": "Port 51820 must be open.",
        "search_result_index": 1,
        "source": "https://kb.example.com/vpn",
        "title": "VPN troubleshooting",
        "start_block_index": 0,
        "end_block_index": 2,
    },
]


@pytest.mark.parametrize("citation", CITATIONS, ids=lambda c: c["type"])
def test_a_citation_survives_the_round_trip(citation: dict[str, Any]) -> None:
    assert to_anthropic(to_converse(citation, "c"), "c") == citation


def test_a_char_location_is_a_document_char_location() -> None:
    assert to_converse(CITATIONS[0], "c") == {
        "title": "Policy",
        "sourceContent": [{"text": "Refunds take 5 days."}],
        "location": {"documentChar": {"documentIndex": 0, "start": 276, "end": 384}},
    }


def test_a_search_result_location_keeps_its_source_and_index() -> None:
    assert to_converse(CITATIONS[3], "c") == {
        "title": "VPN troubleshooting",
        "source": "https://kb.example.com/vpn",
        "sourceContent": [{"text": "Port 51820 must be open."}],
        "location": {"searchResultLocation": {"searchResultIndex": 1, "start": 0, "end": 2}},
    }


def test_a_search_result_citation_with_a_document_field_is_refused_naming_it() -> None:
    citation = {**CITATIONS[3], "document_index": 0}
    with pytest.raises(TranslationError) as caught:
        to_converse(citation, "content[0].citations[0]")
    assert caught.value.path == "content[0].citations[0].document_index"


def test_a_web_search_citation_is_refused() -> None:
    with pytest.raises(TranslationError) as caught:
        to_converse({"type": "web_search_result_location", "url": "u"}, "content[0].citations[0]")
    assert caught.value.path == "content[0].citations[0]"


def test_a_web_location_from_converse_is_refused() -> None:
    with pytest.raises(TranslationError) as caught:
        to_anthropic({"location": {"web": {"url": "https://example.com"}}}, "delta.citation")
    assert caught.value.path == "delta.citation.location"


def test_a_citation_type_that_is_not_a_string_is_refused_naming_the_field() -> None:
    with pytest.raises(TranslationError) as caught:
        to_converse({"type": ["char_location"], "cited_text": "x"}, "content[0].citations[0]")
    assert caught.value.path == "content[0].citations[0].type"
    assert caught.value.message == "must be a string, got ['char_location']"


def test_a_citation_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(TranslationError) as caught:
        to_converse("char_location", "content[0].citations[1]")
    assert caught.value.path == "content[0].citations[1]"


def test_source_content_that_is_not_a_list_is_refused_naming_it() -> None:
    citation = {"sourceContent": 7, "location": {"documentChar": {"documentIndex": 0}}}
    with pytest.raises(TranslationError) as caught:
        to_anthropic(citation, "delta.citation")
    assert caught.value.path == "delta.citation.sourceContent"
