"""Golden files: absent is None, unreadable is one error naming the file, and writes are
canonical (sorted, pretty, newline-terminated), atomic, and skipped when nothing changed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from harness.errors import ParityError
from harness.golden import (
    Golden,
    GoldenError,
    Update,
    compare_front,
    compare_outcome,
    compare_request,
    read,
    write_if_changed,
)

REQUEST = {"method": "POST", "url": "https://api.anthropic.com/v1/messages", "body": {"b": 1}}
OUTCOME = {"status": 200, "body": {"type": "message", "content": [{"type": "text", "text": "Hé"}]}}


def test_reading_a_missing_golden_gives_none(tmp_path: Path) -> None:
    assert read(tmp_path / "basic" / "hello" / "vertex-json.json") is None


def test_reading_gives_the_request_and_the_outcome(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"outcome": OUTCOME, "request": REQUEST}), encoding="utf-8")
    assert read(path) == Golden(REQUEST, OUTCOME)


@pytest.mark.parametrize("text", ['{"request": {}, "outcome": ', "", "\udcff"])
def test_a_corrupt_golden_is_a_golden_error_naming_the_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "vertex-json.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(GoldenError) as info:
        read(path)
    message = str(info.value)
    assert message.startswith(f"{path}: golden file is not valid JSON")
    assert "--update-golden" in message
    assert "\n" not in message
    assert isinstance(info.value, ParityError)


@pytest.mark.parametrize("data", [[1, 2], {"request": {}}, {"outcome": {}}])
def test_a_golden_without_request_and_outcome_is_an_error(tmp_path: Path, data: object) -> None:
    path = tmp_path / "g.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GoldenError, match="must hold `request` and `outcome`") as info:
        read(path)
    assert str(info.value).startswith(str(path))


def test_writing_creates_folders_and_writes_sorted_pretty_json_with_a_newline(
    tmp_path: Path,
) -> None:
    path = tmp_path / "golden" / "basic" / "hello" / "vertex-json.json"
    assert write_if_changed(path, Golden(REQUEST, OUTCOME)) == Update(path, None)  # new file
    text = path.read_text(encoding="utf-8")
    assert (
        text
        == json.dumps(
            {"request": REQUEST, "outcome": OUTCOME}, indent=2, sort_keys=True, ensure_ascii=False
        )
        + "\n"
    )
    assert text.index('"outcome"') < text.index('"request"')
    assert "Hé" in text
    assert read(path) == Golden(REQUEST, OUTCOME)


def test_writing_the_same_content_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    write_if_changed(path, Golden(REQUEST, OUTCOME))
    os.utime(path, ns=(1, 1))
    reordered = dict(reversed(list(OUTCOME.items())))
    assert write_if_changed(path, Golden(REQUEST, reordered)) is None
    assert path.stat().st_mtime_ns == 1


def test_a_changed_outcome_is_written_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    write_if_changed(path, Golden(REQUEST, OUTCOME))
    changed = {"status": 529, "body": {"type": "error"}}
    update = write_if_changed(path, Golden(REQUEST, changed))
    assert update is not None and update.path == path
    assert update.diff is not None
    assert '-    "status": 200\n+    "status": 529\n' in update.diff
    assert update.diff.startswith("--- a/g.json\n+++ b/g.json\n")
    assert read(path) == Golden(REQUEST, changed)
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def test_a_value_that_is_not_json_leaves_the_previous_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    write_if_changed(path, Golden(REQUEST, OUTCOME))
    before = path.read_bytes()
    with pytest.raises(TypeError):
        write_if_changed(path, Golden(REQUEST, {"status": object()}))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]


def test_a_failed_write_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "vertex-json.json"
    path.mkdir()  # something that cannot be replaced by a file
    with pytest.raises(OSError):
        write_if_changed(path, Golden(REQUEST, OUTCOME))
    assert [p.name for p in tmp_path.iterdir()] == ["vertex-json.json"]


def test_comparisons_name_their_check_and_what_was_expected() -> None:
    [request] = compare_request({"url": "a"}, {"url": "b"})
    assert (request.check, request.path, request.message) == (
        "golden-request",
        "url",
        "value differs from the golden wire request",
    )
    [outcome] = compare_outcome({"status": 200}, {"status": 429})
    assert (outcome.check, outcome.path, outcome.expected, outcome.actual) == (
        "golden",
        "status",
        200,
        429,
    )
    assert outcome.message == "value differs from the golden outcome"
    assert compare_outcome(OUTCOME, json.loads(json.dumps(OUTCOME))) == []


def test_a_front_outcome_is_stored_only_when_there_is_one(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    write_if_changed(path, Golden(REQUEST, OUTCOME))
    assert "front_outcome" not in json.loads(path.read_text())
    front = {"status": 200, "body": {"object": "chat.completion"}}
    write_if_changed(path, Golden(REQUEST, OUTCOME, front))
    assert read(path) == Golden(REQUEST, OUTCOME, front)


def test_front_differences_are_golden_findings_under_front() -> None:
    [finding] = compare_front({"status": 200}, {"status": 500})
    assert (finding.check, finding.path) == ("golden", "front.status")
    [missing] = compare_front(None, {"status": 200})
    assert missing.path == "front"


def test_a_golden_holding_a_secret_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    secret = "canary-" + "s" * 24
    leaky = {"status": 401, "body": {"type": "error", "error": {"message": secret}}}
    with pytest.raises(GoldenError) as info:
        write_if_changed(path, Golden(REQUEST, leaky), known_secrets={secret})
    assert "refusing to write a golden file holding a secret" in str(info.value)
    assert not path.exists()
