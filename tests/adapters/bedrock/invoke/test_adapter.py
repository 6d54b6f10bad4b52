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

from adapters.base import Call, TargetSettings, TranslationError
from adapters.bedrock.auth import SigV4Auth
from adapters.bedrock.invoke.adapter import ADAPTER
from harness.checks import check_stream
from harness.protocol.fold import fold_events
from harness.simulator.eventstream import event_frame
from tests.support.corpus import CorpusCall, corpus_calls

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
    stop = base64.b64encode(b'{"type":"message_stop"}').decode()
    frame = event_frame("chunk", json.dumps({"bytes": stop, "p": "abc"}).encode())
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
    assert result.events == [{"type": "message_stop"}]
    assert result.problems == []


def _received(message: dict[str, Any], reply: dict[str, Any]) -> dict[str, Any]:
    return {
        "content": message["content"],
        "stop_reason": message["stop_reason"],
        "stop_sequence": message["stop_sequence"],
        "usage": {key: message["usage"].get(key) for key in reply["usage"]},
    }


@pytest.mark.parametrize("item", corpus_calls("bedrock-invoke"), ids=lambda item: item.case_id)
def test_a_starter_scenario_round_trips_through_invoke_model(
    item: CorpusCall, bedrock_round_trip: Any
) -> None:
    scenario, call, scenario_id = item.scenario, item.call, item.scenario.id
    if item.refusal is not None:
        with pytest.raises(TranslationError) as caught:
            bedrock_round_trip(ADAPTER, call, scenario_id)
        assert caught.value.path.startswith(item.refusal.field)
        return

    outcome = bedrock_round_trip(ADAPTER, call, scenario_id)

    reply = scenario.reply
    scripted = {
        "content": reply.get("content"),
        "stop_reason": reply.get("stop_reason"),
        "stop_sequence": reply.get("stop_sequence"),
        "usage": reply.get("usage"),
    }
    if "error" in reply:
        assert outcome["status"] == reply["error"]["status"]
        assert outcome["body"]["error"]["type"] == reply["error"]["type"]
    elif "events" not in outcome:
        assert outcome["status"] == 200
        assert _received(outcome["body"], reply) == scripted
    else:
        assert outcome["problems"] == []
        assert check_stream(outcome["events"], outcome["names"]) == []
        folded = fold_events(outcome["events"])
        if "stream_error" in reply:
            assert folded.error is not None
            assert folded.error["type"] == reply["stream_error"]["type"]
        else:
            assert folded.message is not None
            assert _received(folded.message, reply) == scripted
