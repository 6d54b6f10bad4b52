"""The official SDKs as request oracles for the Bedrock adapters.

`sdk_bedrock_requests(sdk, calls)` runs each call through the named client of the 0.125 SDK
(httpx) or the 2.12 SDK (httpx2, from ``.venv/sdk2``) in a subprocess, with a MockTransport
that records the request and answers a minimal valid reply: JSON, an SSE stream for the
native client, or an AWS event stream for ``invoke-with-response-stream``. One subprocess
runs a whole batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.support.sdk_oracle import Sdk, run_driver

SdkBedrockRequests = Callable[[Sdk, list[dict[str, Any]]], list[dict[str, Any]]]


def _run(sdk: Sdk, calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return run_driver(sdk, calls, hide_env=("ANTHROPIC_", "AWS_"))


@pytest.fixture(scope="session")
def sdk_bedrock_requests() -> SdkBedrockRequests:
    """``sdk_bedrock_requests(sdk, calls)``: the requests the official SDK sends."""
    return _run


# -- the starter scenarios through the simulated Bedrock ---------------------------------

SCENARIO_HEADER = "x-parity-scenario"
Outcome = dict[str, Any]
RoundTrip = Callable[[Any, Any, str], Outcome]


@pytest.fixture(scope="session")
def starter_scenarios() -> dict[str, Any]:
    """The starter scenarios that load, by id."""
    from tests.support.corpus import shipped_scenarios

    return {s.id: s for s in shipped_scenarios()}


@pytest.fixture(scope="session")
def bedrock_round_trip(starter_scenarios: dict[str, Any]) -> Iterator[RoundTrip]:
    """``round_trip(adapter, call, scenario_id)``: encode ``call``, send it to a loopback
    simulator serving both Bedrock APIs (which answers the scenario's reply), and decode the
    answer: ``{"status", "body"}`` or ``{"status", "events", "names", "problems"}``."""
    import httpx

    from adapters.base import TargetSettings, WireResponse
    from harness.simulator import Backend, Rejection, Script, SimRequest
    from harness.simulator.bedrock_converse import BedrockConverseBackend
    from harness.simulator.bedrock_invoke import BedrockInvokeBackend
    from harness.simulator.server import SimulatorServer

    def resolve(target: str, request: SimRequest) -> Script | Rejection:
        scenario = starter_scenarios.get(request.headers.get(SCENARIO_HEADER, ""))
        if scenario is None:
            return Rejection(404, "no such scenario")
        return Script(scenario.id, scenario.reply)

    backends: list[Backend] = [BedrockInvokeBackend(), BedrockConverseBackend()]
    with SimulatorServer(resolve, backends=backends, max_requests=2000) as sim:

        def round_trip(adapter: Any, call: Any, scenario_id: str) -> Outcome:
            settings = TargetSettings(adapter.name, region="us-east-1", base_url=sim.base_url)
            wire = adapter.encode_request(call, settings)
            headers = {**wire.headers, SCENARIO_HEADER: scenario_id}
            with httpx.Client(timeout=10.0) as client:
                response = client.post(wire.url, headers=headers, content=wire.body)
            kind = response.headers.get("content-type", "")
            if response.status_code == 200 and "eventstream" in kind:
                result = adapter.decode_stream(call, [response.content])
                return {
                    "status": 200,
                    "events": result.events,
                    "names": result.names,
                    "problems": result.problems,
                }
            lowered = {k.lower(): v for k, v in response.headers.items()}
            translated = adapter.decode_response(
                call, WireResponse(response.status_code, lowered, response.content)
            )
            return {"status": translated.status, "body": translated.body}

        yield round_trip
