"""Gateway profiles: what a valid one says, and a one-line error naming the file and field
for every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from harness.systems.gateway.profile import ProfileError, load_profile, resolve_env

VALID = {
    "name": "my-gateway",
    "title": "My gateway 1.2",
    "fronts": {"anthropic": "http://127.0.0.1:{port}", "openai": "http://127.0.0.1:{port}/v1/"},
    "headers": {"authorization": "Bearer ${MY_GATEWAY_KEY:-sk-local}"},
    "forwards_headers": True,
    "targets": {
        "vertex": {"model": "claude-vertex", "headers": {"X-Route": "vertex"}},
        "openai": {"unsupported": "no OpenAI-compatible provider configured"},
    },
    "start": {
        "command": ["{python}", "-m", "my_gateway", "--port", "{port}"],
        "env": {"MY_LOG": "debug"},
        "ready": {"path": "/health", "timeout": 30},
        "log": "my-gateway.log",
    },
}


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_a_valid_profile_is_read_whole(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, VALID))
    assert profile.name == "my-gateway" and profile.title == "My gateway 1.2"
    assert profile.fronts == {
        "anthropic": "http://127.0.0.1:{port}",
        "openai": "http://127.0.0.1:{port}/v1",
    }
    assert profile.headers == {"authorization": "Bearer ${MY_GATEWAY_KEY:-sk-local}"}
    assert profile.forwards_headers is True
    assert profile.route("vertex").model == "claude-vertex"
    assert profile.route("vertex").headers == {"x-route": "vertex"}
    assert profile.route("openai").unsupported == "no OpenAI-compatible provider configured"
    assert profile.route("bedrock-invoke").unsupported == (
        "the my-gateway profile has no route to the bedrock-invoke target"
    )
    assert profile.start is not None
    assert profile.start.command[-1] == "{port}"
    assert profile.start.ready_path == "/health" and profile.start.ready_timeout == 30


def mutated(**changes: object) -> dict[str, object]:
    data = yaml.safe_load(yaml.safe_dump(VALID))
    for dotted, value in changes.items():
        keys = dotted.split("__")
        node = data
        for key in keys[:-1]:
            node = node[key]
        if value is None:
            node.pop(keys[-1])
        else:
            node[keys[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (mutated(name="My Gateway"), "name: must be lower-case letters"),
        (mutated(name="reference"), "name: must be lower-case letters"),
        (mutated(fronts={}), "fronts: must name at least one front"),
        (mutated(fronts={"gemini": "http://x"}), "fronts.gemini: unknown front"),
        (mutated(fronts={"anthropic": "127.0.0.1:80"}), "fronts.anthropic: must be an http(s)"),
        (mutated(forwards_headers="yes"), "forwards_headers: must be true or false"),
        (mutated(targets={"azure": {"model": "m"}}), "targets.azure: unknown target"),
        (mutated(targets={"vertex": {"model": ""}}), "targets.vertex.model: must be a non-empty"),
        (mutated(targets={"vertex": {"modle": "m"}}), "targets.vertex.modle: unknown key"),
        (mutated(start__command=[]), "start.command: must be a non-empty list"),
        (mutated(start__ready={"timeout": 0}), "start.ready.timeout: must be a number"),
        (mutated(start__config="missing.j2"), "start.config: no template missing.j2"),
        (mutated(start__config_path="a.json"), "start.config_path: needs start.config"),
        (mutated(colour="blue"), "colour: unknown key"),
        ("just text", "profile: must be a mapping"),
    ],
)
def test_each_mistake_is_one_line_naming_the_file_and_field(
    tmp_path: Path, data: object, message: str
) -> None:
    path = write(tmp_path, data)
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(f"{path}: ")
    assert message in text


def test_unreadable_or_broken_files_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read the profile"):
        load_profile(tmp_path / "absent.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    with pytest.raises(ProfileError, match="not valid YAML"):
        load_profile(broken)


def test_environment_references_resolve_at_call_time_only() -> None:
    value = "Bearer ${KEY}/${OTHER:-fallback}"
    assert resolve_env(value, {"KEY": "k1"}) == "Bearer k1/fallback"
    assert resolve_env(value, {"KEY": "k1", "OTHER": "o"}) == "Bearer k1/o"
    with pytest.raises(ProfileError, match="the environment variable KEY is not set"):
        resolve_env(value, {})


def test_a_target_may_be_out_of_reach_behind_one_front_or_for_one_scenario(
    tmp_path: Path,
) -> None:
    data = mutated(
        targets={
            "openai": {
                "model": "{model_id}",
                "unsupported": {"anthropic": "no Messages translation onto OpenAI"},
                "unsupported_scenarios": {"basic/hello": "needs a service off loopback"},
            }
        }
    )
    route = load_profile(write(tmp_path, data)).route("openai")
    assert route.unsupported is None and route.model == "{model_id}"
    assert route.unsupported_for("anthropic", "tools/weather") == (
        "no Messages translation onto OpenAI"
    )
    assert route.unsupported_for("openai", "basic/hello") == "needs a service off loopback"
    assert route.unsupported_for("openai", "tools/weather") is None


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (
            {"model": "m", "unsupported": {"gemini": "x"}},
            "targets.openai.unsupported.gemini: unknown front",
        ),
        (
            {"model": "m", "unsupported": {"anthropic": ""}},
            "targets.openai.unsupported.anthropic: must be a non-empty",
        ),
        (
            {"model": "m", "unsupported_scenarios": ["basic/hello"]},
            "targets.openai.unsupported_scenarios: must be a mapping",
        ),
        (
            {"model": "m", "unsupported_scenarios": {"basic/hello": 3}},
            "targets.openai.unsupported_scenarios.basic/hello: must be a non-empty",
        ),
    ],
)
def test_reasons_for_what_is_out_of_reach_are_checked(
    tmp_path: Path, route: dict[str, object], message: str
) -> None:
    with pytest.raises(ProfileError, match=message.replace(".", r"\.")):
        load_profile(write(tmp_path, mutated(targets={"openai": route})))


@pytest.mark.parametrize("where", ["/etc/gateway.json", "../outside.json", "a/../../b.json"])
def test_a_config_path_stays_inside_the_working_folder(tmp_path: Path, where: str) -> None:
    (tmp_path / "config.json.j2").write_text("{}")
    data = mutated(start__config="config.json.j2", start__config_path=where)
    with pytest.raises(ProfileError, match=r"start\.config_path: must be a relative path inside"):
        load_profile(write(tmp_path, data))


def test_a_config_path_under_the_working_folder_is_kept(tmp_path: Path) -> None:
    (tmp_path / "config.json.j2").write_text("{}")
    data = mutated(start__config="config.json.j2", start__config_path=".gw/config.json")
    profile = load_profile(write(tmp_path, data))
    assert profile.start is not None and profile.start.config_path == ".gw/config.json"
