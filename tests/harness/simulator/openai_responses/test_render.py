"""The response object: items in block order, reasoning shown as the request asked,
status and incomplete details from the stop reason, usage with cached tokens inside the
input count, the settings echoed; counting and errors in OpenAI's shapes."""

from __future__ import annotations

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.openai_responses.support import PROMPT, post


def test_items_follow_the_blocks_and_keep_the_call_id(sim: SimulatorServer) -> None:
    body = {"model": "gpt-5", "input": PROMPT, "store": False}
    result = post(sim, body, "thinking-call").json()
    assert [i["type"] for i in result["output"]] == ["reasoning", "message", "function_call"]
    assert result["output"][2]["call_id"] == "call_canary1"
    assert result["output"][2]["arguments"] == '{"tz": "Asia/Tokyo"}'
    assert result["status"] == "completed" and result["incomplete_details"] is None


def test_reasoning_shows_its_summary_and_encrypted_content_only_when_asked(
    sim: SimulatorServer,
) -> None:
    plain = post(sim, {"model": "gpt-5", "input": PROMPT}, "thinking-call").json()
    assert plain["output"][0]["summary"] == [] and "encrypted_content" not in plain["output"][0]
    asked = {
        "model": "gpt-5",
        "input": PROMPT,
        "reasoning": {"effort": "low", "summary": "auto"},
        "include": ["reasoning.encrypted_content"],
    }
    item = post(sim, asked, "thinking-call").json()["output"][0]
    assert item["summary"] == [{"type": "summary_text", "text": "Tokyo first."}]
    assert item["encrypted_content"] == "EqCanary=="


def test_usage_counts_cached_tokens_inside_the_input(sim: SimulatorServer) -> None:
    usage = post(sim, {"model": "gpt-5", "input": PROMPT}, "thinking-call").json()["usage"]
    assert usage["input_tokens"] == 100
    assert usage["input_tokens_details"] == {"cached_tokens": 70, "cache_write_tokens": 0}
    assert usage["total_tokens"] == 112


def test_max_tokens_is_an_incomplete_response(sim: SimulatorServer) -> None:
    result = post(
        sim, {"model": "gpt-5", "input": PROMPT, "max_output_tokens": 16}, "length"
    ).json()
    assert result["status"] == "incomplete"
    assert result["incomplete_details"] == {"reason": "max_output_tokens"}
    assert result["max_output_tokens"] == 16


def test_counting_answers_response_input_tokens(sim: SimulatorServer) -> None:
    answer = post(sim, {"model": "gpt-5", "input": PROMPT}, "count", "/v1/responses/input_tokens")
    assert answer.json() == {"object": "response.input_tokens", "input_tokens": 42}


def test_a_scripted_rate_limit_is_openais_429(sim: SimulatorServer) -> None:
    answer = post(sim, {"model": "gpt-5", "input": PROMPT}, "rate-limited")
    assert answer.status_code == 429
    assert answer.json()["error"]["code"] == "rate_limit_exceeded"
