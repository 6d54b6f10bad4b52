"""The corpus accounts for every SDK 2.12 type of the Messages API surface: each is used by a
scenario or declared in fixtures/coverage.yaml with its reason, and docs/MAPPINGS.md shows
the current table."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.coverage import (
    END,
    START,
    Coverage,
    Declared,
    corpus_usage,
    load_declared,
    markdown,
    measure,
)
from harness.coverage_sdk import SdkUnavailable, sdk_surface
from harness.errors import ConfigError
from tests.support.corpus import PROJECT, shipped_scenarios

OPEN = Declared("open", "issue 12, item 1")


@pytest.fixture(scope="module")
def surface() -> dict[str, list[str]]:
    try:
        return sdk_surface()
    except SdkUnavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def shipped(surface: dict[str, list[str]]) -> Coverage:
    declared = load_declared(PROJECT.root / "fixtures" / "coverage.yaml")
    return measure(surface, corpus_usage(shipped_scenarios()), declared)


def test_every_sdk_type_has_a_scenario_or_a_declared_reason(shipped: Coverage) -> None:
    assert shipped.missing == []
    assert shipped.stale == []
    assert "100% accounted for" in shipped.figure()


def test_a_declared_type_is_open_naming_its_issue_item_or_not_applicable_saying_why(
    shipped: Coverage,
) -> None:
    for kind, entries in shipped.declared.items():
        for name, entry in entries.items():
            if entry.status == "open":
                assert "issue 12, item" in entry.reason, f"{kind}.{name}"
            else:
                assert entry.status == "not_applicable", f"{kind}.{name}"
                # a reason, not a placeholder, and not work still to do dressed up as n/a
                assert len(entry.reason.split()) >= 12, f"{kind}.{name}"
                assert "issue 12" not in entry.reason, f"{kind}.{name}"


def test_mappings_shows_the_current_table(shipped: Coverage) -> None:
    text = (PROJECT.root / "docs" / "MAPPINGS.md").read_text(encoding="utf-8")
    shown = START + text.partition(START)[2].partition(END)[0] + END
    assert shown == markdown(shipped), "run: python -m harness.coverage --write docs/MAPPINGS.md"


def test_uses_come_from_replies_streams_requests_and_the_front_door() -> None:
    used = corpus_usage(shipped_scenarios())
    assert "stop/pause-turn" in used["stop_reasons"]["pause_turn"]
    # a reply's signed thinking is streamed as thinking and signature deltas
    assert "thinking/redacted-output" in used["response_blocks"]["redacted_thinking"]
    assert used["deltas"]["signature_delta"]
    assert "tools/single-call" in used["tools"]["custom"]
    # tool_choice required at the front door is Anthropic's any
    assert "front-openai/tool-choice-required" in used["tool_choice"]["any"]
    assert "tool_result" in used["request_blocks"]


def test_a_type_neither_used_nor_declared_is_missing() -> None:
    report = measure({"stop_reasons": ["end_turn", "pause_turn"]}, used(end_turn=["a"]), {})
    assert report.missing == ["stop_reasons.pause_turn: no scenario uses it and it is not declared"]
    assert report.status("stop_reasons", "end_turn") == "covered"


def test_a_declaration_a_scenario_covers_or_the_sdk_lacks_is_stale() -> None:
    declared = {"stop_reasons": {"end_turn": OPEN, "paused": OPEN}}
    report = measure({"stop_reasons": ["end_turn"]}, used(end_turn=["basic/x"]), declared)
    assert report.stale == [
        "stop_reasons.end_turn: declared, but basic/x covers it",
        "stop_reasons.paused: declared, but the SDK has no such type",
    ]


def test_the_figure_counts_covered_open_and_not_applicable() -> None:
    declared = {"stop_reasons": {"pause_turn": OPEN, "refusal": Declared("not_applicable", "x")}}
    surface = {"stop_reasons": ["end_turn", "pause_turn", "refusal", "tool_use"]}
    report = measure(surface, used(end_turn=["a"]), declared)
    assert report.figure() == (
        "1 of 4 SDK 2.12 types covered by a scenario (25%); 1 open, 1 not applicable; "
        "75% accounted for"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("stop_reasons:\n  pause_turn: {status: later, reason: x}\n", "status is one of"),
        ("stop_reasons:\n  pause_turn: {status: open}\n", "needs exactly status and reason"),
        ("stops:\n  pause_turn: {status: open, reason: x}\n", "stops: not a kind"),
    ],
)
def test_a_bad_declaration_is_one_line_naming_it(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "coverage.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_declared(path)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def used(**names: list[str]) -> dict[str, dict[str, list[str]]]:
    return {"stop_reasons": dict(names)}
