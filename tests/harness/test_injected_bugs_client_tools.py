"""Client-tool mapping bugs, injected into the reference translator, turn exactly the cases
they affect red over the whole shipped corpus: the beta flag a client tool needs dropped on
Bedrock, and a client tool's version renamed on its way to Converse (the toolsets too).

As in every broken-mapping test (tests/support/injected_bugs.py), the affected cases are
computed from a replay before the bug is injected (the unbroken wire requests and the
requested tool types), not from the broken code.
"""

from __future__ import annotations

import pytest

from adapters.base import JSON
from adapters.client_tools import client_tool_type
from tests.support.injected_bugs import (
    break_request,
    live_cases,
    red,
    replay,
    sent_body,
    unbroken_replay,
)


def client_tools_in(tools: object) -> list[JSON]:
    return [t for t in tools if client_tool_type(t)] if isinstance(tools, list) else []


def test_dropping_the_beta_beside_client_tools_on_invoke_model_turns_those_cases_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = "bedrock-invoke"
    before = unbroken_replay(target)

    def drop_beta(body: JSON) -> None:
        if client_tools_in(body.get("tools")):
            body.pop("anthropic_beta", None)

    break_request(target, monkeypatch, drop_beta)
    results = replay(target)

    expected = {
        cid
        for cid in live_cases(before)
        if client_tools_in(sent_body(before[cid]).get("tools"))
        and sent_body(before[cid]).get("anthropic_beta")
    }
    assert len(expected) >= 4, "the corpus must send client tools with their beta to InvokeModel"
    assert red(results) == expected


def test_renaming_a_client_tools_version_on_converse_turns_those_cases_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = "bedrock-converse"
    before = unbroken_replay(target)

    def older_version(body: JSON) -> None:
        for tool in client_tools_in((body.get("additionalModelRequestFields") or {}).get("tools")):
            tool["type"] = tool["type"].rsplit("_", 1)[0] + "_20241022"

    break_request(target, monkeypatch, older_version)
    results = replay(target)

    expected = {
        cid
        for cid in live_cases(before)
        if client_tools_in(
            (sent_body(before[cid]).get("additionalModelRequestFields") or {}).get("tools")
        )
    }
    assert len(expected) >= 4, "the corpus must send client tools to Converse"
    assert red(results) == expected
