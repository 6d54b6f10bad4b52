"""One simulator and one null gateway for the gateway tests: the simulator answers a few
scenarios written here, on every target; the gateway routes every target to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.gateway import GatewayConfig, NullGateway, build_config
from harness.resolver import ScenarioResolver
from harness.scenarios import Scenario
from harness.simulator.server import SimulatorServer
from harness.targets import TargetsConfig, load_targets
from tests.harness.gateway.support import ROOT, write_scenarios


@pytest.fixture(scope="session")
def targets_config() -> TargetsConfig:
    return load_targets(ROOT / "fixtures" / "targets.yaml")


@pytest.fixture(scope="session")
def scenarios(tmp_path_factory: pytest.TempPathFactory) -> list[Scenario]:
    return write_scenarios(tmp_path_factory.mktemp("gateway-scenarios"))


@pytest.fixture(scope="session")
def simulator_url(scenarios: list[Scenario], targets_config: TargetsConfig) -> Iterator[str]:
    with SimulatorServer(ScenarioResolver(scenarios, targets_config)) as simulator:
        yield simulator.base_url


@pytest.fixture(scope="session")
def gateway_config(targets_config: TargetsConfig, simulator_url: str) -> GatewayConfig:
    return build_config(targets_config, simulator=simulator_url)


@pytest.fixture(scope="session")
def gateway(gateway_config: GatewayConfig) -> Iterator[str]:
    """The null gateway's base URL, every target aimed at the simulator."""
    with NullGateway(gateway_config).running() as url:
        yield url
