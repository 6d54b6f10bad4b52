"""LiteLLM on trial on the openai-responses target (gateways/litellm-responses/: the same
pinned proxy in its default setting, sending /v1/messages for an OpenAI model to the
Responses API): its confirmed findings (docs/GATEWAYS.md), each a real difference from the
reference translator's Responses request or from the native API's answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.gateways import require_installed, trial_cases

ROOT = Path(__file__).resolve().parents[4]
PROFILE = ROOT / "gateways" / "litellm-responses" / "profile.yaml"
INSTALLED = ROOT / ".gateways" / "litellm" / "bin" / "litellm"
SCENARIOS = (
    "basic/plain-text",
    "basic/service-tier-standard-only",
    "thinking/signature",
    "bedrock/thinking-tool-round-trip",
    "tools/result-round-trip",
    "tokens/count-messages",
    "stop/refusal",
)


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """One trial of LiteLLM on a copy of the project that holds only ``SCENARIOS``."""
    require_installed("litellm", INSTALLED.is_file(), "make gateways")
    root = tmp_path_factory.mktemp("litellm-responses")
    return trial_cases(root, PROFILE, SCENARIOS, ("openai-responses",))


def findings(case: dict[str, object]) -> set[tuple[str, str]]:
    return {(f["check"], f["path"]) for f in case["findings"]}  # type: ignore[attr-defined, index]


def on_litellm(scenario: str, mode: str = "json") -> str:
    return f"{scenario}[openai-responses-{mode}@litellm-responses]"


def test_the_reference_translator_is_green_or_amber_beside_it(
    cases: dict[str, dict[str, object]],
) -> None:
    reference = [c for c in cases.values() if c["system"] == "reference"]
    assert reference and {c["verdict"] for c in reference} <= {"green", "amber"}


def test_every_response_is_stored_on_the_backend(cases: dict[str, dict[str, object]]) -> None:
    # no store: false, so OpenAI keeps each response (its default) though the client asked
    # an API that keeps nothing; and encrypted reasoning is asked for on every request
    for mode in ("json", "stream"):
        case = cases[on_litellm("basic/plain-text", mode)]
        assert case["verdict"] == "red"
        assert findings(case) == {
            ("upstream", "upstream.body.store"),
            ("upstream", "upstream.body.include"),
        }


def test_thinking_comes_back_without_its_text(cases: dict[str, dict[str, object]]) -> None:
    # no reasoning.summary is asked for, so a reasoning item has only encrypted content,
    # which LiteLLM hands the client as redacted_thinking
    case = cases[on_litellm("thinking/signature")]
    assert ("upstream", "upstream.body.reasoning.summary") in findings(case)
    assert ("reply", "message.content[0].type") in findings(case)
    content = case["outcome"]["body"]["content"]  # type: ignore[index]
    assert content[0]["type"] == "redacted_thinking"


def test_thinking_in_the_history_goes_out_as_a_reasoning_item_without_an_id(
    cases: dict[str, dict[str, object]],
) -> None:
    # an Anthropic-minted signature is not replayed: the reasoning item loses its encrypted
    # content and carries no id, which the SDK's ResponseReasoningItemParam requires
    case = cases[on_litellm("bedrock/thinking-tool-round-trip")]
    assert {
        ("upstream", "upstream.body.input[1].encrypted_content"),
        ("upstream", "upstream.body.input[1].id"),
    } <= findings(case)
    [request] = case["upstream"]["requests"]  # type: ignore[index]
    assert request["status"] == 400
    assert "input[1]" in request["rejection"]


def test_an_unknown_service_tier_is_sent_on(cases: dict[str, dict[str, object]]) -> None:
    case = cases[on_litellm("basic/service-tier-standard-only")]
    assert ("upstream", "upstream.body.service_tier") in findings(case)
    [request] = case["upstream"]["requests"]  # type: ignore[index]
    assert request["status"] == 400


def test_the_assistant_text_goes_after_its_tool_call(cases: dict[str, dict[str, object]]) -> None:
    case = cases[on_litellm("tools/result-round-trip")]
    assert ("upstream", "upstream.body.input[1].type") in findings(case)
    assert ("upstream", "upstream.body.input[2].role") in findings(case)


def test_input_token_counting_matches_the_reference(cases: dict[str, dict[str, object]]) -> None:
    assert cases[on_litellm("tokens/count-messages")]["verdict"] == "green"


def test_a_filtered_response_reaches_the_client_as_max_tokens(
    cases: dict[str, dict[str, object]],
) -> None:
    case = cases[on_litellm("stop/refusal")]
    stop = next(f for f in case["findings"] if f["path"] == "message.stop_reason")  # type: ignore[attr-defined]
    assert (stop["expected"], stop["actual"]) == ("refusal", "max_tokens")
