"""The official ``openai`` SDK, pointed at the simulator, parses everything it sends for the
whole corpus, in both modes: the reference translator's request for each scenario is sent
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
from tests.support.corpus import shipped_scenarios

FINAL = {"response.completed", "response.incomplete", "error"}


def corpus() -> list[Any]:
    return [
        pytest.param(s, mode, id=f"{s.id}-{mode}")
        for s in shipped_scenarios()
        if s.front == "anthropic"
        for mode in s.modes
    ]


@pytest.mark.parametrize(("scenario", "mode"), corpus())
def test_the_sdk_parses_the_answer_to_every_scenario(
    client: openai.OpenAI, scenario: Any, mode: str
) -> None:
    body = dict(scenario.request, model="gpt-5", **({"stream": True} if mode == "stream" else {}))
    try:
        wire = encode_request(Call(scenario.endpoint, body), TargetSettings("openai-responses"))
    except TranslationError:
        pytest.skip("the translator refuses this request")
    sent = wire.json()
    headers = {SCENARIO_HEADER: scenario.id}
    error = scenario.reply.get("error")
    if error is not None:
        with pytest.raises(openai.APIStatusError) as caught:
            client.responses.create(**sent, extra_headers=headers)
        assert caught.value.status_code >= 400
        return
    if scenario.endpoint == "count_tokens":
        counted = client.responses.input_tokens.count(**sent, extra_headers=headers)
        assert counted.input_tokens == scenario.reply["input_tokens"]
        return
    if mode == "json":
        result = client.responses.create(**sent, extra_headers=headers)
        assert isinstance(result, Response)
        assert len(result.output) == len(scenario.reply["content"])
        return
    with client.responses.create(**sent, extra_headers=headers) as stream:
        events: list[ResponseStreamEvent] = list(stream)
    assert events[0].type == "response.created"
    assert events[-1].type in FINAL
    assert [e.sequence_number for e in events] == list(range(len(events)))


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
