"""A session finds its project (or says in one line why it cannot) and selects cases by id or
tag, ignoring case."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cases import Case, expand
from harness.errors import ParityError
from harness.session import Project, Session, SessionOptions, select

HELLO = """\
title: Plain text
tags: [Basic, greeting]
request:
  model: sonnet
  max_tokens: 64
  messages: [{role: user, content: "Say hello"}]
reply:
  content: [{type: text, text: "Hello!"}]
  stop_reason: end_turn
  usage: {input_tokens: 10, output_tokens: 3}
"""
RATE_LIMIT = """\
title: Rate limited
tags: [errors, rate_limit]
request:
  model: sonnet
  max_tokens: 64
  messages: [{role: user, content: "Hi"}]
reply:
  error: {status: 429, type: rate_limit_error, message: "Slow down"}
"""


def make_project(root: Path, scenarios: dict[str, str] | None = None) -> Project:
    files = scenarios if scenarios is not None else {"basic/hello.yaml": HELLO}
    folder = root / "fixtures" / "scenarios"
    folder.mkdir(parents=True)
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return Project(root)


@pytest.fixture
def cases(tmp_path: Path) -> list[Case]:
    project = make_project(
        tmp_path,
        {
            "basic/hello.yaml": HELLO,
            "errors/rate-limit.yaml": RATE_LIMIT,
            "errors/broken.yaml": "title: [unclosed\n",
        },
    )
    return expand(project.scenarios, ("anthropic", "vertex"))


def ids(selected: list[Case]) -> list[str]:
    return [c.id for c in selected]


# -- select ---------------------------------------------------------------------------------


def test_no_keyword_selects_every_case(cases: list[Case]) -> None:
    assert select(cases, None) == cases
    assert select(cases, "") == cases


def test_a_keyword_selects_by_case_id_substring_ignoring_case(cases: list[Case]) -> None:
    assert ids(select(cases, "VERTEX-STREAM")) == [
        "basic/hello[vertex-stream]",
        "errors/broken[vertex-stream]",
        "errors/rate-limit[vertex-stream]",
    ]
    assert ids(select(cases, "hello[anthropic")) == [
        "basic/hello[anthropic-json]",
        "basic/hello[anthropic-stream]",
    ]


def test_a_keyword_selects_by_tag_substring_ignoring_case(cases: list[Case]) -> None:
    assert {c.scenario.id for c in select(cases, "GREET")} == {"basic/hello"}
    assert {c.scenario.id for c in select(cases, "rate_limit")} == {"errors/rate-limit"}


def test_a_broken_scenario_is_selected_by_its_id(cases: list[Case]) -> None:
    assert {c.scenario.id for c in select(cases, "errors/")} == {
        "errors/broken",
        "errors/rate-limit",
    }
    assert {c.scenario.id for c in select(cases, "broken")} == {"errors/broken"}


def test_a_keyword_matching_nothing_selects_nothing(cases: list[Case]) -> None:
    assert select(cases, "bedrock") == []


# -- Project.find ---------------------------------------------------------------------------


def test_an_explicit_root_with_fixtures_is_the_project(tmp_path: Path) -> None:
    make_project(tmp_path)
    project = Project.find(tmp_path)
    assert project.root == tmp_path.resolve()
    assert project.fixtures == tmp_path.resolve() / "fixtures"
    assert project.reports == tmp_path.resolve() / "reports"


def test_an_explicit_root_without_fixtures_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "fixtures").mkdir()
    with pytest.raises(ParityError) as info:
        Project.find(str(tmp_path))
    assert str(info.value) == f"{tmp_path}: not a Parity project (no fixtures/scenarios folder)"


def test_without_a_root_the_nearest_project_above_the_cwd_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path)
    nested = tmp_path / "fixtures" / "scenarios" / "basic"
    monkeypatch.chdir(nested)
    assert Project.find().root == tmp_path.resolve()


def test_without_a_root_or_a_project_above_the_cwd_the_error_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ParityError) as info:
        Project.find()
    message = str(info.value)
    assert message.startswith("no Parity project here")
    assert "--root" in message
    assert "\n" not in message


def test_the_project_loads_its_scenarios_and_separates_the_broken_ones(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"basic/hello.yaml": HELLO, "basic/bad.yaml": "title: [\n"})
    assert sorted(s.id for s in project.scenarios) == ["basic/bad", "basic/hello"]
    assert [s.id for s in project.valid_scenarios()] == ["basic/hello"]


def test_the_config_takes_environment_overrides_only_when_recording(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    (project.fixtures / "targets.yaml").write_text(
        "targets:\n  vertex: {region: us-east5}\n", encoding="utf-8"
    )
    monkeypatch.setenv("CLOUD_ML_REGION", "global")
    assert project.config().profile("vertex").settings.region == "us-east5"
    assert project.config(recording=True).profile("vertex").settings.region == "global"


def test_cases_graded_elsewhere_are_written_through_the_same_secret_scan(tmp_path: Path) -> None:
    """`finish_cases` (what the pytest gate's xdist controller calls with its workers' cases)
    refuses results holding a credential value a worker sent, and writes nothing."""
    project = make_project(tmp_path)
    [case, *_] = expand(project.scenarios, ("anthropic",))
    secret = "canary-" + "w" * 24
    path = tmp_path / "out" / "results.json"
    session = Session(project, SessionOptions(results_path=str(path), write_report=False))
    leaky = {"id": case.id, "verdict": "green", "outcome": {"echo": secret}}
    with pytest.raises(ParityError, match="refusing to write results holding a secret"):
        session.finish_cases([leaky], None, known_secrets=[secret])
    assert not path.exists()
    written = session.finish_cases([{"id": case.id, "verdict": "green"}], "-n 2", [secret])
    assert written.data["totals"]["green"] == 1
    assert path.is_file() and session.written == [str(path)]
