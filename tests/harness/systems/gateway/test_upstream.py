"""Judging what a gateway sent upstream against the reference translator's request."""

from __future__ import annotations

import json

from adapters.base import WireRequest
from harness.outcome import Outcome
from harness.systems.gateway.upstream import Upstream, judge, refusal

BODY = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 64, "messages": []}
REFERENCE = WireRequest(
    "POST",
    "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-x-v1:0/invoke",
    {"content-type": "application/json"},
    json.dumps(BODY).encode(),
)


def sent(
    body: object, path: str = "/model/us.anthropic.claude-x-v1%3A0/invoke", **more: object
) -> Upstream:
    raw = body if isinstance(body, bytes) else json.dumps(body, indent=2).encode()
    return Upstream(
        "POST", path, more.pop("headers", {}), raw, int(more.pop("status", 200)), **more
    )  # type: ignore[arg-type]


def test_the_same_request_in_another_spelling_is_no_finding_and_says_what_was_set_aside() -> None:
    reordered = {"messages": [], "max_tokens": 64, "anthropic_version": "bedrock-2023-05-31"}
    judgement = judge("bedrock-invoke", REFERENCE, [sent(reordered)])
    assert judgement.findings == []
    assert "json-key-order" in judgement.applied
    assert judgement.to_dict([sent(reordered)])["requests"] == [
        {
            "method": "POST",
            "path": "/model/us.anthropic.claude-x-v1%3A0/invoke",
            "status": 200,
            "rejection": None,
        }
    ]


def test_dropped_added_and_changed_fields_are_findings_at_their_path() -> None:
    body = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 32, "top_k": 5}
    found = judge("bedrock-invoke", REFERENCE, [sent(body)]).findings
    by_path = {f.path: f for f in found}
    assert set(by_path) == {
        "upstream.body.messages",
        "upstream.body.max_tokens",
        "upstream.body.top_k",
    }
    assert "dropped" in by_path["upstream.body.messages"].message
    assert "added" in by_path["upstream.body.top_k"].message
    assert by_path["upstream.body.max_tokens"].expected == 64
    assert by_path["upstream.body.max_tokens"].actual == 32
    assert all(f.check == "upstream" for f in found)


def test_no_request_and_several_requests_are_findings() -> None:
    [none] = judge("bedrock-invoke", REFERENCE, []).findings
    assert none.message == "the gateway sent no request to the bedrock-invoke backend"
    twice = judge("bedrock-invoke", REFERENCE, [sent(BODY), sent(BODY)]).findings
    assert [f.message for f in twice] == [
        "the gateway sent 2 requests to the bedrock-invoke backend for one client request "
        "(a retry, or a request split in several)"
    ]


def test_a_rejected_request_is_a_finding_only_when_it_differs_from_the_reference() -> None:
    same = sent(BODY, status=400, rejection="messages: at least one message is required")
    assert judge("bedrock-invoke", REFERENCE, [same]).findings == []
    other = sent({**BODY, "max_tokens": "64"}, status=400, rejection="max_tokens: not an integer")
    messages = [f.message for f in judge("bedrock-invoke", REFERENCE, [other]).findings]
    assert (
        "the bedrock-invoke service would reject this request: max_tokens: not an integer"
        in messages
    )


def test_a_rejection_the_reference_request_got_too_is_not_the_gateways() -> None:
    # the scenario's conversation is one the service refuses whoever sends it; the gateway
    # also changed a field, but that is not why it was refused
    text = "messages: at least one message is required"
    changed = sent(
        {**BODY, "top_k": 5}, status=400, rejection=f"refused as the service would (400): {text}"
    )
    judged = judge("bedrock-invoke", REFERENCE, [changed], (400, text))
    assert [f.path for f in judged.findings] == ["upstream.body.top_k"]
    otherwise = judge("bedrock-invoke", REFERENCE, [changed], (400, "another refusal"))
    assert [f.path for f in otherwise.findings] == ["upstream", "upstream.body.top_k"]


def test_the_reference_refusal_is_read_from_an_error_outcome_only() -> None:
    error = {"type": "error", "error": {"type": "invalid_request_error", "message": "no"}}
    assert refusal(Outcome(400, error)) == (400, "no")
    assert refusal(Outcome(200, {"type": "message", "content": []})) is None
    assert refusal(Outcome(200, events=[])) is None
    assert refusal(None) is None


def test_versions_and_betas_are_compared_as_the_service_reads_them() -> None:
    reference = WireRequest(
        "POST",
        "https://api.anthropic.com/v1/messages",
        {"anthropic-version": "2023-06-01", "anthropic-beta": "a-1,b-2"},
        json.dumps({"model": "m", "max_tokens": 1, "messages": []}).encode(),
    )
    body = {"model": "m", "max_tokens": 1, "messages": []}
    same = sent(
        body,
        path="/v1/messages",
        headers={"Anthropic-Version": "2023-06-01", "anthropic-beta": "b-2, a-1"},
    )
    assert judge("anthropic", reference, [same]).findings == []
    lost = sent(body, path="/v1/messages", headers={"anthropic-version": "2023-06-01"})
    [finding] = judge("anthropic", reference, [lost]).findings
    assert finding.path == "upstream.headers.anthropic-beta"
    assert finding.expected == ["a-1", "b-2"] and finding.actual == []


def test_vertex_betas_are_judged_in_the_header_and_its_version_in_the_body() -> None:
    path = "/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-x:rawPredict"
    body = {"anthropic_version": "vertex-2023-10-16", "max_tokens": 1, "messages": []}
    reference = WireRequest(
        "POST",
        f"https://us-east5-aiplatform.googleapis.com{path}",
        {"anthropic-beta": "a-1,b-2"},
        json.dumps(body).encode(),
    )
    same = sent(body, path=path, headers={"anthropic-beta": "a-1,b-2", "anthropic-version": "x"})
    assert judge("vertex", reference, [same]).findings == []
    [finding] = judge("vertex", reference, [sent(body, path=path)]).findings
    assert finding.path == "upstream.headers.anthropic-beta"
    assert finding.expected == ["a-1", "b-2"] and finding.actual == []


def test_user_profile_and_workspace_headers_are_judged_where_the_reference_sends_them() -> None:
    body = {"model": "m", "max_tokens": 1, "messages": []}
    ids = {"anthropic-user-profile-id": "uprof_01A", "anthropic-workspace-id": "wrkspc_01B"}
    reference = WireRequest(
        "POST",
        "https://api.anthropic.com/v1/messages",
        {"anthropic-version": "2023-06-01", **ids},
        json.dumps(body).encode(),
    )
    version = {"anthropic-version": "2023-06-01"}
    same = sent(body, path="/v1/messages", headers={**version, **ids})
    assert judge("anthropic", reference, [same]).findings == []
    lost = sent(body, path="/v1/messages", headers=version)
    found = judge("anthropic", reference, [lost]).findings
    assert sorted((f.path, f.expected, f.actual) for f in found) == [
        ("upstream.headers.anthropic-user-profile-id", "uprof_01A", None),
        ("upstream.headers.anthropic-workspace-id", "wrkspc_01B", None),
    ]
