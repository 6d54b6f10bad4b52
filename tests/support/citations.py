"""A reply whose text blocks cite with every document and search-result location, shared by
the simulated backends' client tests (each backend's SDK or boto3 must parse it)."""

from __future__ import annotations

from typing import Any

CITED: dict[str, Any] = {
    "content": [
        {"type": "text", "text": "In short: "},
        {
            "type": "text",
            "text": "refunds take five days",
            "citations": [
                {
                    "type": "char_location",
                    "cited_text": "Refunds take 5 days.",
                    "document_index": 0,
                    "document_title": "Policy",
                    "start_char_index": 12,
                    "end_char_index": 32,
                },
                {
                    "type": "page_location",
                    "cited_text": "Refund timing.",
                    "document_index": 1,
                    "document_title": None,
                    "start_page_number": 2,
                    "end_page_number": 3,
                },
            ],
        },
        {
            "type": "text",
            "text": " and the port must be open",
            "citations": [
                {
                    "type": "content_block_location",
                    "cited_text": "Open the port.",
                    "document_index": 2,
                    "document_title": "Runbook",
                    "start_block_index": 0,
                    "end_block_index": 1,
                },
                {
                    "type": "search_result_location",
                    "cited_text": "Port 51820 must be open.",
                    "search_result_index": 0,
                    "source": "https://kb.example.com/vpn",
                    "title": "VPN troubleshooting",
                    "start_block_index": 0,
                    "end_block_index": 1,
                },
            ],
        },
    ],
    "stop_reason": "end_turn",
    "usage": {"input_tokens": 1200, "output_tokens": 21},
}
CITED_TEXT = "In short: refunds take five days and the port must be open"
