"""How the simulator answers a real client: the scenario is recognised by its marker in any
wire form, the turn by the assistant turns so far, and side requests get a neutral answer.
The last tests drive the simulator over HTTP with the official SDKs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import anthropic
import openai
import pytest

from harness.clients.conversation import (
    NEUTRAL_REPLY,
    SIDE_REQUEST,
    ClientResolver,
    assistant_turns,
)
from harness.clients.scenario import ClientScenario, load_client_scenarios
from harness.simulator import Script, SimRequest, Unplaced
from harness.simulator.server import SimulatorServer

ROOT = Path(__file__).resolve().parents[3]
MARK = "[parity:client/tool-round-trip]"


@pytest.fixture(scope="module")
def scenarios() -> list[ClientScenario]:
    return load_client_scenarios(ROOT / "fixtures" / "clients", ROOT)


@pytest.fixture(scope="module")
def resolver(scenarios: list[ClientScenario]) -> ClientResolver:
    return ClientResolver(scenarios)


def post(path: str, body: dict[str, object]) -> SimRequest:
    return SimRequest("POST", path, "", {}, json.dumps(body).encode())


ANTHROPIC_FIRST = {"messages": [{"role": "user", "content": [{"type": "text", "text": MARK}]}]}
ANTHROPIC_SECOND = {
    "messages": [
        {"role": "user", "content": [{"type": "text", "text": f"<reminder/> {MARK} go"}]},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "Bash"}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "x"}]},
    ]
}
CONVERSE_SECOND = {
    "messages": [
        {"role": "user", "content": [{"text": MARK}]},
        {"role": "assistant", "content": [{"toolUse": {"toolUseId": "t", "name": "Bash"}}]},
        {"role": "user", "content": [{"toolResult": {"toolUseId": "t", "content": []}}]},
    ]
}
OPENAI_SECOND = {
    "messages": [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": MARK},
        {"role": "assistant", "tool_calls": [{"id": "t", "type": "function"}]},
        {"role": "tool", "tool_call_id": "t", "content": "x"},
    ]
}


@pytest.mark.parametrize(
    ("body", "turn"),
    [(ANTHROPIC_FIRST, 1), (ANTHROPIC_SECOND, 2), (CONVERSE_SECOND, 2), (OPENAI_SECOND, 2)],
)
def test_the_turn_is_told_by_the_assistant_turns_so_far(
    resolver: ClientResolver, scenarios: list[ClientScenario], body: dict[str, object], turn: int
) -> None:
    answer = resolver("any", post("/v1/messages", body))
    scenario = next(s for s in scenarios if s.id == "client/tool-round-trip")
    assert answer == Script(f"client/tool-round-trip/turn-{turn}", scenario.turns[turn - 1])


def test_a_conversation_past_the_script_is_unplaced_with_the_reason(
    resolver: ClientResolver,
) -> None:
    messages = ANTHROPIC_SECOND["messages"] * 2
    answer = resolver("anthropic", post("/v1/messages", {"messages": messages}))
    assert isinstance(answer, Unplaced)
    assert answer.status == 400
    assert "already holds 2 model turns; the script has 2" in answer.reason


def test_a_request_without_a_marker_is_a_side_request_answered_neutrally(
    resolver: ClientResolver,
) -> None:
    body = {"messages": [{"role": "user", "content": "Write a title for this chat"}]}
    assert resolver("vertex", post("/v1/messages", body)) == Script(SIDE_REQUEST, NEUTRAL_REPLY)


def test_a_token_count_is_a_side_request_answered_with_a_count(resolver: ClientResolver) -> None:
    answer = resolver("anthropic", post("/v1/messages/count_tokens", ANTHROPIC_FIRST))
    assert isinstance(answer, Script)
    assert answer.scenario_id == SIDE_REQUEST
    assert answer.reply == {"input_tokens": 8}


def test_assistant_turns_ignore_what_is_not_a_conversation() -> None:
    assert assistant_turns(None) == 0
    assert assistant_turns([{"role": "assistant"}, "assistant", {"role": "user"}]) == 1


@pytest.fixture(scope="module")
def simulator(resolver: ClientResolver) -> Iterator[str]:
    with SimulatorServer(resolver) as server:
        yield server.base_url


def test_the_anthropic_sdk_gets_the_scripted_tool_call_then_the_final_answer(
    simulator: str,
) -> None:
    client = anthropic.Anthropic(base_url=simulator, api_key="k", max_retries=0)
    user = {"role": "user", "content": f"{MARK} show the file"}
    first = client.messages.create(model="m", max_tokens=64, messages=[user])  # type: ignore[list-item]
    call = first.content[1]
    assert call.type == "tool_use"
    assert call.input == {"command": "cat inventory.txt", "description": "Show inventory.txt"}
    result = {"type": "tool_result", "tool_use_id": call.id, "content": "line"}
    with client.messages.stream(
        model="m",
        max_tokens=64,
        messages=[
            user,
            {"role": "assistant", "content": first.content},
            {"role": "user", "content": [result]},
        ],  # type: ignore[list-item]
    ) as stream:
        final = stream.get_final_message()
    assert final.content[0].type == "text"
    assert final.content[0].text.startswith("The first line is: parity-canary-4817")


def test_the_openai_sdk_gets_the_scripted_turn_as_a_tool_call(simulator: str) -> None:
    client = openai.OpenAI(base_url=f"{simulator}/v1", api_key="k", max_retries=0)
    completion = client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": f"{MARK} show the file"}]
    )
    calls = completion.choices[0].message.tool_calls or []
    assert completion.choices[0].finish_reason == "tool_calls"
    assert [c.function.name for c in calls] == ["Bash"]  # type: ignore[union-attr]


def test_a_turns_first_attempts_get_its_retry_answers_then_the_turn(
    scenarios: list[ClientScenario],
) -> None:
    resolver = ClientResolver(scenarios)
    mark = "[parity:client/sdk-retry-429]"
    first = post("/v1/messages", {"messages": [{"role": "user", "content": mark}]})
    answers = [resolver("anthropic", first) for _ in range(3)]
    assert [a.scenario_id for a in answers if isinstance(a, Script)] == [
        "client/sdk-retry-429/turn-1/attempt-1",
        "client/sdk-retry-429/turn-1",
        "client/sdk-retry-429/turn-1",
    ]
    assert isinstance(answers[0], Script) and answers[0].reply["error"]["status"] == 429
    resolver.reset()
    again = resolver("anthropic", first)
    assert isinstance(again, Script)
    assert again.scenario_id == "client/sdk-retry-429/turn-1/attempt-1"


def test_a_marked_count_tokens_request_gets_the_scenarios_count(
    scenarios: list[ClientScenario],
) -> None:
    resolver = ClientResolver(scenarios)
    mark = "[parity:client/sdk-count-tokens]"
    body = {"messages": [{"role": "user", "content": mark}]}
    answer = resolver("anthropic", post("/v1/messages/count_tokens", body))
    assert answer == Script("client/sdk-count-tokens/count-tokens", {"input_tokens": 321})
    unmarked = resolver("anthropic", post("/v1/messages/count_tokens", {"messages": []}))
    assert unmarked == Script(SIDE_REQUEST, {"input_tokens": 8})


def test_a_responses_input_is_the_conversation_and_its_calls_are_model_turns(
    scenarios: list[ClientScenario],
) -> None:
    resolver = ClientResolver(scenarios)
    first = [{"role": "user", "content": [{"type": "input_text", "text": MARK}]}]
    answer = resolver("openai-responses", post("/v1/responses", {"input": first}))
    assert isinstance(answer, Script)
    assert answer.scenario_id == "client/tool-round-trip/turn-1"
    call = {"type": "function_call", "call_id": "c", "name": "Bash", "arguments": "{}"}
    said = {"type": "message", "role": "assistant", "content": []}
    output = {"type": "function_call_output", "call_id": "c", "output": "x"}
    second = [*first, said, call, output]
    assert assistant_turns(second) == 1
    answer = resolver("openai-responses", post("/v1/responses", {"input": second}))
    assert isinstance(answer, Script)
    assert answer.scenario_id == "client/tool-round-trip/turn-2"
    assert assistant_turns([*second, call, output]) == 2
