"""The bedrock-invoke adapter under its registry path: its four methods work together end to
end (encode, sign with SigV4, decode the event stream that comes back), and every starter
scenario answered by the simulated InvokeModel API over loopback decodes to exactly the
reply it scripted, in both modes, with every stream passing the harness's stream checks."""

from __future__ import annotations

import base64
import importlib
import json
from typing import Any

import botocore.credentials
import httpx
import pytest

from adapters.base import Call, TargetSettings
from adapters.bedrock.auth import SigV4Auth
from adapters.bedrock.invoke.adapter import ADAPTER
from harness.simulator.bedrock.eventstream import event_frame
from tests.support.corpus import CorpusCall, corpus_calls
from tests.support.round_trip import assert_round_trip
from tests.support.streams import text_stream

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

SETTINGS = TargetSettings(name="bedrock-invoke", region="us-west-2", base_url="http://127.0.0.1:9")
MODEL = "arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/canary1"


def test_the_registry_path_serves_this_adapter_under_its_name() -> None:
    module = importlib.import_module("adapters.bedrock.invoke.adapter")
    assert module.ADAPTER is ADAPTER
    assert ADAPTER.name == "bedrock-invoke"


def test_a_streamed_call_round_trips() -> None:
    call = Call("messages", {"model": MODEL, "max_tokens": 8, "messages": [], "stream": True})
    wire = ADAPTER.encode_request(call, SETTINGS)
    events = text_stream("canary")
    frame = b"".join(
        event_frame("chunk", json.dumps({"bytes": _b64(event), "p": "abc"}).encode())
        for event in events
    )
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            headers={"content-type": "application/vnd.amazon.eventstream"},
            content=iter([frame[:11], frame[11:]]),
        )

    credentials = botocore.credentials.Credentials("AKIACANARY", "canary-secret")
    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        request = client.build_request(
            wire.method, wire.url, headers=wire.headers, content=wire.body
        )
        response = client.send(request, auth=SigV4Auth(credentials, "us-west-2"), stream=True)
        try:
            result = ADAPTER.decode_stream(call, response.iter_raw(5))
        finally:
            response.close()

    assert seen[0].url.raw_path == (
        b"/model/arn:aws:bedrock:us-west-2:123456789012:application-inference-profile%2Fcanary1"
        b"/invoke-with-response-stream"
    )
    assert seen[0].headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIACANARY/")
    assert json.loads(seen[0].content)["anthropic_version"] == "bedrock-2023-05-31"
    assert result.events == events
    assert result.problems == []


def _b64(event: dict[str, object]) -> str:
    return base64.b64encode(json.dumps(event).encode()).decode()


@pytest.mark.parametrize("item", corpus_calls("bedrock-invoke"), ids=lambda item: item.case_id)
def test_a_starter_scenario_round_trips_through_invoke_model(
    item: CorpusCall, bedrock_round_trip: Any
) -> None:
    assert_round_trip(item, lambda: bedrock_round_trip(ADAPTER, item.call, item.scenario.id))
