"""`parity serve --log FILE.jsonl`: one JSON line per request, with the route, the target,
the scenario or why none, the status and the latency, and nothing from bodies or headers."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import anthropic
import pytest

from harness.cli import main
from harness.session import Project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")


def test_serve_logs_one_json_line_per_request(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log, port = tmp_path / "requests.jsonl", free_port()
    argv = ["serve", "--root", str(project.root), "--port", str(port), "--max-requests", "2"]
    serving = threading.Thread(target=main, args=([*argv, "--log", str(log)],), daemon=True)
    serving.start()
    wait_for(port)
    client = anthropic.Anthropic(
        base_url=f"http://127.0.0.1:{port}", api_key="canary-key-123", max_retries=0
    )
    client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=64,
        messages=[{"role": "user", "content": "Say hello"}],
    )
    with pytest.raises(anthropic.BadRequestError):
        client.messages.create(
            model="claude-sonnet-4-6", max_tokens=64, messages=[{"role": "user", "content": "Hi"}]
        )
    serving.join(timeout=10)
    assert not serving.is_alive()  # the budget of two requests is spent
    text = log.read_text()
    matched, unplaced = (json.loads(line) for line in text.splitlines())
    assert matched["route"] == "POST /v1/messages"
    assert (matched["target"], matched["scenario"], matched["status"]) == (
        "anthropic",
        "basic/hello",
        200,
    )
    assert matched["latency_ms"] >= 0 and "why" not in matched
    assert (unplaced["scenario"], unplaced["status"]) == (None, 400)
    assert unplaced["why"].startswith("no scenario matches; the closest is 'basic/hello'")
    assert unplaced["differences"] == ["changed body.messages[0].content"]
    assert "canary-key-123" not in text and "Say hello" not in text
    capsys.readouterr()
