"""What simulated Vertex AI renders of the SDK's beta types (a compaction block, the context
edits applied) is what `anthropic.AnthropicVertex`'s beta client reads, in the Message and in
the stream alike."""

from __future__ import annotations

import anthropic
import pytest

from tests.harness.simulator.vertex.support import MODEL, PROMPT, scenario
from tests.support.beta_replies import BETA_MESSAGES

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


def test_the_beta_client_reads_a_compaction_block_and_the_edits_applied_both_ways(
    client: anthropic.AnthropicVertex,
) -> None:
    reply = BETA_MESSAGES["compaction"]
    betas = ["compact-2026-01-12"]
    created = client.beta.messages.create(
        model=MODEL,
        max_tokens=64,
        messages=PROMPT,
        betas=betas,
        extra_headers=scenario("compaction"),
    )
    with client.beta.messages.stream(
        model=MODEL,
        max_tokens=64,
        messages=PROMPT,
        betas=betas,
        extra_headers=scenario("compaction"),
    ) as stream:
        final = stream.get_final_message()
    for message in (created, final):
        dumped = message.to_dict()
        assert dumped["content"] == reply["content"]
        assert dumped["context_management"] == reply["context_management"]
