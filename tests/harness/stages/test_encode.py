"""Encode: the Anthropic call as the target's wire request, or a refusal at the field."""

from __future__ import annotations

import json

from adapters.base import Call, TargetSettings, WireRequest
from harness.cases import Case
from harness.findings import Finding
from harness.session import Project
from harness.stages.encode import encode
from harness.stages.prepare import Prepared, prepare


def prepared_for(project: Project, target: str, mode: str = "json") -> Prepared:
    scenario = next(s for s in project.scenarios if s.id == "basic/hello")
    prepared = prepare(Case(scenario, target, mode), project.config())
    assert isinstance(prepared, Prepared)
    return prepared


def test_the_target_translator_builds_the_wire_request(project: Project) -> None:
    wire = encode(prepared_for(project, "vertex", "stream"))
    assert isinstance(wire, WireRequest)
    assert wire.method == "POST"
    assert wire.url.endswith(":streamRawPredict")
    body = json.loads(wire.body or b"")
    assert "model" not in body and body["anthropic_version"] == "vertex-2023-10-16"


def test_a_translator_refusal_is_a_finding_at_the_field(project: Project) -> None:
    prepared = prepared_for(project, "vertex")
    no_region = Prepared(
        prepared.case,
        prepared.client_request,
        Call("messages", prepared.call.body),
        TargetSettings(name="vertex", project="p"),
    )
    finding = encode(no_region)
    assert isinstance(finding, Finding)
    assert finding.check == "translate"
    assert finding.message.startswith("request: ")
    assert finding.path.startswith("settings.")
