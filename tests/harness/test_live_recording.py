"""The whole live recording path, run against the simulator with canary credentials.

Fake AWS keys with a session token (SigV4 verified by botocore on the simulator side), a fake
service-account key whose token endpoint is a loopback server (google-auth refreshes for
real), and fake API keys: `parity record --live` records every target through the same code
a real recording uses, no canary value lands in any file it writes, and replaying the fresh
cassettes gives the recording run's verdicts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from harness.registry import targets as available_targets
from harness.resolver import ScenarioResolver
from harness.session import Project
from harness.simulator import Rejection, Script, SimRequest
from harness.simulator.server import SimulatorServer, verifying_backends
from tests.support.loopback import Answer, Loopback, Route

CANARY = {
    "ANTHROPIC_API_KEY": "canary-anthropic-key-" + "a" * 24,
    "OPENAI_API_KEY": "canary-openai-key-" + "b" * 24,
    "AWS_ACCESS_KEY_ID": "ASIA" + "CANARY" + "0" * 10,
    "AWS_SECRET_ACCESS_KEY": "canary-aws-secret-" + "c" * 22,
    "AWS_SESSION_TOKEN": "canary-aws-session-token-" + "d" * 30,
}
GOOGLE_TOKEN = "ya29.canary-" + "e" * 40


def parity(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture
def token_server(loopback: Callable[[Route], Loopback]) -> Loopback:
    def route(path: str, headers: dict[str, str], body: bytes) -> Answer:
        grant = b"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"
        assert path == "/token" and grant in body, (path, body[:80])
        token = {"access_token": GOOGLE_TOKEN, "expires_in": 3600, "token_type": "Bearer"}
        return 200, json.dumps(token).encode(), {"Content-Type": "application/json"}

    return loopback(route)


@pytest.fixture
def service_account(tmp_path: Path, token_server: Loopback) -> tuple[Path, str]:
    """A service-account key file made now (no key is stored anywhere) for a loopback
    token endpoint; returns its path and its private key text."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    info = {
        "type": "service_account",
        "project_id": "canary-project",
        "private_key_id": "canary-key-id-0001",
        "private_key": pem,
        "client_email": "recorder@canary-project.iam.gserviceaccount.com",
        "client_id": "100000000000000000001",
        "token_uri": f"{token_server.url}/token",
    }
    path = tmp_path / "canary-service-account.json"
    path.write_text(json.dumps(info))
    return path, pem


class SeeingResolver:
    """The scenario resolver, noting the credentials each backend received."""

    def __init__(self, inner: ScenarioResolver) -> None:
        self.inner = inner
        self.auth: dict[str, set[str]] = {}

    def __call__(self, target: str, request: SimRequest) -> Script | Rejection:
        seen = request.headers.get("authorization") or request.headers.get("x-api-key") or ""
        self.auth.setdefault(target, set()).add(seen)
        return self.inner(target, request)


@pytest.fixture
def simulator(project: Project) -> Iterator[tuple[SimulatorServer, SeeingResolver]]:
    resolver = SeeingResolver(ScenarioResolver(project.valid_scenarios(), project.config()))
    server = SimulatorServer(resolver, backends=verifying_backends(CANARY))
    server.start()
    yield server, resolver
    server.stop()


def live_env(url: str, service_account: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "GOOGLE_", "PARITY_"))}
    return {
        **env,
        **CANARY,
        "AWS_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": "/nonexistent",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        "GOOGLE_APPLICATION_CREDENTIALS": str(service_account),
        "NO_GCE_CHECK": "true",
        "PARITY_ANTHROPIC_BASE_URL": url,
        "PARITY_VERTEX_BASE_URL": f"{url}/v1",
        "PARITY_BEDROCK_INVOKE_BASE_URL": url,
        "PARITY_BEDROCK_CONVERSE_BASE_URL": url,
        "PARITY_OPENAI_BASE_URL": f"{url}/v1",
        "PARITY_OPENAI_RESPONSES_BASE_URL": f"{url}/v1",
    }


def written_files(root: Path) -> list[Path]:
    return [p for d in ("fixtures", "reports") for p in (root / d).rglob("*") if p.is_file()]


def test_a_live_recording_with_canary_credentials_records_everything_and_leaks_nothing(
    project: Project,
    simulator: tuple[SimulatorServer, SeeingResolver],
    service_account: tuple[Path, str],
    token_server: Loopback,
) -> None:
    server, resolver = simulator
    env = live_env(server.base_url, service_account[0])
    run = parity(project.root, env, "record", "--live", "--update-golden")
    assert run.returncode == 0, run.stdout + run.stderr
    for target in available_targets():
        assert f"  {target:<17} ready ({server.base_url}" in run.stdout, run.stdout

    # every backend got real credentials: SigV4 verified by botocore, bearer tokens, keys
    assert resolver.auth["vertex"] == {f"Bearer {GOOGLE_TOKEN}"}
    assert len(token_server.seen) == 1  # google-auth refreshed once, through the loopback
    assert resolver.auth["anthropic"] == {CANARY["ANTHROPIC_API_KEY"]}
    assert resolver.auth["openai"] == {f"Bearer {CANARY['OPENAI_API_KEY']}"}
    assert resolver.auth["openai-responses"] == {f"Bearer {CANARY['OPENAI_API_KEY']}"}
    credential = f"AWS4-HMAC-SHA256 Credential={CANARY['AWS_ACCESS_KEY_ID']}/"
    for target in ("bedrock-invoke", "bedrock-converse"):
        assert resolver.auth[target]  # each request signed anew; each verified, or refused
        assert all(signed.startswith(credential) for signed in resolver.auth[target])

    results = json.loads((project.reports / "results.json").read_text())
    assert results["run"]["record_mode"] == "record-live"
    assert {c["verdict"] for c in results["cases"]} <= {"green", "amber"}
    assert {c["provenance"]["source"] for c in results["cases"]} == {"live"}

    # nothing secret in anything written: cassettes, goldens, results, report
    canaries = [*CANARY.values(), GOOGLE_TOKEN, "canary-key-id-0001"]
    pem_body = service_account[1].splitlines()[3]
    for path in written_files(project.root):
        text = path.read_text(encoding="utf-8", errors="replace")
        for canary in [*canaries, pem_body]:
            assert canary not in text, f"{canary[:12]}... in {path}"

    # the cassettes hold the configured URLs, not the loopback the requests went to
    cassette = yaml.safe_load(
        (project.fixtures / "cassettes" / "vertex" / "basic" / "hello-json.yaml").read_text()
    )
    [interaction] = cassette["interactions"]
    assert interaction["request"]["uri"].startswith(
        "https://us-east5-aiplatform.googleapis.com/v1/projects/parity-simulated/"
    )
    # while the provenance says where it was recorded from
    assert cassette["metadata"]["provenance"]["base_url"] == f"{server.base_url}/v1"
    assert cassette["metadata"]["provenance"]["source"] == "live"

    # replaying the fresh cassettes gives the recording run's verdicts
    server.stop()
    replay = parity(project.root, {**os.environ}, "run")
    assert replay.returncode == 0, replay.stdout + replay.stderr
    replayed = json.loads((project.reports / "results.json").read_text())
    verdicts = {c["id"]: c["verdict"] for c in results["cases"]}
    assert {c["id"]: c["verdict"] for c in replayed["cases"]} == verdicts


def test_a_target_without_credentials_is_skipped_with_one_line_and_the_rest_record(
    project: Project,
    simulator: tuple[SimulatorServer, SeeingResolver],
    service_account: tuple[Path, str],
) -> None:
    server, _ = simulator
    env = live_env(server.base_url, service_account[0])
    del env["OPENAI_API_KEY"]
    run = parity(project.root, env, "record", "--live", "--update-golden", "-k", "hello")
    assert run.returncode == 0, run.stdout + run.stderr
    lines = [line for line in run.stdout.splitlines() if line.strip().startswith("openai")]
    assert len(lines) == 2  # chat completions and Responses take the same key
    assert all("skipped" in line and "OPENAI_API_KEY" in line for line in lines)
    recorded = json.loads((project.reports / "results.json").read_text())["cases"]
    keyless = {"openai", "openai-responses"}
    assert {c["target"] for c in recorded} == set(available_targets()) - keyless


def test_wrong_aws_credentials_are_refused_by_the_simulator_as_bedrock_would(
    project: Project,
    simulator: tuple[SimulatorServer, SeeingResolver],
    service_account: tuple[Path, str],
) -> None:
    server, _ = simulator
    env = {
        **live_env(server.base_url, service_account[0]),
        "AWS_SECRET_ACCESS_KEY": "canary-wrong-secret-" + "f" * 20,
    }
    run = parity(
        project.root,
        env,
        "record",
        "--live",
        "--target",
        "bedrock-invoke",
        "-k",
        "hello",
        "--update-golden",
    )
    assert run.returncode == 1
    cases: list[dict[str, Any]] = json.loads((project.reports / "results.json").read_text())[
        "cases"
    ]
    bodies = [json.dumps(c["outcome"]) for c in cases if c["target"] == "bedrock-invoke"]
    assert bodies and all("signature" in b.lower() for b in bodies), bodies


def test_a_credential_echoed_by_a_backend_reaches_no_outcome_golden_or_result(
    project: Project, loopback: Callable[[Route], Loopback]
) -> None:
    def echo(path: str, headers: dict[str, str], body: bytes) -> Answer:
        error = {
            "error": {
                "message": f"bad key: {headers.get('authorization')}",
                "type": "invalid_request_error",
                "param": None,
                "code": "invalid_api_key",
            }
        }
        return 401, json.dumps(error).encode(), {"Content-Type": "application/json"}

    server = loopback(echo)
    env = {
        **os.environ,
        "OPENAI_API_KEY": CANARY["OPENAI_API_KEY"],
        "PARITY_OPENAI_BASE_URL": f"{server.url}/v1",
    }
    run = parity(
        project.root,
        env,
        "record",
        "--live",
        "--target",
        "openai",
        "-k",
        "hello",
        "--update-golden",
    )
    assert server.seen, run.stdout + run.stderr  # the echoing backend was really asked
    for path in written_files(project.root):
        assert CANARY["OPENAI_API_KEY"] not in path.read_text(errors="replace"), path
    cases = json.loads((project.reports / "results.json").read_text())["cases"]
    messages = [c["outcome"]["body"]["error"]["message"] for c in cases if c["mode"] == "json"]
    assert messages == ["bad key: <redacted>"]
