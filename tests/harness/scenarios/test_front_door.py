"""Front-door scenario files: the form, its one-line errors, and that they stay out of the
Messages corpus (`parity run` never sees them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.scenarios import (
    BrokenScenario,
    FrontDoorScenario,
    discover,
    load_all,
    load_front_doors,
)

ROOT = Path(__file__).resolve().parents[3]

VERSION_MISSING = """\
title: No version
tags: [front_door]
front_door:
  request:
    uses: basic/plain-text
    headers: {anthropic-version: null, x-extra: "1"}
  expect: {status: 400, body: error, error_type: invalid_request_error, names: anthropic-version,
           upstream: none}
not_applicable:
  - {target: openai, reason: not here}
"""


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_front_door_file_loads_with_its_call_and_what_the_client_must_get(
    tmp_path: Path,
) -> None:
    write(tmp_path, "front-door/version-missing.yaml", VERSION_MISSING)
    [door] = load_front_doors(tmp_path)
    assert isinstance(door, FrontDoorScenario)
    assert door.id == "front-door/version-missing"
    assert (door.method, door.path, door.uses) == ("POST", None, "basic/plain-text")
    assert door.headers == (("anthropic-version", None), ("x-extra", "1"))
    assert door.expect.status == 400 and door.expect.error_type == "invalid_request_error"
    assert door.expect.upstream == "none" and door.modes == ("json",)
    assert door.not_applicable_reason("openai", "json") == "not here"
    assert door.not_applicable_reason("vertex", "json") is None


def test_front_door_files_are_not_messages_scenarios(tmp_path: Path) -> None:
    write(tmp_path, "front-door/version-missing.yaml", VERSION_MISSING)
    write(tmp_path, "basic/x.yaml", "title: [\n")
    assert [p.name for p in discover(tmp_path)] == ["x.yaml"]
    assert [s.id for s in load_all(tmp_path)] == ["basic/x"]


def test_the_corpus_front_doors_all_load_and_name_scenarios_that_exist() -> None:
    scenarios = ROOT / "fixtures" / "scenarios"
    doors = load_front_doors(scenarios)
    assert len(doors) >= 16
    ids = {s.id for s in load_all(scenarios)}
    for door in doors:
        assert isinstance(door, FrontDoorScenario), door
        assert door.uses is None or door.uses in ids, door.id


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "title: t\nfront_door:\n  request: {method: GET}\n"
            "  expect: {status: 200, body: model}\n",
            ":3: front_door.request: names a path, or a scenario it uses",
        ),
        (
            "title: t\nfront_door:\n  request: {path: /v1/models}\n"
            "  expect: {status: 404, body: error, error_type: api_error}\n",
            ":4: front_door.expect.error_type: the API documents 'not_found_error' for status 404",
        ),
        (
            "title: t\nfront_door:\n  request: {path: /v1/models, verb: GET}\n"
            "  expect: {status: 200, body: model_page}\n",
            "front_door.request.verb: unknown key",
        ),
        (
            "title: t\nfront_door:\n  request: {path: /v1/models}\n"
            "  expect: {status: 200, body: models}\n",
            "front_door.expect.body: must be one of model_page, model, message",
        ),
        (
            "title: t\nfront_door:\n  request: {path: /v1/models, headers: {x-a: 1}}\n"
            "  expect: {status: 200, body: model_page}\n",
            "front_door.request.headers.x-a: must be a string, or null to leave it out",
        ),
    ],
)
def test_a_broken_front_door_file_fails_alone_naming_file_line_and_field(
    tmp_path: Path, text: str, message: str
) -> None:
    write(tmp_path, "front-door/bad.yaml", text)
    write(tmp_path, "front-door/good.yaml", VERSION_MISSING)
    bad, good = load_front_doors(tmp_path)
    assert isinstance(good, FrontDoorScenario)
    assert isinstance(bad, BrokenScenario)
    assert message in str(bad.error)
    assert str(bad.error).startswith(str(tmp_path / "front-door" / "bad.yaml"))
