"""The official ``openai`` SDK, pointed at the simulator, parses everything it sends for the
whole corpus, in both modes: the reference translator's request for each case is sent
with ``client.responses.create`` (and ``stream=True``) or ``client.responses.input_tokens
.count``; a scripted failure is the SDK's own status error."""

from __future__ import annotations

from typing import Any

import openai
import pytest
from openai.types.responses import Response, ResponseStreamEvent

from adapters.base import Call, TargetSettings, TranslationError
from adapters.openai_responses.request import encode_request
from tests.harness.simulator.openai_responses.support import SCENARIO_HEADER
from tests.support.corpus import CorpusCall, corpus_calls, shipped_scenarios

FINAL = {"response.completed", "response.incomplete", "error"}


def corpus() -> list[Any]:
    return [pytest.param(c, id=c.case_id) for c in corpus_calls("openai-responses")]


def counting() -> list[Any]:
    return [pytest.param(s, id=s.id) for s in shipped_scenarios() if s.endpoint == "count_tokens"]


def wire_body(call: Call) -> dict[str, Any]:
    try:
        wire = encode_request(call, TargetSettings("openai-responses"))
    except TranslationError:
        pytest.skip("the translator refuses this request")
    body: dict[str, Any] = wire.json()
    return body


@pytest.mark.parametrize("case", corpus())
def test_the_sdk_parses_the_answer_to_every_case(client: openai.OpenAI, case: CorpusCall) -> None:
    sent = wire_body(case.call)
    headers = {SCENARIO_HEADER: case.scenario.id}
    reply = case.scenario.reply
    if reply.get("error") is not None:
        with pytest.raises(openai.APIStatusError) as caught:
            client.responses.create(**sent, extra_headers=headers)
        assert caught.value.status_code >= 400
        return
    if case.mode == "json":
        result = client.responses.create(**sent, extra_headers=headers)
        assert isinstance(result, Response)
        assert len(result.output) == len(reply["content"])
        return
    with client.responses.create(**sent, extra_headers=headers) as stream:
        events: list[ResponseStreamEvent] = list(stream)
    assert events[0].type == "response.created"
    assert events[-1].type in FINAL
    assert [e.sequence_number for e in events] == list(range(len(events)))


@pytest.mark.parametrize("scenario", counting())
def test_the_sdk_reads_every_input_token_count(client: openai.OpenAI, scenario: Any) -> None:
    sent = wire_body(Call("count_tokens", dict(scenario.request, model="gpt-5")))
    headers = {SCENARIO_HEADER: scenario.id}
    counted = client.responses.input_tokens.count(**sent, extra_headers=headers)
    assert counted.input_tokens == scenario.reply["input_tokens"]


def test_the_stream_helper_accumulates_the_final_response(client: openai.OpenAI) -> None:
    headers = {SCENARIO_HEADER: "thinking-call"}
    prompt: Any = [{"type": "message", "role": "user", "content": "Time in Tokyo?"}]
    with client.responses.stream(
        model="gpt-5",
        input=prompt,
        reasoning={"effort": "low", "summary": "auto"},
        include=["reasoning.encrypted_content"],
        store=False,
        extra_headers=headers,
    ) as stream:
        final = stream.get_final_response()
    kinds = [item.type for item in final.output]
    assert kinds == ["reasoning", "message", "function_call"]
    assert final.output_text == "Checking."
    reasoning = final.output[0]
    assert reasoning.type == "reasoning" and reasoning.encrypted_content == "EqCanary=="
