"""Cases: scenario x target x mode, each one pytest test and one cell of the report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from adapters.base import JSON, Call, TargetSettings
from harness import registry
from harness.fronts import Front, get_front
from harness.scenarios import BrokenScenario, FrontDoorScenario, Scenario
from harness.targets import TargetsConfig
from harness.vocabulary import MODES

REFERENCE_SYSTEM = "reference"
"""The system under test a case has unless it names another: Parity's reference translator."""


@dataclass(frozen=True)
class Case:
    """One scenario on one target in one mode."""

    scenario: Scenario | BrokenScenario | FrontDoorScenario
    """A front-door scenario's cases exist only for a gateway (`expand_front_door`)."""
    target: str
    mode: str
    system: str = REFERENCE_SYSTEM
    """The system under test (`harness.systems`): Parity's reference translator, or a
    gateway by its profile name."""

    @property
    def id(self) -> str:
        return case_id(self.scenario.id, self.target, self.mode, self.system)

    @property
    def is_canonical(self) -> bool:
        return self.target == registry.CANONICAL_TARGET and self.system == REFERENCE_SYSTEM

    def canonical(self) -> Case:
        """The same scenario and mode on the canonical target, by the reference translator
        (what every system's outcome is compared with)."""
        return Case(self.scenario, registry.CANONICAL_TARGET, self.mode)

    def reference(self) -> Case:
        """The same case run by the reference translator."""
        return Case(self.scenario, self.target, self.mode)

    def on(self, system: str) -> Case:
        """The same case run by ``system``."""
        return Case(self.scenario, self.target, self.mode, system)

    def not_applicable_reason(self) -> str | None:
        if isinstance(self.scenario, BrokenScenario):
            return None
        return self.scenario.not_applicable_reason(self.target, self.mode)

    def api_version(self, config: TargetsConfig) -> str:
        scenario = self.scenario
        if isinstance(scenario, Scenario) and scenario.api_version:
            return scenario.api_version
        return config.profile(self.target).api_version

    def settings(self, config: TargetsConfig) -> TargetSettings:
        return config.profile(self.target).settings

    def model_id(self, config: TargetsConfig) -> str:
        assert isinstance(self.scenario, Scenario)
        return config.model_id(str(self.scenario.request["model"]), self.target)

    def front(self) -> Front:
        """The API the scenario's request is written in."""
        assert isinstance(self.scenario, Scenario)
        return get_front(self.scenario.front)

    def front_request(self) -> JSON:
        """The request as the scenario's front sends it in this case's mode (an OpenAI
        request for front ``openai``; the model stays logical)."""
        assert isinstance(self.scenario, Scenario)
        return self.front().client_request(self.scenario.request, self.mode)

    def request(self, config: TargetsConfig) -> JSON:
        """The Anthropic request of this case: for an OpenAI-front scenario, what the front
        door makes of it; model resolved for the target, stream per mode. A front door that
        cannot map the request raises TranslationError."""
        assert isinstance(self.scenario, Scenario)
        body = self.front().to_anthropic(self.front_request())
        body["model"] = self.model_id(config)
        return body

    def call(self, config: TargetsConfig) -> Call:
        assert isinstance(self.scenario, Scenario)
        return Call(
            endpoint=self.scenario.endpoint,
            body=self.request(config),
            api_version=self.api_version(config),
            betas=self.scenario.betas,
        )

    def cassette_path(self, fixtures: Path) -> Path:
        return fixtures / "cassettes" / self.target / f"{self.scenario.id}-{self.mode}.yaml"

    def golden_path(self, fixtures: Path) -> Path:
        return fixtures / "golden" / self.scenario.id / f"{self.target}-{self.mode}.json"


def case_id(scenario_id: str, target: str, mode: str, system: str = REFERENCE_SYSTEM) -> str:
    """``scenario[target-mode]``; another system than the reference adds ``@system``."""
    where = "" if system == REFERENCE_SYSTEM else f"@{system}"
    return f"{scenario_id}[{target}-{mode}{where}]"


def expand_front_door(
    scenarios: list[FrontDoorScenario | BrokenScenario],
    system: str,
    targets: tuple[str, ...] | None = None,
) -> list[Case]:
    """The cases of front-door scenarios on ``system`` (a gateway): one per target, in json
    mode (a front door's promises do not depend on streaming)."""
    chosen = targets or registry.targets()
    return [Case(s, target, "json", system) for s in scenarios for target in chosen]


def expand(
    scenarios: list[Scenario | BrokenScenario], targets: tuple[str, ...] | None = None
) -> list[Case]:
    """Every case of the given scenarios, in a stable order (scenario, target, mode)."""
    chosen = targets or registry.targets()
    cases: list[Case] = []
    for scenario in scenarios:
        modes = scenario.modes if isinstance(scenario, Scenario) else MODES
        for target in chosen:
            for mode in modes:
                cases.append(Case(scenario, target, mode))
    return cases
