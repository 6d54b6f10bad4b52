"""claude-code-router on trial (the pinned npm package `make gateways` installs into
.gateways/claude-code-router): a few of its confirmed findings (docs/GATEWAYS.md), each a
real difference from the native API."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.gateways import require_installed, trial_cases

ROOT = Path(__file__).resolve().parents[4]
PROFILE = ROOT / "gateways" / "claude-code-router" / "profile.yaml"
INSTALLED = (
    ROOT
    / ".gateways"
    / "claude-code-router"
    / "node_modules"
    / "@musistudio"
    / "claude-code-router"
    / "dist"
    / "cli.js"
)

SCENARIOS = (
    "tokens/count-messages",
    "errors/429-rate-limit",
    "stop/stop-sequence",
    "front-door/models-list",
)
TARGETS = ("anthropic", "openai")


@pytest.fixture(scope="module")
def ccr_cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """One trial of claude-code-router on a copy of the project that holds only
    ``SCENARIOS``."""
    require_installed("claude-code-router", INSTALLED.is_file(), "make gateways")
    root = tmp_path_factory.mktemp("claude-code-router")
    return trial_cases(root, PROFILE, SCENARIOS, TARGETS, concurrency=1)


def findings(case: dict[str, object]) -> dict[tuple[str, str], dict[str, object]]:
    return {(f["check"], f["path"]): f for f in case["findings"]}  # type: ignore[attr-defined]


def test_the_reference_translator_is_green_or_amber_beside_it(
    ccr_cases: dict[str, dict[str, object]],
) -> None:
    reference = [c for c in ccr_cases.values() if c["system"] == "reference"]
    graded = [c for c in reference if c["verdict"] != "grey"]
    assert graded and {c["verdict"] for c in graded} <= {"green", "amber"}
    # grey only where the target has no such endpoint (chat completions count no tokens)
    assert {c["id"] for c in reference if c["verdict"] == "grey"} == {
        "tokens/count-messages[openai-json]"
    }


def test_count_tokens_is_answered_without_asking_the_backend(
    ccr_cases: dict[str, dict[str, object]],
) -> None:
    case = ccr_cases["tokens/count-messages[anthropic-json@claude-code-router]"]
    assert case["verdict"] == "red"
    assert case["upstream"]["requests"] == []  # type: ignore[index]
    counted = findings(case)[("parity", "body.input_tokens")]
    assert counted["expected"] != counted["actual"]


def test_a_backend_error_reaches_the_client_in_its_own_envelope(
    ccr_cases: dict[str, dict[str, object]],
) -> None:
    case = ccr_cases["errors/429-rate-limit[anthropic-json@claude-code-router]"]
    found = findings(case)
    assert ("parity", "status") not in found  # the status is passed on
    assert found[("parity", "body.type")]["actual"] is None  # no "type": "error"
    error_type = found[("parity", "body.error.type")]
    assert (error_type["expected"], error_type["actual"]) == ("rate_limit_error", "api_error")


def test_stop_sequences_are_not_sent_to_an_openai_backend(
    ccr_cases: dict[str, dict[str, object]],
) -> None:
    case = ccr_cases["stop/stop-sequence[openai-json@claude-code-router]"]
    assert case["verdict"] == "red"
    assert ("upstream", "upstream.body.stop") in findings(case)


def test_an_empty_annotations_list_becomes_a_web_search_nobody_ran(
    ccr_cases: dict[str, dict[str, object]],
) -> None:
    case = ccr_cases["stop/stop-sequence[openai-json@claude-code-router]"]
    content = case["outcome"]["body"]["content"]  # type: ignore[index]
    assert [block["type"] for block in content[:2]] == [
        "server_tool_use",
        "web_search_tool_result",
    ]


def test_there_is_no_models_route(ccr_cases: dict[str, dict[str, object]]) -> None:
    case = ccr_cases["front-door/models-list[anthropic-json@claude-code-router]"]
    status = findings(case)["front-door", "status"]
    assert (status["expected"], status["actual"]) == (200, 404)
    assert case["outcome"]["body"]["statusCode"] == 404  # type: ignore[index]
