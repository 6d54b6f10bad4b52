"""The Portkey gateway on trial (the pinned npm package `make gateways` installs into
.gateways/portkey): a few of its confirmed findings (docs/GATEWAYS.md), each a real
difference from the native API."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.gateways import require_installed, trial_cases

ROOT = Path(__file__).resolve().parents[4]
PROFILE = ROOT / "gateways" / "portkey" / "profile.yaml"
INSTALLED = (
    ROOT / ".gateways" / "portkey" / "node_modules" / "@portkey-ai" / "gateway" / "build"
) / "start-server.js"
NODE = ROOT / ".gateways" / "node" / "bin" / "node"

SCENARIOS = ("tools/choice-tool", "errors/429-rate-limit", "streaming/mid-stream-error")
TARGETS = ("anthropic", "bedrock-converse")

Cases = dict[str, dict[str, object]]


@pytest.fixture(scope="module")
def portkey_cases(tmp_path_factory: pytest.TempPathFactory) -> Cases:
    """One trial of Portkey on a copy of the project that holds only ``SCENARIOS``."""
    require_installed("portkey", INSTALLED.is_file() and NODE.is_file(), "make gateways")
    root = tmp_path_factory.mktemp("portkey")
    return trial_cases(root, PROFILE, SCENARIOS, TARGETS)


def findings(case: dict[str, object]) -> list[tuple[str, str]]:
    return [(f["check"], f["path"]) for f in case["findings"]]  # type: ignore[attr-defined, index]


def test_the_reference_translator_is_green_or_amber_beside_it(portkey_cases: Cases) -> None:
    reference = [c for c in portkey_cases.values() if c["system"] == "reference"]
    assert len(reference) == len(SCENARIOS) * len(TARGETS) * 2
    assert {c["verdict"] for c in reference} <= {"green", "amber"}


def test_a_forced_tool_choice_is_sent_where_converse_refuses_it(portkey_cases: Cases) -> None:
    case = portkey_cases["tools/choice-tool[bedrock-converse-json@portkey]"]
    assert case["verdict"] == "red"
    assert ("upstream", "upstream.body.toolChoice") in findings(case)
    assert [r["status"] for r in case["upstream"]["requests"]] == [400]  # type: ignore[index]


def test_a_native_error_reaches_the_client_in_portkeys_own_envelope(
    portkey_cases: Cases,
) -> None:
    case = portkey_cases["errors/429-rate-limit[anthropic-json@portkey]"]
    body = case["outcome"]["body"]  # type: ignore[index]
    assert case["outcome"]["status"] == 429  # type: ignore[index]
    assert body["provider"] == "anthropic" and "type" not in body
    assert body["error"]["message"].startswith("anthropic error: ")
    assert ("schema", "") in findings(case)
    # and Portkey adds a beta flag of its own to every request to the native API
    beta = next(f for f in case["findings"] if f["path"] == "upstream.headers.anthropic-beta")  # type: ignore[attr-defined]
    assert (beta["expected"], beta["actual"]) == ([], ["messages-2023-12-15"])


def test_a_converse_stream_error_never_reaches_the_client(portkey_cases: Cases) -> None:
    case = portkey_cases["streaming/mid-stream-error[bedrock-converse-stream@portkey]"]
    events = case["outcome"]["events"]  # type: ignore[index]
    assert [e["type"] for e in events][-1] != "error"
    assert ("grammar", "") in findings(case)
    assert ("reply", "error.type") in findings(case)
