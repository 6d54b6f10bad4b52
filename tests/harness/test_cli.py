"""The `parity` command: stable translate/check contracts, one-line errors, exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.protocol.sse import encode_events
from harness.cli import main
from harness.session import Project
from tests.support.streams import text_stream

ROOT = Path(__file__).resolve().parents[2]
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


# -- input the CLI cannot use: one line, exit 2 ------------------------------------------

SURROGATE_CONTENT = b'{"model": "sonnet", "max_tokens": 5, "messages": [{"role": "user", '
SURROGATE_CONTENT += b'"content": "\\ud800"}]}'


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (
            ["translate", "request", "--to", "anthropic"],
            SURROGATE_CONTENT,
            "<stdin>: messages[0].content: a string holds a lone surrogate",
        ),
        (
            ["translate", "request", "--to", "bedrock-invoke"],
            b'{"model": "\\udfff", "max_tokens": 5, "messages": []}',
            "<stdin>: model: a string holds a lone surrogate",
        ),
        (["check"], b'{"type": "message", "id": "\\ud800"}', "<stdin>: id: a string holds"),
        (
            ["translate", "request", "--to", "vertex"],
            b"[" * 5000 + b"]" * 5000,
            "<stdin>: JSON nested more than 128 levels deep",
        ),
        (["check"], b'{"a":' * 200 + b"1" + b"}" * 200, "<stdin>: JSON nested more than 128"),
        (
            ["translate", "request", "--to", "openai"],
            b'{"model": "sonnet", "max_tokens": ' + b"7" * 5000 + b', "messages": []}',
            "<stdin>: an integer of 5000 digits (at most 4300)",
        ),
        (
            ["translate", "response", "--from", "anthropic"],
            b'{"type": "message", "usage": {"input_tokens": 1e999}}',
            "<stdin>: the number 1e999 is too large for a float",
        ),
        (
            ["translate", "response", "--from", "openai"],
            b'{"choices": [], "usage": {"prompt_tokens": NaN}}',
            "<stdin>: NaN is not JSON",
        ),
        (["check"], b"{oops", "<stdin>: not valid JSON: Expecting property name"),
        (["check", "--stream", "/nonexistent/stream.sse"], b"", "/nonexistent/stream.sse: cannot"),
    ],
)
def test_input_beyond_the_readers_limits_is_refused_in_one_line(
    argv: list[str],
    stdin: bytes,
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = run_cli(argv, capsys, monkeypatch, stdin)
    assert (code, out) == (2, "")
    assert err.startswith(f"parity: {message}") and err.count("\n") == 1


def test_a_lone_surrogate_in_the_request_file_of_translate_response_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    request = tmp_path / "request.json"
    request.write_bytes(SURROGATE_CONTENT)
    argv = ["translate", "response", "--from", "anthropic", "--request", str(request)]
    code, out, err = run_cli(argv, capsys, monkeypatch, json.dumps({"type": "x"}).encode())
    assert (code, out) == (2, "")
    assert err == f"parity: {request}: messages[0].content: a string holds a lone surrogate" + (
        " (not UTF-8)\n"
    )


def test_a_stream_event_type_with_a_line_break_is_refused_rather_than_printed_as_sse(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = b'event: ping\ndata: {"type": "ping\\nevent: forged"}\n\n'
    argv = ["translate", "response", "--from", "anthropic", "--stream"]
    code, out, err = run_cli(argv, capsys, monkeypatch, raw)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        "parity: <stdin>: event 0: a type with a line break cannot name an SSE event"
    )


def test_usage_errors_are_one_parity_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run_cli(
        ["translate", "response", "--from", "vertex", "--status", "99"], capsys, monkeypatch
    )
    assert (code, out) == (2, "")
    assert err == (
        "parity: translate response: argument --status: expected an HTTP status from 100 to "
        "599, got 99 (see `parity translate response --help`)\n"
    )


def test_a_closed_pipe_ends_quietly_with_141() -> None:
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before anything is written, as after `| head -0`
    try:
        done = subprocess.run(
            [sys.executable, "-m", "harness.cli", "translate", "request", "--to", "vertex"],
            input=json.dumps(REQUEST).encode(),
            stdout=writer,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (141, b"")


# -- translate response: exactly the client's body; exit 1 when the response had problems -


def test_translate_response_prints_the_message_itself_or_with_its_status(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    message = text_stream("Hi")[0]["message"]
    raw = json.dumps(message).encode()
    code, out, err = run_cli(
        ["translate", "response", "--from", "anthropic"], capsys, monkeypatch, raw
    )
    assert (code, err) == (0, "")
    assert json.loads(out) == message
    code, out, _ = run_cli(
        ["translate", "response", "--from", "anthropic", "--stream", "--include-status"],
        capsys,
        monkeypatch,
        encode_events(text_stream("Hi")),
    )
    assert code == 0
    assert json.loads(out) == {"status": 200, "events": text_stream("Hi")}


def test_a_garbage_bedrock_stream_prints_sse_ending_in_an_error_and_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["translate", "response", "--from", "bedrock-invoke", "--stream"]
    code, out, err = run_cli(argv, capsys, monkeypatch, b"not an event stream at all")
    assert code == 1
    assert out.startswith("event: error\ndata: {") and out.endswith("}\n\n")
    error = json.loads(out.split("data: ", 1)[1])
    assert error["error"]["type"] == "api_error"
    assert err.startswith("parity: warning: corrupt event-stream frame")


def test_a_garbage_vertex_body_is_the_clients_error_exit_1_and_a_warning_without_the_bytes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    garbage = b"<html>\x1b[31m oops \xff</html>"
    argv = ["translate", "response", "--from", "vertex"]
    code, out, err = run_cli(argv, capsys, monkeypatch, garbage)
    assert code == 1
    assert json.loads(out)["error"]["type"] == "api_error"
    assert err == (
        "parity: warning: <stdin>: the HTTP 200 answer is not a vertex response; printed as "
        "the HTTP 500 error a client gets\n"
    )


# -- translate request: warnings for what the API would refuse, still translated ---------


def test_translate_request_warns_about_a_request_the_api_would_refuse(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    body = json.dumps({"model": "sonnet", "messages": []}).encode()
    code, out, err = run_cli(
        ["translate", "request", "--to", "anthropic"], capsys, monkeypatch, body
    )
    assert code == 0
    assert json.loads(out)["body"] == {"model": "claude-sonnet-4-6", "messages": []}
    assert err.splitlines() == [
        "parity: warning: <stdin>: max_tokens: missing; the API refuses such a request",
        "parity: warning: <stdin>: messages: empty (at least one message is required); the API "
        "refuses such a request",
    ]


def test_translate_request_warns_that_an_anthropic_model_id_is_no_bedrock_model_id(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    body = json.dumps({**REQUEST, "model": "claude-sonnet-4-5-20250929"}).encode()
    code, out, err = run_cli(
        ["translate", "request", "--to", "bedrock-invoke"], capsys, monkeypatch, body
    )
    assert code == 0  # translated as asked, with the translator's warning
    assert "/model/claude-sonnet-4-5-20250929/invoke" in json.loads(out)["url"]
    assert err.count("\n") == 1
    assert err.startswith(
        "parity: warning: <stdin>: model: 'claude-sonnet-4-5-20250929' is an Anthropic model "
        "name, not a Bedrock model id"
    )
