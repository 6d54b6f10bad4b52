"""Client scenarios: the shipped ones load, and a mistake is one line naming file, line and
field."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.clients.scenario import load_client_scenario, load_client_scenarios, marker
from harness.errors import ScenarioError

ROOT = Path(__file__).resolve().parents[3]

GOOD = """\
id: client/sample
title: A sample
client: claude-code
prompt: "[parity:client/sample] Do it."
files: {notes.txt: "hello\\n"}
turns:
  - content: [{type: text, text: "Done."}]
    stop_reason: end_turn
    usage: {input_tokens: 1, output_tokens: 1}
expect:
  final_text: "Done."
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sample.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_client_scenarios_load() -> None:
    scenarios = load_client_scenarios(ROOT / "fixtures" / "clients", ROOT)
    assert {s.id for s in scenarios} >= {"client/tool-round-trip", "client/write-file"}
    for scenario in scenarios:
        assert scenario.marker in scenario.prompt
        assert scenario.turns[-1]["stop_reason"] == "end_turn"


def test_a_scenario_holds_its_prompt_files_turns_and_expectations(tmp_path: Path) -> None:
    scenario = load_client_scenario(write(tmp_path, GOOD))
    assert scenario.marker == marker("client/sample") == "[parity:client/sample]"
    assert scenario.files == {"notes.txt": "hello\n"}
    assert scenario.turns[0]["content"] == [{"type": "text", "text": "Done."}]
    assert scenario.expect.final_text == "Done."


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ('prompt: "[parity:client/sample] Do it."', 'prompt: "Do it."', ":4: prompt: must contain"),
        ("    stop_reason: end_turn", "    stop_reason: finished", ":8: turns[0].stop_reason"),
        (
            'files: {notes.txt: "hello\\n"}',
            "files: {../x: a}",
            ":5: files.../x: must be a relative",
        ),
        ("client: claude-code", "client: emacs", ":3: client: must be one of"),
        (
            '  final_text: "Done."',
            '  final_text: "Done."\nsdk: {count_tokens: 5}',
            ":12: sdk: is for the SDK clients",
        ),
        (
            '  final_text: "Done."',
            '  final_text: "Done."\nbinary_files: {a.png: "not base64!"}',
            "binary_files.a.png: must be base64",
        ),
        ("id: client/sample", "id: sample", ":1: id: must be 'client/<name>'"),
        ('  final_text: "Done."', "  final: x", "expect.final: unknown key"),
        (
            '  final_text: "Done."',
            '  final_text: "Done."\n  error: overloaded_error',
            "expect: must hold exactly one of 'final_text' and 'error'",
        ),
        (
            '  final_text: "Done."',
            '  final_text: "Done."\nretries: [{turn: 2, answers: [{error: {status: 429}}]}]',
            ":12: retries[0].turn: must be a turn number from 1 to 1",
        ),
        (
            '  final_text: "Done."',
            '  final_text: "Done."\nknown_differences: [{target: mars, path: x, reason: y}]',
            ":12: known_differences[0].target: must be one of",
        ),
    ],
)
def test_a_mistake_names_the_file_line_and_field(
    tmp_path: Path, old: str, new: str, named: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(ScenarioError) as caught:
        load_client_scenario(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert named in message
    assert "\n" not in message


RETRIED = GOOD.replace(
    '  final_text: "Done."',
    """  final_text: "Done."
retries:
  - turn: 1
    answers:
      - error: {status: 429, type: rate_limit_error, message: Slow down}
      - error: {status: 529, type: overloaded_error, message: Overloaded}
""",
)


def test_retries_answer_a_turns_first_attempts_and_count_in_the_expected_requests(
    tmp_path: Path,
) -> None:
    scenario = load_client_scenario(write(tmp_path, RETRIED))
    assert [a["error"]["status"] for a in scenario.retries[0]] == [429, 529]
    assert list(scenario.answers()) == [
        "client/sample/turn-1/attempt-1",
        "client/sample/turn-1/attempt-2",
        "client/sample/turn-1",
    ]
    assert scenario.expected_requests() == 3
    capped = RETRIED.replace('  final_text: "Done."', '  final_text: "Done."\n  requests: 2')
    assert load_client_scenario(write(tmp_path, capped)).expected_requests() == 2


def test_sdk_options_and_binary_files_are_read(tmp_path: Path) -> None:
    text = GOOD.replace("client: claude-code", "client: anthropic-sdk") + (
        "binary_files: {a.png: aGk=}\nsdk: {attach: [a.png], count_tokens: 7, system: S}\n"
    )
    scenario = load_client_scenario(write(tmp_path, text))
    assert scenario.binary_files == {"a.png": b"hi"}
    assert scenario.sdk == {"attach": ["a.png"], "count_tokens": 7, "system": "S"}
    openai = text.replace("client: anthropic-sdk", "client: openai-sdk")
    with pytest.raises(ScenarioError, match="the OpenAI front has no token counting"):
        load_client_scenario(write(tmp_path, openai))


def test_a_known_difference_covers_its_path_and_below_on_its_target(tmp_path: Path) -> None:
    text = GOOD + (
        "known_differences:\n"
        "  - {target: openai, path: 'response[1].content', reason: no thinking on OpenAI}\n"
    )
    [known] = load_client_scenario(write(tmp_path, text)).known_differences
    assert known.covers("openai", "response[1].content")
    assert known.covers("openai", "response[1].content[0].signature")
    assert not known.covers("openai", "response[1].contents")
    assert not known.covers("vertex", "response[1].content")
