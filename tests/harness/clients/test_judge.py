"""Judging a client run: the client's end result, the files and tool results, the requests it
sent, the answers it got, and what reached the backend against the reference translator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import anthropic
import pytest

from harness.clients import judge
from harness.clients.claude_code import ClientRun
from harness.clients.conversation import ClientResolver
from harness.clients.scenario import ClientScenario, load_client_scenarios
from harness.clients.tap import Exchange, Tap
from harness.gateway import GatewayConfig, NullGateway, build_config
from harness.simulator.server import SimulatorServer
from harness.targets import TargetsConfig, load_targets

ROOT = Path(__file__).resolve().parents[3]
FINAL = "The first line is: parity-canary-4817: seven lanterns, two maps"


@pytest.fixture(scope="module")
def scenarios() -> dict[str, ClientScenario]:
    return {s.id: s for s in load_client_scenarios(ROOT / "fixtures" / "clients", ROOT)}


@pytest.fixture(scope="module")
def round_trip(scenarios: dict[str, ClientScenario]) -> ClientScenario:
    return scenarios["client/tool-round-trip"]


def run_with(result: dict[str, object] | None, status: int | None = 0) -> ClientRun:
    messages = [] if result is None else [{"type": "result", **result}]
    return ClientRun(status, "", "boom\nlast words", 1.0, messages)


def test_a_client_that_printed_the_scripted_answer_has_no_finding(
    round_trip: ClientScenario,
) -> None:
    assert judge.client_findings(round_trip, run_with({"result": FINAL})) == []


@pytest.mark.parametrize(
    ("run", "message"),
    [
        (run_with(None, None), "the client did not finish in time"),
        (run_with({"result": FINAL}, 1), "the client failed: last words"),
        (run_with({"is_error": True, "result": "API Error: 400"}), "reported an error: API"),
        (run_with({"result": "something else"}), "not the scripted final answer"),
        (run_with(None), "the client printed no result"),
    ],
)
def test_what_went_wrong_with_the_client_is_said(
    round_trip: ClientScenario, run: ClientRun, message: str
) -> None:
    findings = judge.client_findings(round_trip, run)
    assert any(message in f.message for f in findings)
    assert {f.check for f in findings} == {"client"}


def test_a_missing_or_different_file_is_a_tool_finding(
    scenarios: dict[str, ClientScenario], tmp_path: Path
) -> None:
    scenario = scenarios["client/write-file"]
    [missing] = judge.file_findings(scenario, tmp_path)
    assert missing.message == "the file greeting.txt is missing"
    (tmp_path / "greeting.txt").write_text("Hello\n", encoding="utf-8")
    [different] = judge.file_findings(scenario, tmp_path)
    assert (different.path, different.actual) == ("files.greeting.txt", "Hello\n")
    (tmp_path / "greeting.txt").write_text(scenario.expect.files["greeting.txt"], "utf-8")
    assert judge.file_findings(scenario, tmp_path) == []


def exchange(number: int, messages: list[dict[str, object]]) -> Exchange:
    body = {"model": "vertex/sonnet", "max_tokens": 64, "messages": messages}
    headers = {"anthropic-version": "2023-06-01", "x-parity-case": f"c/{number}"}
    return Exchange(number, "POST", "/v1/messages", headers, json.dumps(body).encode())


MARKED = {"role": "user", "content": "[parity:client/tool-round-trip] show it"}
CALL = {
    "role": "assistant",
    "content": [{"type": "tool_use", "id": "t1", "name": "Bash", "input": {}}],
}


def test_a_tool_output_never_sent_back_is_a_tool_finding(round_trip: ClientScenario) -> None:
    lost = {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1"}]}
    [finding] = judge.tool_findings(
        round_trip, [exchange(1, [MARKED]), exchange(2, [MARKED, CALL, lost])]
    )
    assert finding.check == "tool"
    assert "did not run, or its result was lost" in finding.message
    sent = {
        "role": "user",
        "content": [
            {
                "type": "tool_result",
                "tool_use_id": "t1",
                "content": "parity-canary-4817: seven lanterns, two maps\n",
            }
        ],
    }
    assert judge.tool_findings(round_trip, [exchange(2, [MARKED, CALL, sent])]) == []


def test_a_retried_turn_and_a_request_off_the_sdk_types_are_conversation_findings(
    round_trip: ClientScenario,
) -> None:
    bad = {"role": "user", "content": [{"type": "tool_result"}]}
    turns = [exchange(1, [MARKED]), exchange(2, [MARKED]), exchange(3, [MARKED, CALL, bad])]
    findings = judge.conversation_findings(round_trip, turns)
    assert [f.check for f in findings] == ["conversation", "request"]
    assert "sent 3 requests in the conversation where the script answers 2" in findings[0].message
    assert findings[1].path == "request[3]"
    assert "content.0.BetaToolResultBlockParam.tool_use_id: Field required" in findings[1].message


def test_an_answer_that_is_not_a_valid_stream_is_an_events_finding() -> None:
    turn = exchange(1, [MARKED])
    turn.status = 200
    turn.response_headers = {"content-type": "text/event-stream"}
    turn.response = b'event: message_stop\ndata: {"type":"message_stop"}\n\n'
    findings = judge.exchange_findings(turn)
    assert findings and {f.check for f in findings} == {"events"}
    turn.status, turn.response = 400, b'{"type":"error","error":{"type":"x","message":"no"}}'
    [refused] = judge.exchange_findings(turn)
    assert refused.message == "the system under test answered 400: x: no"


def test_a_scripted_error_is_the_answer_expected_and_its_body_is_still_checked() -> None:
    turn = exchange(1, [MARKED])
    turn.status = 429
    turn.response_headers = {"content-type": "application/json"}
    turn.response = (
        b'{"type":"error","error":{"type":"rate_limit_error","message":"slow"},"request_id":"r"}'
    )
    assert judge.exchange_findings(turn, scripted_status=429) == []
    turn.response = b'{"error":"slow"}'
    assert {f.check for f in judge.exchange_findings(turn, scripted_status=429)} == {"events"}
    [unexpected] = judge.exchange_findings(turn)
    assert unexpected.expected == 200 and unexpected.actual == 429


def test_a_client_expected_to_end_with_an_error_must_report_that_error(
    scenarios: dict[str, ClientScenario],
) -> None:
    overload = scenarios["client/sdk-stream-overload"]
    failed = ClientRun(
        1,
        "",
        "",
        1.0,
        [
            {
                "type": "result",
                "is_error": True,
                "result": "APIStatusError: {'type': 'overloaded_error'}",
            }
        ],
    )
    assert judge.client_findings(overload, failed) == []
    answered = run_with({"result": "A lighthouse stands"})
    [finding] = judge.client_findings(overload, answered)
    assert finding.message == "the client did not end with the scripted error (overloaded_error)"


def test_the_token_count_the_client_reported_is_the_backends(
    scenarios: dict[str, ClientScenario],
) -> None:
    counted = scenarios["client/sdk-count-tokens"]

    def run(line: dict[str, object]) -> ClientRun:
        return ClientRun(0, "", "", 1.0, [{"type": "count_tokens", **line}])

    assert judge.count_findings(counted, run({"input_tokens": 321})) == []
    [wrong] = judge.count_findings(counted, run({"input_tokens": 8}))
    assert (wrong.expected, wrong.actual) == (321, 8)
    [failed] = judge.count_findings(counted, run({"error": "NotFoundError: 404"}))
    assert failed.message == "the client's token count failed: NotFoundError: 404"
    assert judge.count_findings(scenarios["client/sdk-read-file"], run({})) == []


def test_the_answer_a_retry_got_is_found_by_its_journal_name(
    scenarios: dict[str, ClientScenario],
) -> None:
    retried = scenarios["client/sdk-retry-429"]
    record = SimpleNamespace(scenario="client/sdk-retry-429/turn-1/attempt-1")
    answer = judge.answered_with(retried, [record])  # type: ignore[list-item]
    assert answer is not None and answer["error"]["status"] == 429


@pytest.fixture(scope="module")
def targets() -> TargetsConfig:
    return load_targets(ROOT / "fixtures" / "targets.yaml")


@pytest.fixture(scope="module")
def stack(
    scenarios: dict[str, ClientScenario], targets: TargetsConfig
) -> Iterator[tuple[SimulatorServer, str, GatewayConfig]]:
    with SimulatorServer(ClientResolver(list(scenarios.values()))) as simulator:
        config = build_config(
            targets, simulator=simulator.base_url, forward_headers=("x-parity-case",)
        )
        with NullGateway(config).running() as gateway:
            yield simulator, gateway, config


@pytest.mark.parametrize("target", ["vertex", "bedrock-converse", "openai"])
def test_what_reached_the_backend_is_judged_against_the_reference_translator(
    stack: tuple[SimulatorServer, str, GatewayConfig], target: str
) -> None:
    simulator, gateway, config = stack
    tap = Tap(gateway, f"judge-{target}")
    with tap.running() as url:
        client = anthropic.Anthropic(base_url=url, api_key="k", max_retries=0)
        for text in ("[parity:client/tool-round-trip] go", "[parity:client/write-file] go"):
            client.messages.create(
                model=f"{target}/sonnet",
                max_tokens=64,
                messages=[{"role": "user", "content": text}],
            )
    first, second = tap.exchanges
    records = simulator.journal.for_case(first.correlation)
    assert judge.upstream_findings(target, first, records, config, ()) == []
    # what another request's backend received is not what this one's client sent
    others = simulator.journal.for_case(second.correlation)
    changed = judge.upstream_findings(target, first, others, config, ())
    assert changed and all(f.check == "upstream" for f in changed)
    assert all(f.path.startswith("request[1].upstream.body") for f in changed)


def test_a_request_the_reference_refuses_is_named(
    stack: tuple[SimulatorServer, str, GatewayConfig],
) -> None:
    _simulator, _gateway, config = stack
    turn = exchange(1, [MARKED])
    turn.headers["anthropic-beta"] = "claude-code-20250219"
    body = json.loads(turn.body)
    turn.body = json.dumps({**body, "model": "bedrock-invoke/sonnet"}).encode()
    [finding] = judge.upstream_findings("bedrock-invoke", turn, [], config, ())
    assert "the reference translator refuses what the client sent: betas[0]" in finding.message
    # with the flag dropped the reference sends it; what the backend received is then judged
    [none] = judge.upstream_findings("bedrock-invoke", turn, [], config, ("claude-code-20250219",))
    assert none.message == "the gateway sent no request to the bedrock-invoke backend"
