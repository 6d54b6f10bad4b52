"""Grade: an execution's findings and verdict, whatever system produced it."""

from __future__ import annotations

from dataclasses import replace

from harness.cases import Case
from harness.findings import Finding
from harness.outcome import Outcome
from harness.run_options import RunOptions
from harness.scenarios import Scenario
from harness.session import Project
from harness.stages.grade import Grader
from harness.systems import Execution
from harness.systems.reference import ReferenceSystem


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
