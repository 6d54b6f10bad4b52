"""Grade: an execution's findings and verdict, whatever system produced it."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from harness.cases import Case
from harness.findings import Finding
from harness.outcome import Outcome
from harness.run_options import RunOptions
from harness.scenarios import Scenario
from harness.session import Project
from harness.stages.grade import Grader
from harness.systems import Execution
from harness.systems.reference import ReferenceSystem
from tests.support.corpus import PROJECT


def setup(project: Project) -> tuple[ReferenceSystem, Grader]:
    options = RunOptions(fixtures=project.fixtures, project_root=project.root)
    system = ReferenceSystem(project.config(), options)
    grader = Grader(project.config(), options, system.execute, lambda: system.secrets)
    return system, grader


def case_of(project: Project, scenario: str, target: str, mode: str) -> Case:
    loaded = next(s for s in project.scenarios if s.id == scenario)
    return Case(loaded, target, mode)


def scenario_of(case: Case) -> Scenario:
    assert isinstance(case.scenario, Scenario)
    return case.scenario


def test_a_faithful_execution_is_green_with_its_canonical_case_named(project: Project) -> None:
    system, grader = setup(project)
    case = case_of(project, "basic/hello", "vertex", "stream")
    result = grader.grade(case, scenario_of(case), system.execute(case))
    assert result.verdict == "green", result.failure_text()
    assert result.canonical_case == "basic/hello[anthropic-stream]"
    assert result.outcome is not None and result.wire_request is not None


def test_a_changed_text_is_red_against_golden_reply_and_parity(project: Project) -> None:
    system, grader = setup(project)
    case = case_of(project, "basic/hello", "vertex", "json")
    execution = system.execute(case)
    assert execution.outcome is not None
    body = dict(execution.outcome.body)
    body["content"] = [{"type": "text", "text": "Bye"}]
    changed = replace(execution, outcome=Outcome(200, body=body))
    result = grader.grade(case, scenario_of(case), changed)
    assert result.verdict == "red"
    assert {"golden", "reply", "parity"} <= {f.check for f in result.findings}
    assert all(
        f.path.startswith("body.content")
        or f.path.startswith("message.content")
        or f.path.startswith("content")
        for f in result.findings
        if f.check == "parity"
    )


def test_an_execution_that_failed_early_keeps_its_finding_and_is_red(project: Project) -> None:
    _, grader = setup(project)
    case = case_of(project, "basic/hello", "vertex", "json")
    failed = Execution(findings=[Finding("transport", "", None, None, "connection refused")])
    result = grader.grade(case, scenario_of(case), failed)
    assert result.verdict == "red"
    assert [f.message for f in result.findings] == ["connection refused"]


def test_a_declared_target_difference_makes_the_case_amber(project: Project) -> None:
    system, grader = setup(project)
    case = case_of(project, "tools/weather", "openai", "stream")
    result = grader.grade(case, scenario_of(case), system.execute(case))
    assert result.verdict == "amber", result.failure_text()
    assert result.findings == []
    [used] = [k for k in result.known_differences if k["matched"]]
    assert used["path"] == "events[0].message.usage"  # declared in fixtures/targets.yaml


def test_a_system_under_test_is_judged_as_a_client_reads_unless_strict() -> None:
    from harness.stages.grade import _strict_only, without_nulls

    assert without_nulls({"a": None, "b": [{"c": None, "d": 1}], "e": 0}) == {
        "b": [{"d": 1}],
        "e": 0,
    }
    extra_field = Finding("parity", "body.stop_details", None, {}, "present here but not in x")
    extra_block = Finding("parity", "body.content[1]", None, {}, "present here but not in x")
    model = Finding("expectation", "message.model", "m", "alias", "value differs")
    null_left_out = Finding(
        "expectation", "message.stop_sequence", None, None, "the path does not exist in the outcome"
    )
    changed = Finding("parity", "body.stop_reason", "end_turn", "max_tokens", "value differs")
    assert [_strict_only(f) for f in (extra_field, extra_block, model, null_left_out, changed)] == [
        True,
        False,
        True,
        True,
        False,
    ]


def test_a_declared_refusal_is_met_by_a_4xx_with_nothing_sent_on() -> None:
    from harness.case_result import CaseResult
    from harness.scenarios import Refusal
    from harness.stages.grade import _check_client_refusal

    refusal = Refusal(target="vertex", field="tool_choice.x", reason="cannot be expressed")
    refused = Execution(outcome=Outcome(400, body={"type": "error"}), upstream={"requests": []})
    result = CaseResult(None, "green", [])  # type: ignore[arg-type]
    assert _check_client_refusal(refusal, refused, result) == []
    assert result.known_differences == [
        {"path": "tool_choice.x", "reason": "cannot be expressed", "matched": True}
    ]
    forwarded = Execution(
        outcome=Outcome(400, body={}),
        upstream={"requests": [{"method": "POST", "path": "/x", "status": 400, "rejection": None}]},
    )
    [finding] = _check_client_refusal(refusal, forwarded, CaseResult(None, "green", []))  # type: ignore[arg-type]
    assert (
        finding.check == "refusal"
        and "after sending it to its backend 1 time(s)" in finding.message
    )
    [answered] = _check_client_refusal(
        refusal, Execution(outcome=Outcome(200, body={})), CaseResult(None, "green", [])
    )  # type: ignore[arg-type]
    assert answered.actual == 200


def gateway_grade(
    scenario: str, target: str, mode: str, front: dict[str, object]
) -> dict[bool, list[Finding]]:
    """The findings of an OpenAI-front gateway case whose client received ``front``, graded
    as a client reads it (False) and with --strict (True)."""
    found = {}
    for strict in (False, True):
        options = RunOptions(fixtures=PROJECT.fixtures, project_root=PROJECT.root, strict=strict)
        system = ReferenceSystem(PROJECT.config(), options)
        grader = Grader(PROJECT.config(), options, system.execute, set)
        case = case_of(PROJECT, scenario, target, mode).on("some-gateway")
        found[strict] = grader.grade(case, scenario_of(case), Execution(front=front)).findings
    return found


def reference_front(scenario: str, target: str, mode: str) -> dict[str, object]:
    system, _ = setup(PROJECT)
    execution = system.execute(case_of(PROJECT, scenario, target, mode))
    assert execution.front is not None
    return json.loads(json.dumps(execution.front))  # a copy to change


def test_a_numbered_chunk_is_read_where_the_stream_first_carries_the_field() -> None:
    scenario = "front-openai/stream-tool-call-chunks"
    front = reference_front(scenario, "anthropic", "stream")
    chunks: list[Any] = front["chunks"]  # type: ignore[assignment]
    role, call = chunks[0]["choices"][0]["delta"], chunks[1]["choices"][0]["delta"]
    assert "tool_calls" not in role and call["tool_calls"][0]["id"]
    role["tool_calls"] = call.pop("tool_calls")  # the role and the call's start in one chunk
    found = gateway_grade(scenario, "anthropic", "stream", front)
    assert found[False] == []
    assert {f.path for f in found[True]} == {
        "front.chunks[1].choices[0].delta.tool_calls[0].index",
        "front.chunks[1].choices[0].delta.tool_calls[0].id",
        "front.chunks[1].choices[0].delta.tool_calls[0].function.name",
    }
    role["tool_calls"][0]["id"] = "call_other"  # the first chunk with an id names another
    found = gateway_grade(scenario, "anthropic", "stream", front)
    [wrong] = [f for f in found[False] if f.check == "expectation"]
    assert (wrong.path, wrong.actual) == (
        "front.chunks[0].choices[0].delta.tool_calls[0].id",
        "call_other",
    )


def test_a_usage_count_of_zero_left_out_is_strict_only() -> None:
    front = reference_front("front-openai/plain-text", "openai", "json")
    usage: dict[str, Any] = front["body"]["usage"]  # type: ignore[index]
    assert usage["prompt_tokens_details"] == {"cached_tokens": 0}
    del usage["prompt_tokens_details"]["cached_tokens"]
    found = gateway_grade("front-openai/plain-text", "openai", "json", front)
    assert found[False] == []
    assert [f.path for f in found[True]] == ["front.body.usage.prompt_tokens_details.cached_tokens"]
    usage["prompt_tokens"] = 0  # a count that was not 0 still counts, whatever it became
    assert [
        f.path for f in gateway_grade("front-openai/plain-text", "openai", "json", front)[False]
    ] == ["front.body.usage.prompt_tokens"]


def test_an_openai_error_is_judged_by_its_status_its_type_and_code_only_when_strict() -> None:
    front = reference_front("front-openai/error-429", "anthropic", "json")
    error: dict[str, Any] = front["body"]["error"]  # type: ignore[index]
    error.update(type="throttling_error", code="429")
    found = gateway_grade("front-openai/error-429", "anthropic", "json", front)
    assert found[False] == []
    assert {f.path for f in found[True]} == {"front.body.error.type", "front.body.error.code"}
    front["status"] = 500
    assert {
        f.path for f in gateway_grade("front-openai/error-429", "anthropic", "json", front)[False]
    } == {"front.status"}
