"""A client run's routes for judging: the model names a client sends through a gateway are
routed by the reference translator to the same target and model; results land per gateway."""

from __future__ import annotations

from pathlib import Path

from harness.clients.run import reference_routes, reports_dir
from harness.clients.setups import gateway_settings
from harness.clients.system import ClientSystem
from harness.session import Project
from harness.systems.gateway.profile import load_profile
from harness.targets import load_targets

ROOT = Path(__file__).resolve().parents[3]
TARGETS = ("anthropic", "vertex", "bedrock-invoke", "bedrock-converse", "openai")


def system(name: str) -> ClientSystem:
    profile = load_profile(ROOT / "gateways" / name / "profile.yaml")
    return ClientSystem(profile, load_targets(ROOT / "fixtures" / "targets.yaml"))


def test_a_gateways_model_names_route_the_reference_to_the_same_target_and_model() -> None:
    targets = load_targets(ROOT / "fixtures" / "targets.yaml")
    settings = gateway_settings(["claude-code"], TARGETS)
    routes = reference_routes(system("litellm"), settings, "bedrock-converse")
    route = routes.route("parity-bedrock-converse-haiku")
    assert (route.target, route.model_id) == (
        "bedrock-converse",
        targets.model_id("haiku", "bedrock-converse"),
    )


def test_the_reference_keeps_the_null_gateways_setups_whatever_the_gateway() -> None:
    routes = reference_routes(
        system("claude-code-router"), gateway_settings(["claude-code"], TARGETS), "openai"
    )
    route = routes.route(system("claude-code-router").model("openai", "sonnet"))
    assert route.target == "openai"
    assert route.settings.options["user_field"] == "user"


def test_a_name_two_targets_share_routes_the_reference_to_the_cases_target() -> None:
    portkey = system("portkey")
    settings = gateway_settings(["openai-sdk"], TARGETS)
    name = portkey.model("openai", "sonnet")
    assert name == portkey.model("anthropic", "sonnet")  # Portkey names the backend's own id
    assert reference_routes(portkey, settings, "openai").route(name).target == "openai"
    assert reference_routes(portkey, settings, "anthropic").route(name).target == "anthropic"


def test_results_of_another_gateway_land_beside_the_null_gateways() -> None:
    project = Project.find(ROOT)
    assert reports_dir(project, "null-gateway") == project.reports / "clients"
    assert reports_dir(project, "litellm") == project.reports / "clients" / "litellm"
