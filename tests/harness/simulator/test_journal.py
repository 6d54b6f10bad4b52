"""The simulator's journal: one record per request over real HTTP, credentials redacted,
the correlation header kept, bounded, and taken by predicate."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from harness.secrets import REDACTED
from harness.simulator.journal import CASE_HEADER, Journal, JournalRecord, Resolution
from harness.simulator.server import SimulatorServer
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

REPLY: dict[str, Any] = {
    "content": [{"type": "text", "text": "Hi."}],
    "stop_reason": "end_turn",
    "usage": {"input_tokens": 3, "output_tokens": 2},
}
BODY = json.dumps({"model": "m", "max_tokens": 8, "messages": [{"role": "user", "content": "x"}]})


@pytest.fixture
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer(ScriptedResolver({"hi": REPLY}), request_timeout=5.0) as server:
        yield server


def record(case: str | None, status: int = 200) -> JournalRecord:
    return JournalRecord(0.0, "POST", "/p", "", {}, b"", case, Resolution(), status, 1.0)


def test_every_request_is_journaled_with_credentials_redacted(sim: SimulatorServer) -> None:
    headers = {
        "x-api-key": "canary-secret-key",
        "anthropic-version": "2023-06-01",
        "x-parity-scenario": "hi",
        CASE_HEADER: "basic/hello[anthropic-json]",
    }
    with httpx.Client(base_url=sim.base_url, timeout=5) as client:
        answered = client.post("/v1/messages?beta=true", content=BODY, headers=headers)
        missing = client.post("/nowhere", content=b"")
    assert (answered.status_code, missing.status_code) == (200, 404)
    first, second = sim.journal.records()
    assert (first.method, first.path, first.query) == ("POST", "/v1/messages", "beta=true")
    assert first.headers["x-api-key"] == REDACTED
    assert first.headers["anthropic-version"] == "2023-06-01"
    assert first.body == BODY.encode()
    assert (first.target, first.scenario, first.status) == ("anthropic", "hi", 200)
    assert first.case == "basic/hello[anthropic-json]"
    assert first.latency_ms > 0 and first.time > 0
    assert (second.target, second.scenario, second.status) == (None, None, 404)
    assert second.resolution.reason == "no simulated backend serves POST /nowhere"


def test_a_refusal_is_journaled_with_the_services_reason(sim: SimulatorServer) -> None:
    httpx.post(f"{sim.base_url}/v1/messages", content=BODY, headers={"x-parity-scenario": "hi"})
    (refused,) = sim.journal.records()
    assert refused.status == 401 and refused.scenario is None
    assert refused.resolution.reason is not None
    assert refused.resolution.reason.startswith("refused as the service would (401): ")


def test_the_journal_is_bounded_and_taken_by_predicate() -> None:
    journal = Journal(limit=3)
    for case in ("a", "b", "a", "c"):
        journal.add(record(case))
    assert [r.case for r in journal.records()] == ["b", "a", "c"]  # the oldest dropped
    assert [r.case for r in journal.for_case("a")] == ["a"]
    assert [r.case for r in journal.records()] == ["b", "c"]
    assert [r.case for r in journal.take(lambda r: r.case == "c")] == ["c"]
    assert len(journal) == 1
    with pytest.raises(ValueError, match="at least 1"):
        Journal(limit=0)


def test_the_journal_takes_records_from_many_threads() -> None:
    journal = Journal(limit=10_000)
    threads = [
        threading.Thread(target=lambda: [journal.add(record(None)) for _ in range(500)])
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(journal) == 4000
