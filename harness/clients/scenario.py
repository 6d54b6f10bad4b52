"""Client scenarios: ``fixtures/clients/*.yaml`` (format in docs/CLIENTS.md).

A client scenario names the client that runs it, the prompt given to the client (which must
carry the scenario's marker, ``[parity:<id>]``), files placed in the client's throw-away
working directory, the scripted model turns (each a reply as in docs/SCENARIOS.md), and what
must hold at the end: the client's final text, text that the tool results it sends back must
contain, and files it must leave. Every mistake is a `ScenarioError` naming file, line and
field.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from harness import registry
from harness.errors import ScenarioError
from harness.scenarios.fields import Fields
from harness.scenarios.fields import Path as FieldPath
from harness.scenarios.reply import reply
from harness.scenarios.yaml_source import parse
from harness.vocabulary import JSON

CLIENTS = (
    "claude-code",
    "anthropic-sdk",
    "anthropic-sdk-stream",
    "anthropic-sdk-tool-runner",
    "openai-sdk",
    "openai-sdk-stream",
)
"""The clients a scenario may name."""

_TOP_KEYS = {
    "id",
    "title",
    "description",
    "client",
    "prompt",
    "files",
    "turns",
    "expect",
    "known_differences",
    "retries",
    "binary_files",
    "sdk",
}
_SDK_KEYS = {"system", "cache_system", "attach", "count_tokens"}
_KNOWN_KEYS = {"target", "path", "reason"}
_EXPECT_KEYS = {"final_text", "tool_results_contain", "files", "error", "requests"}
_RETRY_KEYS = {"turn", "answers"}
_ID = re.compile(r"^client/[a-z0-9][a-z0-9_.-]*$")


def marker(scenario_id: str) -> str:
    """The text that identifies a client scenario's conversation: ``[parity:<id>]``."""
    return f"[parity:{scenario_id}]"


@dataclass(frozen=True)
class Expectations:
    """What must hold once the client has finished."""

    final_text: str | None
    tool_results_contain: tuple[str, ...] = ()
    files: Mapping[str, str] = field(default_factory=dict)
    error: str | None = None
    """Text the error the client ends with must hold (then it must end with one)."""
    requests: int | None = None
    """How many requests the conversation takes (default: every answer of the script)."""


@dataclass(frozen=True)
class KnownDifference:
    """A declared, reasoned difference on one target: findings at ``path`` or below it
    turn amber with ``reason``."""

    target: str
    path: str
    reason: str

    def covers(self, target: str, path: str) -> bool:
        return target == self.target and (
            path == self.path or path.startswith((self.path + ".", self.path + "["))
        )


@dataclass(frozen=True)
class ClientScenario:
    id: str
    title: str
    description: str
    client: str
    prompt: str
    files: Mapping[str, str]
    turns: tuple[JSON, ...]
    expect: Expectations
    path: Path
    known_differences: tuple[KnownDifference, ...] = ()
    binary_files: Mapping[str, bytes] = field(default_factory=dict)
    """Files placed as bytes (given in base64), such as an image to attach."""
    sdk: Mapping[str, Any] = field(default_factory=dict)
    """What the SDK program sends besides the prompt: ``system``, ``cache_system``,
    ``attach`` (image files), ``count_tokens`` (the count the simulator answers, which the
    client must report)."""
    retries: Mapping[int, tuple[JSON, ...]] = field(default_factory=dict)
    """Turn index (from 0) -> the answers its first attempts get, in order, before the turn
    itself (an error a client should retry, a stream cut by an overload)."""

    @property
    def marker(self) -> str:
        return marker(self.id)

    def answers(self) -> dict[str, JSON]:
        """Every scripted answer by the name the simulator's journal gives it."""
        named: dict[str, JSON] = {}
        for index, turn in enumerate(self.turns):
            for attempt, answer in enumerate(self.retries.get(index, ()), start=1):
                named[attempt_name(self.id, index + 1, attempt)] = answer
            named[turn_name(self.id, index + 1)] = turn
        return named

    def expected_requests(self) -> int:
        """How many requests the conversation should take."""
        if self.expect.requests is not None:
            return self.expect.requests
        return sum(1 + len(self.retries.get(i, ())) for i in range(len(self.turns)))


def turn_name(scenario_id: str, turn: int) -> str:
    """How the journal names the scripted turn ``turn`` (from 1) of a scenario."""
    return f"{scenario_id}/turn-{turn}"


def attempt_name(scenario_id: str, turn: int, attempt: int) -> str:
    """How the journal names the answer to attempt ``attempt`` (from 1) of a turn that is
    answered before the turn itself."""
    return f"{turn_name(scenario_id, turn)}/attempt-{attempt}"


def load_client_scenarios(directory: Path, shown_root: Path | None = None) -> list[ClientScenario]:
    """Every client scenario in ``directory`` (sorted by file name); the first broken file
    is a `ScenarioError`."""
    if not directory.is_dir():
        return []
    return [load_client_scenario(p, shown_root) for p in sorted(directory.glob("*.yaml"))]


def load_client_scenario(path: Path, shown_root: Path | None = None) -> ClientScenario:
    shown = str(path.relative_to(shown_root)) if shown_root is not None else str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(shown, None, f"cannot read the file: {exc.strerror or exc}") from None
    document = parse(raw, shown)
    if document.data is None:
        raise ScenarioError(shown, 1, "the file is empty")
    return _scenario(Fields(shown, document), document.data, path)


def _scenario(f: Fields, data: Any, path: Path) -> ClientScenario:
    top = f.mapping(data, [])
    f.keys(top, _TOP_KEYS, [])
    for required in ("id", "title", "client", "prompt", "turns", "expect"):
        if required not in top:
            raise f.fail([], f"missing required key {required!r}")
    sid = f.string(top["id"], ["id"])
    if not _ID.match(sid):
        raise f.fail(["id"], f"must be 'client/<name>' in lower-case letters, got {sid!r}")
    prompt = f.string(top["prompt"], ["prompt"])
    if marker(sid) not in prompt:
        raise f.fail(["prompt"], f"must contain the scenario's marker {marker(sid)!r}")
    description = top.get("description", "")
    if not isinstance(description, str):
        raise f.fail(["description"], "must be a string")
    turns = f.seq(top["turns"], ["turns"])
    if not turns:
        raise f.fail(["turns"], "must hold at least one model turn")
    return ClientScenario(
        id=sid,
        title=f.string(top["title"], ["title"]),
        description=description,
        client=f.choice(top["client"], CLIENTS, ["client"]),
        prompt=prompt,
        files=_files(f, top.get("files"), ["files"]),
        turns=tuple(
            reply(_ReplyFields(f, ["turns", i]), turn, "messages") for i, turn in enumerate(turns)
        ),
        expect=_expect(f, top["expect"]),
        path=path,
        known_differences=_known(f, top.get("known_differences")),
        retries=_retries(f, top.get("retries"), len(turns)),
        binary_files=_binary(f, top.get("binary_files")),
        sdk=_sdk(f, top.get("sdk"), str(top["client"])),
    )


def _binary(f: Fields, value: Any) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for name, text in _files(f, value, ["binary_files"]).items():
        try:
            found[name] = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise f.fail(["binary_files", name], "must be base64") from None
    return found


def _sdk(f: Fields, value: Any, client: str) -> dict[str, Any]:
    if value is None:
        return {}
    data = f.mapping(value, ["sdk"])
    f.keys(data, _SDK_KEYS, ["sdk"])
    if client == "claude-code":
        raise f.fail(["sdk"], "is for the SDK clients (Claude Code takes only the prompt)")
    if "count_tokens" in data:
        count = data["count_tokens"]
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise f.fail(["sdk", "count_tokens"], "must be a token count (an integer >= 0)")
        if client.startswith("openai-"):
            raise f.fail(["sdk", "count_tokens"], "the OpenAI front has no token counting")
    attach = f.seq(data.get("attach", []), ["sdk", "attach"])
    return {**data, "attach": [f.string(a, ["sdk", "attach", i]) for i, a in enumerate(attach)]}


def _retries(f: Fields, value: Any, turns: int) -> dict[int, tuple[JSON, ...]]:
    found: dict[int, tuple[JSON, ...]] = {}
    for i, raw in enumerate(f.seq(value or [], ["retries"])):
        where: list[str | int] = ["retries", i]
        entry = f.mapping(raw, where)
        f.keys(entry, _RETRY_KEYS, where)
        turn = entry.get("turn")
        if not isinstance(turn, int) or isinstance(turn, bool) or not 1 <= turn <= turns:
            raise f.fail([*where, "turn"], f"must be a turn number from 1 to {turns}")
        if turn - 1 in found:
            raise f.fail([*where, "turn"], f"turn {turn} is listed twice")
        answers = f.seq(entry.get("answers"), [*where, "answers"])
        if not answers:
            raise f.fail([*where, "answers"], "must hold at least one answer")
        found[turn - 1] = tuple(
            reply(_ReplyFields(f, [*where, "answers", j]), answer, "messages")
            for j, answer in enumerate(answers)
        )
    return found


def _known(f: Fields, value: Any) -> tuple[KnownDifference, ...]:
    known: list[KnownDifference] = []
    for i, raw in enumerate(f.seq(value or [], ["known_differences"])):
        where: list[str | int] = ["known_differences", i]
        entry = f.mapping(raw, where)
        f.keys(entry, _KNOWN_KEYS, where)
        known.append(
            KnownDifference(
                target=f.choice(entry.get("target"), registry.targets(), [*where, "target"]),
                path=f.string(entry.get("path"), [*where, "path"]),
                reason=f.string(entry.get("reason"), [*where, "reason"]),
            )
        )
    return tuple(known)


def _expect(f: Fields, value: Any) -> Expectations:
    data = f.mapping(value, ["expect"])
    f.keys(data, _EXPECT_KEYS, ["expect"])
    if ("final_text" in data) == ("error" in data):
        raise f.fail(["expect"], "must hold exactly one of 'final_text' and 'error'")
    contains = f.seq(data.get("tool_results_contain", []), ["expect", "tool_results_contain"])
    requests = data.get("requests")
    if requests is not None and (
        not isinstance(requests, int) or isinstance(requests, bool) or requests < 1
    ):
        raise f.fail(["expect", "requests"], "must be a positive integer")
    final = data.get("final_text")
    return Expectations(
        final_text=None if final is None else f.string(final, ["expect", "final_text"]),
        error=_optional(f, data.get("error")),
        requests=requests,
        tool_results_contain=tuple(
            f.string(text, ["expect", "tool_results_contain", i]) for i, text in enumerate(contains)
        ),
        files=_files(f, data.get("files"), ["expect", "files"]),
    )


def _files(f: Fields, value: Any, where: FieldPath) -> dict[str, str]:
    """Relative file names (no ``..``, not absolute) and their text."""
    files: dict[str, str] = {}
    for name, text in f.mapping(value or {}, where).items():
        at = [*where, str(name)]
        pure = PurePosixPath(str(name))
        if pure.is_absolute() or ".." in pure.parts or not pure.parts:
            raise f.fail(at, "must be a relative file name inside the working directory")
        if not isinstance(text, str):
            raise f.fail(at, "must be the file's text (a string)")
        files[str(pure)] = text
    return files


def _optional(f: Fields, value: Any) -> str | None:
    return None if value is None else f.string(value, ["expect", "error"])


class _ReplyFields(Fields):
    """The reply validator's fields for one scripted answer: its ``reply`` path is
    ``prefix`` in the file (``turns[i]``, ``retries[i].answers[j]``)."""

    def __init__(self, base: Fields, prefix: list[str | int]) -> None:
        super().__init__(base.file, base.document)
        self.prefix = prefix

    def _moved(self, path: FieldPath) -> list[str | int]:
        rest = list(path[1:]) if path[:1] == ["reply"] else list(path)
        return [*self.prefix, *rest]

    def fail(self, path: FieldPath, message: str) -> ScenarioError:
        return super().fail(self._moved(path), message)
