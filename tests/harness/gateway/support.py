"""What the gateway tests share: the scenarios the simulator answers, the requests that match
them, and the targets each feature applies to."""

from __future__ import annotations

from pathlib import Path

from harness.scenarios import Scenario, load_all

ROOT = Path(__file__).resolve().parents[3]
TARGETS = (
    "anthropic",
    "vertex",
    "bedrock-invoke",
    "bedrock-converse",
    "openai",
    "openai-responses",
)
COUNTING_TARGETS = ("anthropic", "vertex", "bedrock-invoke", "bedrock-converse", "openai-responses")

HELLO = {"max_tokens": 64, "messages": [{"role": "user", "content": "Say hello"}]}
WEATHER = {
    "max_tokens": 256,
    "tools": [
        {
            "name": "get_weather",
            "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
        }
    ],
    "messages": [{"role": "user", "content": "Weather in Paris?"}],
}
RATE_LIMITED = {"max_tokens": 64, "messages": [{"role": "user", "content": "Trigger a rate limit"}]}
OVERLOADED = {"max_tokens": 64, "messages": [{"role": "user", "content": "Fail part way"}]}
LONG_CONTEXT = {"max_tokens": 64, "messages": [{"role": "user", "content": "Read it all"}]}
COUNT = {"messages": [{"role": "user", "content": "Count me"}]}

SCENARIOS = {
    "basic/hello.yaml": """\
title: Plain text
request:
  model: sonnet
  max_tokens: 64
  messages: [{role: user, content: "Say hello"}]
reply:
  content: [{type: text, text: "Hello! How can I help you today?"}]
  stop_reason: end_turn
  usage: {input_tokens: 10, output_tokens: 9}
""",
    "tools/weather.yaml": """\
title: One tool call
request:
  model: sonnet
  max_tokens: 256
  tools: [{name: get_weather, input_schema: {type: object, properties: {city: {type: string}}}}]
  messages: [{role: user, content: "Weather in Paris?"}]
reply:
  content:
    - {type: text, text: "Let me check the weather in Paris for you."}
    - {type: tool_use, id: toolu_01A, name: get_weather, input: {city: Paris, unit: celsius}}
  stop_reason: tool_use
  usage: {input_tokens: 412, output_tokens: 57}
""",
    "errors/rate-limit.yaml": """\
title: Rate limited
request:
  model: sonnet
  max_tokens: 64
  messages: [{role: user, content: "Trigger a rate limit"}]
reply:
  error:
    status: 429
    type: rate_limit_error
    message: "Number of requests has exceeded your rate limit."
""",
    "errors/overloaded-mid-stream.yaml": """\
title: Overloaded part way through the stream
modes: [stream]
request:
  model: sonnet
  max_tokens: 64
  messages: [{role: user, content: "Fail part way"}]
reply:
  content: [{type: text, text: "This answer will not be finished because the service fails."}]
  stop_reason: end_turn
  usage: {input_tokens: 10, output_tokens: 12}
  stream_error: {after_events: 4, type: overloaded_error, message: Overloaded}
""",
    "betas/long-context.yaml": """\
title: A beta the backends take
betas: [context-1m-2025-08-07]
request:
  model: sonnet
  max_tokens: 64
  messages: [{role: user, content: "Read it all"}]
reply:
  content: [{type: text, text: "Read."}]
  stop_reason: end_turn
  usage: {input_tokens: 900000, output_tokens: 2}
""",
    "tokens/count.yaml": """\
title: Count tokens
endpoint: count_tokens
request:
  model: sonnet
  messages: [{role: user, content: "Count me"}]
reply:
  input_tokens: 21
""",
}


def write_scenarios(root: Path) -> list[Scenario]:
    for rel, text in SCENARIOS.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    loaded = load_all(root)
    assert all(isinstance(s, Scenario) for s in loaded), loaded
    return [s for s in loaded if isinstance(s, Scenario)]
