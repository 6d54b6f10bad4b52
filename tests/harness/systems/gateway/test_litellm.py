"""LiteLLM on trial (the pinned proxy `make gateways` installs into .gateways/litellm): a few
of its confirmed findings (docs/GATEWAYS.md), each a real difference from the native API."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.gateways import require_installed, trial_cases

ROOT = Path(__file__).resolve().parents[4]
PROFILE = ROOT / "gateways" / "litellm" / "profile.yaml"
INSTALLED = ROOT / ".gateways" / "litellm" / "bin" / "litellm"


SCENARIOS = (
    "cache/read-hit",
    "bedrock/stop-sequence-recovered",
    "errors/529-overloaded",
    "basic/sampling-parameters",
    "front-openai/error-429",
    "tools/no-arguments",
    "basic/plain-text",
    "front-door/version-missing",
    "front-door/models-get",
)
TARGETS = ("anthropic", "bedrock-invoke", "bedrock-converse", "openai")


@pytest.fixture(scope="module")
def litellm_cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """One trial of LiteLLM on a copy of the project that holds only ``SCENARIOS``."""
    require_installed("litellm", INSTALLED.is_file(), "make gateways")
    root = tmp_path_factory.mktemp("litellm")
    return trial_cases(root, PROFILE, SCENARIOS, TARGETS)


def findings(case: dict[str, object]) -> list[tuple[str, str]]:
    return [(f["check"], f["path"]) for f in case["findings"]]  # type: ignore[attr-defined, index]


def test_the_reference_translator_is_green_or_amber_beside_it(
    litellm_cases: dict[str, dict[str, object]],
) -> None:
    reference = [c for c in litellm_cases.values() if c["system"] == "reference"]
    assert reference and {c["verdict"] for c in reference} <= {"green", "amber"}


def test_bedrock_cache_ttl_is_dropped(litellm_cases: dict[str, dict[str, object]]) -> None:
    case = litellm_cases["cache/read-hit[bedrock-invoke-json@litellm]"]
    assert case["verdict"] == "red"
    assert ("upstream", "upstream.body.system[0].cache_control.ttl") in findings(case)


def test_converse_stop_sequences_are_not_recovered(
    litellm_cases: dict[str, dict[str, object]],
) -> None:
    case = litellm_cases["bedrock/stop-sequence-recovered[bedrock-converse-json@litellm]"]
    assert ("upstream", "upstream.body.additionalModelResponseFieldPaths") in findings(case)
    assert ("reply", "message.stop_sequence") in findings(case)


def test_an_overloaded_backend_reaches_the_client_as_a_500(
    litellm_cases: dict[str, dict[str, object]],
) -> None:
    case = litellm_cases["errors/529-overloaded[anthropic-json@litellm]"]
    status = next(f for f in case["findings"] if f["path"] == "status")  # type: ignore[attr-defined]
    assert (status["expected"], status["actual"]) == (529, 500)


def test_top_k_is_sent_to_an_openai_backend(litellm_cases: dict[str, dict[str, object]]) -> None:
    case = litellm_cases["basic/sampling-parameters[openai-json@litellm]"]
    assert ("upstream", "upstream.body.top_k") in findings(case)
    upstream = case["upstream"]
    assert [r["status"] for r in upstream["requests"]] == [400]  # type: ignore[index]


def test_an_openai_clients_error_is_judged_by_its_status(
    litellm_cases: dict[str, dict[str, object]],
) -> None:
    # LiteLLM answers 429 with type throttling_error and code "429": no OpenAI client reads them
    case = litellm_cases["front-openai/error-429[anthropic-json@litellm]"]
    assert case["verdict"] != "red", case["findings"]


def test_an_empty_required_list_in_a_tool_schema_is_canonical(
    litellm_cases: dict[str, dict[str, object]],
) -> None:
    case = litellm_cases["tools/no-arguments[bedrock-converse-stream@litellm]"]
    assert not [f for f in findings(case) if f[0] == "upstream"], case["findings"]
    assert "schema-required-empty" in case["upstream"]["canonicalizations"]  # type: ignore[index]


def test_a_request_without_anthropic_version_is_served_instead_of_refused(
    litellm_cases: dict[str, dict[str, object]],
) -> None:
    case = litellm_cases["front-door/version-missing[bedrock-converse-json@litellm]"]
    found = {(f["check"], f["path"]): f for f in case["findings"]}  # type: ignore[attr-defined]
    assert (found["front-door", "status"]["expected"], found["front-door", "status"]["actual"]) == (
        400,
        200,
    )
    assert found["upstream", ""]["actual"] == 1


def test_a_model_is_answered_as_an_openai_model_object(
    litellm_cases: dict[str, dict[str, object]],
) -> None:
    case = litellm_cases["front-door/models-get[anthropic-json@litellm]"]
    assert {("schema", "body.type"), ("schema", "body.display_name")} <= set(findings(case))
    assert case["outcome"]["body"]["object"] == "model"  # type: ignore[index]
