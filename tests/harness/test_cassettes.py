"""Cassettes: recorded through a real loopback server into place only on success, scrubbed of
credentials, refused when a secret survives, replayed by meaning rather than by bytes, and
every broken or missing file is one error naming it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from vcr.errors import CannotOverwriteExistingCassetteException

from adapters.base import WireRequest
from harness.cassettes import (
    SecretLeakError,
    provenance_of,
    recording,
    replaying,
)
from harness.errors import CassetteError
from harness.secrets import REDACTED
from harness.transport import SCENARIO_HEADER, RecordingLog, RoutingTransport, send
from tests.support.loopback import Answer, Loopback, Route

PROVENANCE = {
    "source": "simulator",
    "recorded_at": "2025-01-01T12:00:00Z",
    "model_id": "claude-haiku-4-5@20251001",
    "region": "us-east5",
    "api_version": "2023-06-01",
}
REPLY = {"type": "message", "content": [{"type": "text", "text": "Hello!"}]}
CANARY_TOKEN = "canary-" + hashlib.sha256(b"canary").hexdigest()


def _route(path: str, headers: dict[str, str], body: bytes) -> Answer:
    if path == "/echo-auth":
        reply: dict[str, Any] = {"you_sent": headers.get("authorization")}
    elif path == "/leak-key":
        reply = {"debug": "AKIA" + "CANARY" * 2 + "FAKE"}
    else:
        reply = {**REPLY, "request": json.loads(body or b"null")}
    extra = {"Content-Type": "application/json", "Set-Cookie": "session=" + CANARY_TOKEN}
    return 200, json.dumps(reply).encode(), extra


@pytest.fixture
def server(loopback: Callable[[Route], Loopback]) -> Loopback:
    return loopback(_route)


def wire(url: str, body: Any = None, **headers: str) -> WireRequest:
    payload = {"max_tokens": 8, "messages": [{"role": "user", "content": "Hi"}]}
    data = json.dumps(payload if body is None else body).encode()
    return WireRequest("POST", url, {"content-type": "application/json", **headers}, data)


def record(path: Path, request: WireRequest, **options: Any) -> RecordingLog:
    log = RecordingLog()
    with recording(path, PROVENANCE, log):
        send(request, transport=RoutingTransport(log=log, **options))
    return log


def stored(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- recording ------------------------------------------------------------------------------


def test_a_recording_appears_only_when_its_block_has_finished(
    server: Loopback, tmp_path: Path
) -> None:
    path = tmp_path / "cassettes" / "vertex" / "basic" / "hello-json.yaml"
    log = RecordingLog()
    with recording(path, PROVENANCE, log):
        exchange = send(wire(f"{server.url}/v1/messages"), transport=RoutingTransport(log=log))
        assert exchange.response.status == 200
        assert not path.exists()
    assert names_in(path.parent) == ["hello-json.yaml"]
    [interaction] = stored(path)["interactions"]
    assert interaction["request"]["uri"] == f"{server.url}/v1/messages"
    assert json.loads(interaction["response"]["body"]["string"])["content"] == REPLY["content"]


def test_a_failure_inside_the_block_writes_nothing(server: Loopback, tmp_path: Path) -> None:
    path = tmp_path / "hello-json.yaml"
    log = RecordingLog()
    with pytest.raises(RuntimeError), recording(path, PROVENANCE, log):
        send(wire(f"{server.url}/v1/messages"), transport=RoutingTransport(log=log))
        raise RuntimeError("decoding failed")
    assert names_in(tmp_path) == []


def test_a_recording_of_no_request_is_an_error_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "hello-json.yaml"
    with (
        pytest.raises(CassetteError, match="nothing was recorded"),
        recording(path, PROVENANCE, RecordingLog()),
    ):
        pass
    assert names_in(tmp_path) == []


def test_the_provenance_is_stored_and_readable_when_replaying(
    server: Loopback, tmp_path: Path
) -> None:
    path = tmp_path / "hello-json.yaml"
    record(path, wire(f"{server.url}/v1/messages"))
    assert stored(path)["metadata"] == {"provenance": PROVENANCE}
    with replaying(path) as cassette:
        assert provenance_of(cassette) == PROVENANCE


def test_a_cassette_without_provenance_has_none(server: Loopback, tmp_path: Path) -> None:
    path = tmp_path / "hello-json.yaml"
    record(path, wire(f"{server.url}/v1/messages"))
    data = stored(path)
    del data["metadata"]
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with replaying(path) as cassette:
        assert provenance_of(cassette) is None


def test_real_looking_credentials_are_scrubbed_and_placeholders_kept(
    server: Loopback, tmp_path: Path
) -> None:
    path = tmp_path / "hello-json.yaml"
    request = wire(
        f"{server.url}/v1/messages",
        authorization="Bearer " + CANARY_TOKEN,
        **{"x-api-key": "<ANTHROPIC_API_KEY>", "x-goog-api-key": "canary-google-key-value"},
    )
    record(path, request)
    assert server.seen[0]["headers"]["authorization"] == "Bearer " + CANARY_TOKEN  # sent for real
    [interaction] = stored(path)["interactions"]
    headers = interaction["request"]["headers"]
    assert headers["authorization"] == [REDACTED]
    assert headers["x-goog-api-key"] == [REDACTED]
    assert headers["x-api-key"] == ["<ANTHROPIC_API_KEY>"]
    assert "set-cookie" not in {k.lower() for k in interaction["response"]["headers"]}
    assert CANARY_TOKEN not in path.read_text(encoding="utf-8")


def test_a_bearer_placeholder_is_kept(server: Loopback, tmp_path: Path) -> None:
    path = tmp_path / "hello-json.yaml"
    record(path, wire(server.url + "/v1/m", authorization="Bearer <GOOGLE_ACCESS_TOKEN>"))
    [interaction] = stored(path)["interactions"]
    assert interaction["request"]["headers"]["authorization"] == ["Bearer <GOOGLE_ACCESS_TOKEN>"]


def test_a_redirected_recording_keeps_the_real_url_and_no_internal_headers(
    server: Loopback, tmp_path: Path
) -> None:
    path = tmp_path / "hello-json.yaml"
    real_url = "https://api.anthropic.com/v1/messages"
    record(path, wire(real_url), redirect_to=server.url, extra_headers={SCENARIO_HEADER: "a/b"})
    [interaction] = stored(path)["interactions"]
    assert interaction["request"]["uri"] == real_url
    headers = {k.lower() for k in interaction["request"]["headers"]}
    assert not headers & {SCENARIO_HEADER, "host"}
    # replaying the real URL needs no redirect and no server
    server.stopped.set()
    with replaying(path):
        exchange = send(wire(real_url), transport=RoutingTransport())
    assert json.loads(exchange.response.body)["content"] == REPLY["content"]


def test_a_credential_echoed_in_the_response_is_scrubbed(server: Loopback, tmp_path: Path) -> None:
    secret = "canary-" + "opaque-credential-value"
    path = tmp_path / "echo-json.yaml"
    record(path, wire(f"{server.url}/echo-auth", authorization=secret))
    text = path.read_text()
    assert secret not in text
    [interaction] = stored(path)["interactions"]
    assert json.loads(interaction["response"]["body"]["string"]) == {"you_sent": REDACTED}


def test_a_secret_that_survives_scrubbing_is_refused_and_nothing_written(
    server: Loopback, tmp_path: Path
) -> None:
    path = tmp_path / "leak-json.yaml"
    with pytest.raises(SecretLeakError) as info:
        record(path, wire(f"{server.url}/leak-key"))
    assert "refusing to write a cassette holding a secret (AWS access key id)" in str(info.value)
    assert str(info.value).startswith(f"{path}: ")
    assert names_in(tmp_path) == []


def test_only_the_cases_own_requests_are_recorded(server: Loopback, tmp_path: Path) -> None:
    path = tmp_path / "hello-json.yaml"
    log = RecordingLog()
    with recording(path, PROVENANCE, log):
        # a request not sent through the log, like google-auth refreshing a token
        send(wire(f"{server.url}/token"), transport=RoutingTransport())
        send(wire(f"{server.url}/v1/messages"), transport=RoutingTransport(log=log))
    uris = [i["request"]["uri"] for i in stored(path)["interactions"]]
    assert uris == [f"{server.url}/v1/messages"]


def test_a_request_sent_to_an_override_is_recorded_under_its_configured_url(
    server: Loopback, tmp_path: Path
) -> None:
    path = tmp_path / "hello-json.yaml"
    configured = "https://api.anthropic.com/v1/messages"
    record(path, wire(f"{server.url}/v1/messages"), record_as=configured)
    [interaction] = stored(path)["interactions"]
    assert interaction["request"]["uri"] == configured


# -- replaying ------------------------------------------------------------------------------


def test_replay_matches_despite_json_key_order_and_path_quoting(
    server: Loopback, tmp_path: Path
) -> None:
    path = tmp_path / "haiku-json.yaml"
    model_path = "/v1/models/claude-haiku-4-5@20251001:rawPredict"
    body = {"max_tokens": 8, "messages": [{"role": "user", "content": "Hi"}], "system": "Be brief"}
    record(path, wire(server.url + model_path, body))
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=1).encode()
    quoted = server.url + model_path.replace("@", "%40")
    with replaying(path):
        request = WireRequest("POST", quoted, {"content-type": "application/json"}, reordered)
        exchange = send(request, transport=RoutingTransport())
    assert exchange.response.status == 200
    assert json.loads(exchange.response.body)["request"] == body
    assert len(server.seen) == 1  # the replay never reached the server


def test_replay_of_a_different_request_fails_without_reaching_the_network(
    server: Loopback, tmp_path: Path
) -> None:
    path = tmp_path / "hello-json.yaml"
    record(path, wire(f"{server.url}/v1/messages"))
    changed = wire(f"{server.url}/v1/messages", {"max_tokens": 9, "messages": []})
    with pytest.raises(CannotOverwriteExistingCassetteException), replaying(path):
        send(changed, transport=RoutingTransport())
    assert len(server.seen) == 1


def test_a_missing_cassette_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "vertex" / "basic" / "hello-json.yaml"
    with pytest.raises(CassetteError) as info, replaying(path):
        pass
    assert str(info.value) == f"{path}: cassette missing; record it with `parity record`"


@pytest.mark.parametrize(
    "text",
    [
        "interactions: [\n  - {request: ",  # not YAML
        "just a string\n",  # YAML, but not a cassette
        "- request: {}\n  response: {}\n",  # an old cassette format
        "interactions:\n- request: {uri: x}\n",  # an interaction without a response
    ],
)
def test_a_corrupted_cassette_is_an_error_naming_the_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "hello-json.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CassetteError) as info, replaying(path):
        pass
    message = str(info.value)
    assert message.startswith(f"{path}: cassette is corrupted (")
    assert message.endswith("); record it again")
    assert "\n" not in message


def _set(field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """An edit of the first interaction's ``field`` (a dotted path) to ``value``."""

    def edit(data: dict[str, Any]) -> None:
        *parents, last = field.split(".")
        node = data["interactions"][0]
        for key in parents:
            node = node[key]
        node[last] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (_set("response.status.code", [200]), "response.status.code: must be an integer, got list"),
        (_set("response.status.code", "200"), "response.status.code: must be an integer, got text"),
        (_set("response.status.code", 1200), "response.status.code: must be an HTTP status"),
        (_set("response.body.string", 12), "response.body.string: must be text, got int"),
        (_set("response.body.string", {"a": 1}), "response.body.string: must be text, got mapping"),
        (_set("response.body", "hello"), "response.body: must be a mapping, got text"),
        (_set("response.headers.content-type", "json"), "response.headers.content-type: must be"),
        (_set("response.status", None), "response.status: must be a mapping, got nothing"),
        (_set("request.uri", 7), "request.uri: must be text, got int"),
    ],
)
def test_a_cassette_vcrpy_cannot_use_is_an_error_naming_the_file_and_field(
    server: Loopback, tmp_path: Path, edit: Callable[[dict[str, Any]], None], problem: str
) -> None:
    path = tmp_path / "hello-json.yaml"
    record(path, wire(f"{server.url}/v1/messages"))
    data = stored(path)
    edit(data)
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CassetteError) as info, replaying(path):
        send(wire(f"{server.url}/v1/messages"), transport=RoutingTransport())
    assert str(info.value).startswith(f"{path}: cassette is corrupted (interactions[0].{problem}")


def test_a_lone_surrogate_in_a_body_is_an_error_naming_the_file(
    server: Loopback, tmp_path: Path
) -> None:
    path = tmp_path / "hello-json.yaml"
    record(path, wire(f"{server.url}/v1/messages"))
    data = stored(path)
    _set("response.body.string", "\ud800 half a pair")(data)
    text = yaml.safe_dump(data)
    assert "\\uD800" in text  # YAML's escape: the file itself is valid UTF-8
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CassetteError) as info, replaying(path):
        send(wire(f"{server.url}/v1/messages"), transport=RoutingTransport())
    assert str(info.value).startswith(f"{path}: cassette is corrupted (")


def test_an_empty_cassette_file_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "hello-json.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(CassetteError) as info, replaying(path):
        send(wire("https://api.anthropic.com/v1/messages"), transport=RoutingTransport())
    assert str(info.value).startswith(f"{path}: ")


def test_a_refused_recording_leaves_httpx_unpatched_at_once(
    server: Loopback, tmp_path: Path
) -> None:
    # vcrpy unpatches httpx only after a save that returns; a refusal raised inside the
    # save would leave every later request patched until garbage collection
    original = httpx.HTTPTransport.handle_request
    with pytest.raises(SecretLeakError):
        record(tmp_path / "leak-json.yaml", wire(f"{server.url}/leak-key"))
    assert httpx.HTTPTransport.handle_request is original
