"""The null gateway is the control: for every case, what its client receives is exactly the
outcome the reference mode decodes from the same backend."""

from __future__ import annotations

from typing import Any

import httpx

from adapters.base import WireResponse
from adapters.protocol.sse import decode_stream
from harness import registry
from harness.cases import Case, expand
from harness.scenarios import Scenario
from harness.stages.decode import decode
from harness.targets import TargetsConfig
from harness.transport import RoutingTransport


def reference_outcome(case: Case, config: TargetsConfig, simulator_url: str) -> dict[str, Any]:
    """The reference mode's outcome: the adapter's wire request sent straight to the
    simulator, its answer through the decode stage."""
    adapter, call = registry.adapter(case.target), case.call(config)
    wire = adapter.encode_request(call, case.settings(config))
    with httpx.Client(transport=RoutingTransport(redirect_to=simulator_url)) as direct:
        got = direct.request(wire.method, wire.url, headers=wire.headers, content=wire.body)
    headers = {k.lower(): v for k, v in got.headers.items()}
    outcome = decode(adapter, call, WireResponse(got.status_code, headers, got.content)).outcome
    assert outcome is not None
    return outcome.to_dict()


def gateway_outcome(case: Case, config: TargetsConfig, gateway: str) -> dict[str, Any]:
    """What a client of the gateway receives for the case's request."""
    call = case.call(config)
    body = {**case.front_request(), "model": f"{case.target}/{case.scenario.request['model']}"}
    headers = {"x-api-key": "k", "anthropic-version": call.api_version}
    if call.betas:
        headers["anthropic-beta"] = ",".join(call.betas)
    path = "/v1/messages/count_tokens" if call.endpoint == "count_tokens" else "/v1/messages"
    got = httpx.post(f"{gateway}{path}", json=body, headers=headers)
    if got.headers["content-type"].startswith("text/event-stream"):
        return {
            "status": got.status_code,
            "events": [e.json() for e in decode_stream([got.content])],
        }
    return {"status": got.status_code, "body": got.json()}


def test_every_case_reaches_the_client_as_the_reference_mode_decodes_it(
    scenarios: list[Scenario], targets_config: TargetsConfig, simulator_url: str, gateway: str
) -> None:
    compared = 0
    for case in expand(list(scenarios)):
        assert isinstance(case.scenario, Scenario)
        if case.scenario.endpoint == "count_tokens" and case.target not in (
            "anthropic",
            "vertex",
            "openai-responses",
        ):
            continue
        want = reference_outcome(case, targets_config, simulator_url)
        assert gateway_outcome(case, targets_config, gateway) == want, case.id
        compared += 1
    assert compared == 57
