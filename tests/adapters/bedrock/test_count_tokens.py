"""count_tokens on both Bedrock targets is Bedrock's CountTokens: the request is the one
botocore serializes for the same input, boto3's ``bedrock-runtime`` client sends it to the
simulator and reads the scenario's count back, and the answer becomes ``input_tokens``."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

import boto3
import botocore.config
import botocore.serialize
import pytest

from adapters.base import Call, TargetSettings, TranslationError, WireResponse
from adapters.bedrock.count_tokens import foundation_model_id
from adapters.bedrock.eventstream import service_model
from harness import registry
from harness.cases import Case
from harness.resolver import ScenarioResolver
from harness.simulator.server import SimulatorServer
from tests.support.corpus import PROJECT

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

TARGETS = ("bedrock-invoke", "bedrock-converse")
MODEL = "us.anthropic.claude-sonnet-4-6-v1:0"
FOUNDATION = "anthropic.claude-sonnet-4-6-v1:0"
SETTINGS = {t: TargetSettings(t, region="us-east-1") for t in TARGETS}
WEATHER = {
    "name": "get_weather",
    "description": "Weather for a city",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
}
COUNTED = {
    "model": MODEL,
    "system": "Be brief.",
    "tools": [WEATHER],
    "messages": [{"role": "user", "content": "Rain in Paris?"}],
}


def counting(target: str, body: dict[str, Any], api_version: str = "2023-06-01") -> Any:
    call = Call("count_tokens", body, api_version=api_version)
    return registry.adapter(target).encode_request(call, SETTINGS[target])


def botocore_serialized(model: str, given: dict[str, Any]) -> tuple[str, Any]:
    """The path and JSON body botocore puts on the wire for ``count_tokens``."""
    operation = service_model().operation_model("CountTokens")
    serializer = botocore.serialize.create_serializer("rest-json")
    request = serializer.serialize_to_request({"modelId": model, "input": given}, operation)
    return request["url_path"], json.loads(request["body"])


def wrapped_input(body: bytes) -> Any:
    """The ``input`` of a CountTokens body, an InvokeModel body as the bytes botocore takes."""
    given = json.loads(body)["input"]
    if "invokeModel" in given:
        return {"invokeModel": {"body": base64.b64decode(given["invokeModel"]["body"])}}
    return given


@pytest.mark.parametrize("target", TARGETS)
def test_the_request_is_the_count_tokens_request_botocore_serializes(target: str) -> None:
    wire = counting(target, COUNTED)
    path, body = botocore_serialized(FOUNDATION, wrapped_input(wire.body))
    assert wire.method == "POST"
    assert unquote(urlsplit(wire.url).path) == unquote(path)
    assert urlsplit(wire.url).path.endswith("/count-tokens")
    assert json.loads(wire.body) == body


@pytest.mark.parametrize("api_version", ["2023-06-01", "2026-10-21"])
def test_an_invoke_count_wraps_the_invoke_model_body_with_the_max_tokens_it_requires(
    api_version: str,
) -> None:
    wire = counting("bedrock-invoke", COUNTED, api_version)
    inner = json.loads(base64.b64decode(json.loads(wire.body)["input"]["invokeModel"]["body"]))
    version = {"2023-06-01": "bedrock-2023-05-31", "2026-10-21": "2026-10-21"}[api_version]
    assert inner == {
        "anthropic_version": version,
        "max_tokens": 1,
        "system": "Be brief.",
        "tools": [WEATHER],
        "messages": COUNTED["messages"],
    }


def test_a_converse_count_carries_the_converse_fields_count_tokens_takes() -> None:
    wire = counting("bedrock-converse", {**COUNTED, "thinking": {"type": "disabled"}})
    given = json.loads(wire.body)["input"]["converse"]
    assert given == {
        "messages": [{"role": "user", "content": [{"text": "Rain in Paris?"}]}],
        "system": [{"text": "Be brief."}],
        "toolConfig": {
            "tools": [
                {
                    "toolSpec": {
                        "name": "get_weather",
                        "description": "Weather for a city",
                        "inputSchema": {"json": WEATHER["input_schema"]},
                    }
                }
            ]
        },
        "additionalModelRequestFields": {"thinking": {"type": "disabled"}},
    }


def test_output_config_has_no_place_in_a_converse_count_and_is_refused_by_name() -> None:
    format_ = {"type": "json_schema", "schema": {"type": "object"}}
    with pytest.raises(TranslationError) as caught:
        counting("bedrock-converse", {**COUNTED, "output_config": {"format": format_}})
    assert caught.value.path == "output_config"


@pytest.mark.parametrize("target", TARGETS)
def test_the_answer_becomes_input_tokens(target: str) -> None:
    call = Call("count_tokens", COUNTED)
    answer = WireResponse(200, {"content-type": "application/json"}, b'{"inputTokens": 58}')
    translated = registry.adapter(target).decode_response(call, answer)
    assert (translated.status, translated.body) == (200, {"input_tokens": 58})


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("payload", [b"{}", b'{"inputTokens": -1}', b'{"inputTokens": true}'])
def test_an_answer_without_a_count_is_a_translation_error_naming_it(
    target: str, payload: bytes
) -> None:
    answer = WireResponse(200, {"content-type": "application/json"}, payload)
    with pytest.raises(TranslationError) as caught:
        registry.adapter(target).decode_response(Call("count_tokens", COUNTED), answer)
    assert caught.value.path == "inputTokens"


@pytest.mark.parametrize("target", TARGETS)
def test_a_refusal_goes_through_the_bedrock_error_table(target: str) -> None:
    answer = WireResponse(
        400,
        {"x-amzn-errortype": "ValidationException:http://internal.amazon.com/coral/"},
        b'{"message":"The provided model doesn\'t support counting tokens."}',
    )
    translated = registry.adapter(target).decode_response(Call("count_tokens", COUNTED), answer)
    assert translated.status == 400
    assert translated.body["error"] == {
        "type": "invalid_request_error",
        "message": "The provided model doesn't support counting tokens.",
    }


@pytest.fixture(scope="module")
def simulator() -> Iterator[SimulatorServer]:
    resolver = ScenarioResolver(PROJECT.valid_scenarios(), PROJECT.config())
    with SimulatorServer(resolver, request_timeout=5.0) as server:
        yield server


@pytest.fixture(scope="module")
def client(simulator: SimulatorServer) -> Any:
    """boto3's ``bedrock-runtime`` client aimed at the simulator (fake keys, no retries)."""
    return boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        endpoint_url=simulator.base_url,
        aws_access_key_id="AKIAEXAMPLE",
        aws_secret_access_key="example-secret",
        config=botocore.config.Config(retries={"max_attempts": 1}, read_timeout=5),
    )


def token_cases(target: str) -> list[Case]:
    return [
        Case(scenario, target, "json")
        for scenario in PROJECT.valid_scenarios()
        if scenario.endpoint == "count_tokens" and scenario.refusal_for(target, "json") is None
    ]


@pytest.mark.parametrize("target", TARGETS)
def test_boto3_count_tokens_reads_each_scenarios_count_from_the_simulator(
    target: str, client: Any
) -> None:
    """Sent without naming the scenario: the simulator places the request it wraps."""
    config = PROJECT.config()
    cases = token_cases(target)
    assert len(cases) >= 2
    for case in cases:
        call = case.call(config)
        wire = registry.adapter(target).encode_request(call, case.settings(config))
        model = unquote(urlsplit(wire.url).path).split("/")[2]
        answer = client.count_tokens(modelId=model, input=wrapped_input(wire.body))
        assert answer["inputTokens"] == case.scenario.reply["input_tokens"], case.id


@pytest.mark.parametrize(
    ("model", "counted"),
    [
        (MODEL, FOUNDATION),
        (
            "global.anthropic.claude-haiku-4-5-20251001-v1:0",
            "anthropic.claude-haiku-4-5-20251001-v1:0",
        ),
        (
            "us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "anthropic.claude-sonnet-4-5-20250929-v1:0",
        ),
        (FOUNDATION, FOUNDATION),
        (
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-6-v1:0",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-6-v1:0",
        ),
    ],
)
def test_a_count_names_the_foundation_model_an_inference_profile_routes_to(
    model: str, counted: str
) -> None:
    assert foundation_model_id(model) == counted


def test_an_application_inference_profile_cannot_be_counted() -> None:
    arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6"
    with pytest.raises(TranslationError) as caught:
        counting("bedrock-invoke", {**COUNTED, "model": arn})
    assert caught.value.path == "model"
    assert "foundation model" in caught.value.message


def test_the_simulator_refuses_to_count_for_an_inference_profile_as_bedrock_does(
    client: Any,
) -> None:
    wire = counting("bedrock-converse", COUNTED)
    with pytest.raises(client.exceptions.ValidationException) as caught:
        client.count_tokens(modelId=MODEL, input=wrapped_input(wire.body))
    assert "doesn't support counting tokens" in str(caught.value)
