"""The `parity` command: stable translate/check contracts, one-line errors, exit codes."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from adapters.protocol.sse import encode_events
from harness.cli import main
from harness.session import Project
from tests.support.streams import text_stream

REQUEST = {"model": "sonnet", "max_tokens": 32, "messages": [{"role": "user", "content": "Hi"}]}


def run_cli(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: bytes = b"",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    try:
        code = main(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_translate_request_prints_the_vertex_wire_request(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    body = json.dumps({**REQUEST, "stream": True}).encode()
    code, out, _ = run_cli(
        ["translate", "request", "--to", "vertex", "--region", "global", "--project", "acme"],
        capsys,
        monkeypatch,
        body,
    )
    assert code == 0
    wire = json.loads(out)
    assert wire["method"] == "POST"
    assert wire["url"] == (
        "https://aiplatform.googleapis.com/v1/projects/acme/locations/global/publishers/"
        "anthropic/models/claude-sonnet-4-6:streamRawPredict"
    )
    assert wire["body"] == {
        "max_tokens": 32,
        "messages": [{"role": "user", "content": "Hi"}],
        "stream": True,
        "anthropic_version": "vertex-2023-10-16",
    }
    assert wire["headers"]["authorization"] == "Bearer <GOOGLE_ACCESS_TOKEN>"


def test_translate_request_passes_an_unknown_model_name_through(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    body = json.dumps({**REQUEST, "model": "claude-custom-1"}).encode()
    code, out, _ = run_cli(
        ["translate", "request", "--to", "anthropic", "--api-version", "2026-10-21"],
        capsys,
        monkeypatch,
        body,
    )
    wire = json.loads(out)
    assert code == 0
    assert wire["body"]["model"] == "claude-custom-1"
    assert wire["headers"]["anthropic-version"] == "2026-10-21"
    assert wire["headers"]["authorization"] == "Bearer <ANTHROPIC_API_KEY>"


def test_translate_request_quotes_a_bedrock_arn_model_id_and_keeps_colons(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3"
    code, out, _ = run_cli(
        ["translate", "request", "--to", "bedrock-converse"],
        capsys,
        monkeypatch,
        json.dumps({**REQUEST, "model": arn}).encode(),
    )
    assert code == 0
    wire = json.loads(out)
    assert wire["url"] == (
        "https://bedrock-runtime.us-east-1.amazonaws.com/model/arn:aws:bedrock:us-east-1:"
        "123456789012:application-inference-profile%2Fa1b2c3/converse"
    )
    assert wire["body"]["messages"] == [{"role": "user", "content": [{"text": "Hi"}]}]
    assert "<signed at send time>" in wire["headers"]["authorization"]


def test_an_unknown_target_is_refused_before_anything_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run_cli(
        ["translate", "request", "--to", "azure"], capsys, monkeypatch, json.dumps(REQUEST).encode()
    )
    assert code == 2 and out == ""
    assert "invalid choice: 'azure'" in err


def test_translate_response_prints_the_anthropic_error_body_of_a_google_quota_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    envelope = {"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED"}}
    argv = ["translate", "response", "--from", "vertex", "--status", "429"]
    code, out, err = run_cli(argv, capsys, monkeypatch, json.dumps(envelope).encode())
    assert (code, err) == (0, "")
    body = json.loads(out)
    assert body["type"] == "error" and body["error"]["type"] == "rate_limit_error"
    code, out, _ = run_cli(
        [*argv, "--include-status"], capsys, monkeypatch, json.dumps(envelope).encode()
    )
    assert code == 0
    assert json.loads(out) == {"status": 429, "body": body}


def test_translate_response_reencodes_a_stream_as_sse(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    events = text_stream("Hi")
    raw = encode_events(events).replace(b"\n", b"\r\n")
    code, out, _ = run_cli(
        ["translate", "response", "--from", "anthropic", "--stream"], capsys, monkeypatch, raw
    )
    assert code == 0
    assert out.startswith("event: message_start\ndata: {")
    assert out.endswith('event: message_stop\ndata: {"type":"message_stop"}\n\n')


def test_unreadable_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "nope.json"
    code, _, err = run_cli(
        ["translate", "response", "--from", "vertex", str(missing)], capsys, monkeypatch
    )
    assert code == 2
    assert err.count("\n") == 1 and str(missing) in err
    code, _, err = run_cli(
        ["translate", "request", "--to", "vertex"], capsys, monkeypatch, b"{oops"
    )
    assert code == 2 and err.startswith("parity: <stdin>: not valid JSON")


def test_check_reports_each_grammar_problem_and_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = encode_events(
        [
            {
                "type": "content_block_delta",
                "index": 0,
                "delta": {"type": "text_delta", "text": "x"},
            },
        ]
    )
    code, out, _ = run_cli(["check", "--stream"], capsys, monkeypatch, stream)
    assert code == 1
    lines = out.splitlines()
    assert lines and all(line.startswith("<stdin>: [") for line in lines)
    assert any("[grammar]" in line for line in lines)


def test_check_accepts_a_valid_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    message = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-6",
        "content": [{"type": "text", "text": "Hi"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 3, "output_tokens": 2},
    }
    code, out, _ = run_cli(["check"], capsys, monkeypatch, json.dumps(message).encode())
    assert (code, out) == (0, "")


def test_run_outside_a_project_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["run"], capsys, monkeypatch)
    assert code == 2
    assert err.startswith("parity: no Parity project here") and err.count("\n") == 1


def test_run_exits_1_when_a_case_is_red(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, project: Project
) -> None:
    code, out, _ = run_cli(["run", "--root", str(project.root), "--no-report"], capsys, monkeypatch)
    assert code == 0 and "all" in out
    golden = project.fixtures / "golden" / "basic" / "hello" / "anthropic-json.json"
    golden.write_text(golden.read_text().replace("Hello!", "Howdy!"))
    code, out, _ = run_cli(["run", "--root", str(project.root), "--no-report"], capsys, monkeypatch)
    assert code == 1
    assert "basic/hello[anthropic-json]: [golden] body.content[0].text" in out


def test_translate_request_from_openai_goes_through_the_front_door(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    openai_request = {
        "model": "sonnet",
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}],
        "stop": "END",
        "max_completion_tokens": 50,
    }
    code, out, _ = run_cli(
        ["translate", "request", "--from", "openai", "--to", "anthropic"],
        capsys,
        monkeypatch,
        json.dumps(openai_request).encode(),
    )
    assert code == 0
    assert json.loads(out)["body"] == {
        "model": "claude-sonnet-4-6",
        "max_tokens": 50,
        "system": "Be brief.",
        "messages": [{"role": "user", "content": "Hi"}],
        "stop_sequences": ["END"],
    }


def test_translate_request_from_openai_names_a_field_it_cannot_map(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = {
        "model": "sonnet",
        "messages": [
            {
                "role": "user",
                "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64"}}],
            }
        ],
    }
    code, _, err = run_cli(
        ["translate", "request", "--from", "openai", "--to", "vertex"],
        capsys,
        monkeypatch,
        json.dumps(bad).encode(),
    )
    assert code == 2 and err.count("\n") == 1
    assert "cannot map the OpenAI chat-completions request: messages[0].content[0]" in err


def test_translate_response_to_openai_gives_chunks_with_usage_and_done(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    events = text_stream("Hi")
    request = tmp_path / "request.json"
    request.write_text(
        json.dumps(
            {
                "model": "m",
                "messages": [{"role": "user", "content": "x"}],
                "stream_options": {"include_usage": True},
            }
        )
    )
    code, out, _ = run_cli(
        [
            "translate",
            "response",
            "--from",
            "anthropic",
            "--to",
            "openai",
            "--stream",
            "--request",
            str(request),
        ],
        capsys,
        monkeypatch,
        encode_events(events),
    )
    assert code == 0
    lines = [line for line in out.split("\n\n") if line]
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(line.removeprefix("data: ")) for line in lines[:-1]]
    assert (
        "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
        == "Hi"
    )
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["serve", "--port", "99999"], "expected a port from 0 to 65535, got 99999"),
        (["serve", "--max-requests", "0"], "expected at least 1, got 0"),
        (["run", "--rechunk", "seven"], "expected a whole number, got 'seven'"),
    ],
)
def test_bad_option_values_are_refused_before_anything_runs(
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, _, err = run_cli(argv, capsys, monkeypatch)
    assert code == 2 and message in err


def test_run_with_rechunked_replay_grades_like_a_plain_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, project: Project
) -> None:
    root = str(project.root)
    code, plain, _ = run_cli(["run", "--root", root, "--no-report"], capsys, monkeypatch)
    code_split, split, _ = run_cli(
        ["run", "--root", root, "--no-report", "--rechunk", "1"], capsys, monkeypatch
    )
    assert code == code_split == 0
    table = plain.split("\n\nwrote")[0]
    assert table == split.split("\n\nwrote")[0]


def test_report_finds_the_projects_results_from_a_subfolder(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, project: Project
) -> None:
    run_cli(["run", "--root", str(project.root), "--no-report"], capsys, monkeypatch)
    (project.root / "docs").mkdir(exist_ok=True)
    monkeypatch.chdir(project.root / "docs")
    code, out, _ = run_cli(["report"], capsys, monkeypatch)
    assert code == 0 and str(project.reports / "alignment.html") in out
