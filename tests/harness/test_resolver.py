"""`parity serve` placing requests: a scenario named by header, or the one whose reference
wire request a request is canonically; anything else gets a neutral 400 in the backend's own
shape, and the journal says why, naming the closest scenario and every difference."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import anthropic
import httpx
import pytest

from adapters.base import WireRequest
from harness import registry
from harness.cases import Case
from harness.resolver import ScenarioResolver
from harness.session import Project
from harness.simulator import NEUTRAL_MESSAGE
from harness.simulator.server import SimulatorServer
from harness.transport import SCENARIO_HEADER
from tests.support.corpus import PROJECT as CORPUS

# Words a gateway reads as rate limiting, overload, credentials, signatures or a retry.
ALARMING = re.compile(
    r"rate|limit|quota|throttl|overload|capacity|auth|key|token|credential|signature|expired"
    r"|retry|timeout",
    re.IGNORECASE,
)


@pytest.fixture
def server(project: Project) -> Iterator[SimulatorServer]:
    resolver = ScenarioResolver(project.valid_scenarios(), project.config())
    with SimulatorServer(resolver) as server:
        yield server


def wire(project: Project, target: str, scenario: str = "basic/hello") -> WireRequest:
    """The reference translator's wire request for a scenario's json case on a target."""
    config = project.config()
    case = Case(next(s for s in project.valid_scenarios() if s.id == scenario), target, "json")
    return registry.adapter(target).encode_request(case.call(config), case.settings(config))


def send(server: SimulatorServer, request: WireRequest, body: bytes) -> httpx.Response:
    parts = urlsplit(request.url)
    url = f"{server.base_url}{parts.path}" + (f"?{parts.query}" if parts.query else "")
    return httpx.post(url, content=body, headers=request.headers, timeout=10)


def test_the_native_sdk_gets_the_matching_scenarios_reply(server: SimulatorServer) -> None:
    client = anthropic.Anthropic(base_url=server.base_url, api_key="canary-key", max_retries=0)
    message = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=64,
        messages=[{"role": "user", "content": "Say hello"}],
    )
    assert message.content[0].type == "text"
    assert message.content[0].text == "Hello! How can I help you today?"
    (record,) = server.journal.records()
    assert (record.target, record.scenario, record.status) == ("anthropic", "basic/hello", 200)


def test_the_vertex_sdk_streams_the_matching_scenario(server: SimulatorServer) -> None:
    client = anthropic.AnthropicVertex(
        base_url=f"{server.base_url}/v1",
        region="us-east5",
        project_id="parity-simulated",
        access_token="canary-token",
        max_retries=0,
    )
    with client.messages.stream(
        model="claude-sonnet-4-6",
        max_tokens=256,
        tools=[
            {
                "name": "get_weather",
                "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
            }
        ],
        messages=[{"role": "user", "content": "Weather in Paris?"}],
    ) as stream:
        final = stream.get_final_message()
    assert final.stop_reason == "tool_use"
    assert final.content[1].type == "tool_use"
    assert final.content[1].input == {"city": "Paris", "unit": "celsius"}


def test_a_request_that_differs_only_canonically_is_placed(
    project: Project, server: SimulatorServer
) -> None:
    reference = wire(project, "vertex")
    body = json.loads(reference.body or b"")
    body["stream"] = False
    body["messages"][0]["content"] = [{"type": "text", "text": "Say hello"}]
    shuffled = dict(reversed(list(body.items())))
    quoted = reference.url.replace(":rawPredict", "%3ArawPredict")
    response = send(server, WireRequest(reference.method, quoted, reference.headers, b""), b"")
    assert response.status_code == 400  # an empty body is refused as Vertex refuses it
    response = send(
        server,
        WireRequest(reference.method, quoted, reference.headers, None),
        json.dumps(shuffled, indent=2).encode(),
    )
    assert response.status_code == 200
    assert response.json()["content"][0]["text"] == "Hello! How can I help you today?"
    assert server.journal.records()[-1].scenario == "basic/hello"


@pytest.mark.parametrize("target", registry.targets())
def test_an_unplaced_request_gets_a_neutral_400_in_the_backends_shape(
    project: Project, server: SimulatorServer, target: str
) -> None:
    reference = wire(project, target)
    other = (reference.body or b"").replace(b"Say hello", b"Say goodbye")
    response = send(server, reference, other)
    assert response.status_code == 400
    assert NEUTRAL_MESSAGE in response.text
    assert not ALARMING.search(response.text), response.text
    assert "hello" not in response.text.replace("goodbye", "")  # no scenario named
    (record,) = server.journal.records()
    assert record.target == target and record.scenario is None
    assert record.resolution.closest == "basic/hello"
    assert [d.kind for d in record.resolution.differences] == ["changed"]
    assert record.resolution.differences[0].actual == "Say goodbye"
    assert (
        record.resolution.reason
        == "no scenario matches; the closest is 'basic/hello' (1 difference)"
    )


def test_an_unknown_scenario_header_is_neutral_too(
    project: Project, server: SimulatorServer
) -> None:
    reference = wire(project, "anthropic")
    named = WireRequest(
        reference.method, reference.url, {**reference.headers, SCENARIO_HEADER: "no/such"}, None
    )
    response = send(server, named, reference.body or b"")
    assert response.status_code == 400
    assert response.json()["error"] == {"type": "invalid_request_error", "message": NEUTRAL_MESSAGE}
    assert server.journal.records()[-1].resolution.reason == (
        "x-parity-scenario names no known scenario: 'no/such'"
    )


def test_bedrock_count_tokens_is_placed_by_the_request_it_wraps() -> None:
    """Without a scenario header, a CountTokens request is placed by the InvokeModel body it
    wraps (under the foundation model it counts for)."""
    counted = [s for s in CORPUS.valid_scenarios() if s.id == "tokens/count-messages"]
    resolver = ScenarioResolver(counted, CORPUS.config())
    with SimulatorServer(resolver) as server:
        counting = wire(CORPUS, "bedrock-invoke", "tokens/count-messages")
        response = send(server, counting, counting.body or b"")
        assert response.json() == {"inputTokens": counted[0].reply["input_tokens"]}
        assert server.journal.records()[-1].scenario == "tokens/count-messages"
        assert "/model/anthropic." in urlsplit(counting.url).path


def test_a_conversation_counted_under_its_foundation_model_is_placed_by_its_scenario(
    project: Project, server: SimulatorServer
) -> None:
    invoke = wire(project, "bedrock-invoke")
    body = {"input": {"invokeModel": {"body": base64.b64encode(invoke.body or b"").decode()}}}
    # counted under the foundation model the scenario's cross-region profile runs on
    url = re.sub(r"/model/[a-z-]+\.anthropic\.", "/model/anthropic.", invoke.url)
    assert url != invoke.url
    counting = WireRequest("POST", url.replace("/invoke", "/count-tokens"), invoke.headers, None)
    response = send(server, counting, json.dumps(body).encode())
    assert response.json() == {"inputTokens": 10}  # basic/hello's input usage
    assert server.journal.records()[-1].scenario == "basic/hello"


def test_bedrock_count_tokens_for_an_inference_profile_is_refused_as_bedrock_does(
    project: Project, server: SimulatorServer
) -> None:
    invoke = wire(project, "bedrock-invoke")  # a cross-region inference profile id
    body = {"input": {"invokeModel": {"body": base64.b64encode(invoke.body or b"").decode()}}}
    counting = WireRequest(
        "POST", invoke.url.replace("/invoke", "/count-tokens"), invoke.headers, None
    )
    response = send(server, counting, json.dumps(body).encode())
    assert response.status_code == 400
    assert response.json() == {"message": "The provided model doesn't support counting tokens."}
