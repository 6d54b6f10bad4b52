"""What a loaded scenario is: the `Scenario` record, its parts, and the format's vocabulary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adapters.base import JSON, Endpoint
from harness.errors import ScenarioError

STOP_REASONS = (
    "end_turn",
    "max_tokens",
    "stop_sequence",
    "tool_use",
    "pause_turn",
    "refusal",
    "model_context_window_exceeded",
)
# The policy categories of a refusal's stop_details (the SDK's RefusalStopDetails).
REFUSAL_CATEGORIES = ("cyber", "bio", "frontier_llm", "reasoning_extraction", "general_harms")
# Converse stop reasons a scenario may script for the Bedrock Converse simulator.
CONVERSE_STOP_REASONS = (
    "end_turn",
    "tool_use",
    "max_tokens",
    "stop_sequence",
    "guardrail_intervened",
    "content_filtered",
    "malformed_model_output",
    "malformed_tool_use",
    "model_context_window_exceeded",
)
OUTPUT_BLOCK_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text",),
    "thinking": ("thinking", "signature"),
    "redacted_thinking": ("data",),
    "tool_use": ("id", "name", "input"),
    "server_tool_use": ("id", "name", "input"),
    **{
        f"{tool}_tool_result": ("tool_use_id", "content")
        for tool in (
            "web_search",
            "web_fetch",
            "code_execution",
            "bash_code_execution",
            "text_editor_code_execution",
            "tool_search",
        )
    },
    # beta blocks (the SDK's beta types)
    "compaction": ("content", "encrypted_content"),
    "mcp_tool_use": ("id", "name", "server_name", "input"),
    "mcp_tool_result": ("tool_use_id", "is_error", "content"),
}
# The server tools a server_tool_use block may name (the SDK's ServerToolUseBlock.name).
SERVER_TOOL_NAMES = (
    "web_search",
    "web_fetch",
    "code_execution",
    "bash_code_execution",
    "text_editor_code_execution",
    "tool_search_tool_regex",
    "tool_search_tool_bm25",
)
# usage.server_tool_use: the server tool requests a reply made (the SDK's ServerToolUsage).
SERVER_TOOL_USAGE_KEYS = ("web_search_requests", "web_fetch_requests")
EXPECT_OPS: tuple[str, ...] = ("equals", "not_equals", "one_of", "exists", "matches", "length")


@dataclass(frozen=True)
class Expectation:
    """One assertion on the outcome view (see `harness.expectations`)."""

    path: str
    op: str
    value: Any
    line: int | None


@dataclass(frozen=True)
class KnownDifference:
    """A declared parity difference for one target: it turns red into amber, with a reason."""

    target: str
    path: str
    reason: str
    mode: str | None = None


@dataclass(frozen=True)
class NotApplicable:
    """A target (and optionally one mode) this scenario does not apply to, and why."""

    target: str
    reason: str
    mode: str | None = None


@dataclass(frozen=True)
class Refusal:
    """On ``target``, the translator must refuse the request, naming ``field``: a documented
    limit of that backend. The case is then amber with the reason; red if it does not refuse."""

    target: str
    field: str
    reason: str
    mode: str | None = None


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. ``request`` never holds ``stream``: the mode sets it."""

    id: str
    file: Path
    title: str
    description: str
    tags: tuple[str, ...]
    front: str
    endpoint: Endpoint
    api_version: str | None
    betas: tuple[str, ...]
    request: JSON
    reply: JSON
    modes: tuple[str, ...]
    not_applicable: tuple[NotApplicable, ...]
    known_differences: tuple[KnownDifference, ...]
    expect: tuple[Expectation, ...]
    refused: tuple[Refusal, ...] = ()

    def reply_kind(self) -> str:
        """``message``, ``error`` or ``count_tokens``."""
        if "error" in self.reply:
            return "error"
        if "input_tokens" in self.reply and "content" not in self.reply:
            return "count_tokens"
        return "message"

    def not_applicable_reason(self, target: str, mode: str) -> str | None:
        for na in self.not_applicable:
            if na.target == target and na.mode in (None, mode):
                return na.reason
        return None

    def refusal_for(self, target: str, mode: str) -> Refusal | None:
        for refusal in self.refused:
            if refusal.target == target and refusal.mode in (None, mode):
                return refusal
        return None

    def known_differences_for(self, target: str, mode: str) -> list[KnownDifference]:
        return [
            kd for kd in self.known_differences if kd.target == target and kd.mode in (None, mode)
        ]


@dataclass(frozen=True)
class BrokenScenario:
    """A scenario file that failed to load; its cases fail with ``error``."""

    id: str
    file: Path
    error: ScenarioError
