"""The recording relay: what the client sent and what came back are recorded unchanged, the
answer streams through, and each request carries its correlation id on to the backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import anthropic
import pytest

from harness.clients.conversation import ClientResolver
from harness.clients.scenario import load_client_scenarios
from harness.clients.tap import Tap
from harness.simulator.server import SimulatorServer

ROOT = Path(__file__).resolve().parents[3]
PROMPT = "[parity:client/write-file] make the file"


@pytest.fixture
def simulator() -> Iterator[SimulatorServer]:
    scenarios = load_client_scenarios(ROOT / "fixtures" / "clients", ROOT)
    with SimulatorServer(ClientResolver(scenarios)) as server:
        yield server


def test_a_streamed_exchange_is_relayed_and_recorded(simulator: SimulatorServer) -> None:
    tap = Tap(simulator.base_url, "case-1")
    with tap.running() as url:
        client = anthropic.Anthropic(base_url=url, api_key="k", max_retries=0)
        with client.messages.stream(
            model="m", max_tokens=64, messages=[{"role": "user", "content": PROMPT}]
        ) as stream:
            message = stream.get_final_message()
    assert message.content[0].type == "tool_use"
    [exchange] = tap.exchanges
    assert (exchange.method, exchange.path, exchange.status) == ("POST", "/v1/messages", 200)
    assert PROMPT.encode() in exchange.body
    assert exchange.response.startswith(b"event: message_start")
    assert exchange.response.rstrip().endswith(b'data: {"type":"message_stop"}')
    assert exchange.correlation == "case-1/1"
    [record] = simulator.journal.for_case("case-1/1")
    assert record.scenario == "client/write-file/turn-1"


def test_a_system_that_cannot_be_reached_is_a_502_with_the_reason() -> None:
    tap = Tap("http://127.0.0.1:9", "case-2")
    with tap.running() as url:
        client = anthropic.Anthropic(base_url=url, api_key="k", max_retries=0)
        with pytest.raises(anthropic.APIStatusError) as caught:
            client.messages.create(
                model="m", max_tokens=8, messages=[{"role": "user", "content": "hi"}]
            )
    assert caught.value.status_code == 502
    assert tap.exchanges[0].error == "the system under test could not be reached (ConnectError)"
