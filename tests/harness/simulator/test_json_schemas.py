"""The schema rules the services hold a constrained output or a strict tool to: Claude wants
every object closed; OpenAI's strict mode also wants every property required, and names
the place of the first object that breaks a rule as its messages do. The official clients'
structured-output helpers (anthropic's ``messages.parse`` on Vertex AI and Bedrock, boto3's
``converse`` with an ``outputConfig``, openai's ``parse`` for chat completions and
Responses) send schemas the simulator takes, and read the JSON answer it renders."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anthropic
import boto3
import openai
import pydantic
import pytest

from harness.simulator.json_schemas import objects, open_object, strict_mode_problem
from harness.simulator.server import SimulatorServer
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

CLOSED: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "lines": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"amount": {"type": "number"}},
                "required": ["amount"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["name", "lines"],
    "additionalProperties": False,
}


def with_item(**changes: Any) -> dict[str, Any]:
    item = {**CLOSED["properties"]["lines"]["items"], **changes}
    lines = {**CLOSED["properties"]["lines"], "items": item}
    return {**CLOSED, "properties": {**CLOSED["properties"], "lines": lines}}


def test_objects_are_found_through_properties_items_definitions_and_unions() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"anyOf": [{"type": "object"}, {"type": "null"}]}},
        "$defs": {"b": {"type": ["object", "null"]}},
    }
    assert [where for where, _ in objects(schema)] == [
        (),
        ("properties", "a", "anyOf", "0"),
        ("$defs", "b"),
    ]


def test_a_closed_schema_passes_both_services() -> None:
    assert open_object(CLOSED) is None
    assert strict_mode_problem(CLOSED) is None


def test_an_object_left_open_is_found_where_it_is() -> None:
    schema = with_item(additionalProperties=True)
    assert open_object(schema) == ("properties", "lines", "items")
    assert strict_mode_problem(schema) == (
        "In context=('properties', 'lines', 'items'), 'additionalProperties' is required to "
        "be supplied and to be false."
    )


def test_an_optional_property_is_claudes_to_allow_and_openais_strict_mode_to_refuse() -> None:
    schema = with_item(properties={"amount": {"type": "number"}, "note": {"type": "string"}})
    assert open_object(schema) is None
    assert strict_mode_problem(schema) == (
        "In context=('properties', 'lines', 'items'), 'required' is required to be supplied "
        "and to be an array including every key in properties. Missing 'note'."
    )


@pytest.mark.parametrize("schema", [{"type": "array"}, None])
def test_openais_strict_mode_wants_an_object_at_the_root(schema: Any) -> None:
    problem = strict_mode_problem(schema)
    assert problem is not None and problem.startswith("In context=(), schema must be")


# -- the official clients' structured-output helpers, against the simulator ------------------

SHIPMENT_JSON = '{"carrier":"Northline","tracking_number":"1Z999","delivered":true}'
REPLIES = {
    "json": {
        "content": [{"type": "text", "text": SHIPMENT_JSON}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 40, "output_tokens": 20},
    }
}
SCENARIO = {"x-parity-scenario": "json"}
ASK: Any = [{"role": "user", "content": "Parse: parcel 1Z999 by Northline, delivered."}]


class Shipment(pydantic.BaseModel):
    carrier: str
    tracking_number: str
    delivered: bool


EXPECTED = Shipment(carrier="Northline", tracking_number="1Z999", delivered=True)


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer(ScriptedResolver(REPLIES), request_timeout=5.0) as server:
        yield server


def test_anthropic_vertex_and_bedrock_parse_helpers_read_the_answer(sim: SimulatorServer) -> None:
    vertex = anthropic.AnthropicVertex(
        base_url=f"{sim.base_url}/v1", region="us-east5", project_id="p", access_token="t"
    )
    bedrock = anthropic.AnthropicBedrock(
        aws_access_key="AKIACANARY",
        aws_secret_key="s",
        aws_region="us-east-1",
        base_url=sim.base_url,
    )
    models: list[tuple[Any, str]] = [
        (vertex, "claude-sonnet-4-6"),
        (bedrock, "us.anthropic.claude-sonnet-4-6-v1:0"),
    ]
    for client, model in models:
        with client:
            parsed = client.messages.parse(
                model=model,
                max_tokens=256,
                messages=ASK,
                output_format=Shipment,
                extra_headers=SCENARIO,
                timeout=5.0,
            )
        assert parsed.parsed_output == EXPECTED


def test_boto3_converse_with_an_output_format_reads_the_json_text(sim: SimulatorServer) -> None:
    client = boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        endpoint_url=sim.base_url,
        aws_access_key_id="AKIACANARY",
        aws_secret_access_key="s",
    )

    def name_the_reply(request: Any, **_: Any) -> None:
        request.headers["x-parity-scenario"] = "json"

    client.meta.events.register_first("before-sign.bedrock-runtime.*", name_the_reply)
    schema = {**Shipment.model_json_schema(), "additionalProperties": False}
    answer = client.converse(
        modelId="us.anthropic.claude-sonnet-4-6-v1:0",
        messages=[{"role": "user", "content": [{"text": ASK[0]["content"]}]}],
        outputConfig={
            "textFormat": {
                "type": "json_schema",
                "structure": {"jsonSchema": {"schema": json.dumps(schema)}},
            }
        },
    )
    text = answer["output"]["message"]["content"][0]["text"]
    assert Shipment.model_validate_json(text) == EXPECTED


def test_the_openai_parse_helpers_read_the_answer(sim: SimulatorServer) -> None:
    with openai.OpenAI(api_key="sk-canary", base_url=f"{sim.base_url}/v1", timeout=5.0) as client:
        chat = client.chat.completions.parse(
            model="gpt-5",
            messages=ASK,
            response_format=Shipment,
            extra_headers=SCENARIO,
        )
        responses = client.responses.parse(
            model="gpt-5",
            input=ASK,
            text_format=Shipment,
            extra_headers=SCENARIO,
        )
    assert chat.choices[0].message.parsed == EXPECTED
    assert responses.output_parsed == EXPECTED
