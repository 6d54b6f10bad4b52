"""A Parity project: the folder whose ``fixtures/scenarios`` holds its scenarios, and where
its reports go."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from harness.errors import ParityError
from harness.scenarios import (
    BrokenScenario,
    FrontDoorScenario,
    Scenario,
    iter_scenarios,
    load_all,
    load_front_doors,
)
from harness.targets import TargetsConfig, load_targets, with_environment


@dataclass(frozen=True)
class Project:
    """Where a Parity project's fixtures and reports live."""

    root: Path

    @classmethod
    def find(cls, root: str | Path | None = None) -> Project:
        """The project at ``root``, or the nearest folder above the cwd with fixtures."""
        if root is not None:
            path = Path(root)
            if not (path / "fixtures" / "scenarios").is_dir():
                raise ParityError(f"{path}: not a Parity project (no fixtures/scenarios folder)")
            return cls(path.resolve())
        here = Path.cwd().resolve()
        for candidate in (here, *here.parents):
            if (candidate / "fixtures" / "scenarios").is_dir():
                return cls(candidate)
        raise ParityError(
            "no Parity project here (no fixtures/scenarios above the current folder); "
            "run from the project root or pass --root"
        )

    @property
    def fixtures(self) -> Path:
        return self.root / "fixtures"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @cached_property
    def scenarios(self) -> list[Scenario | BrokenScenario]:
        return load_all(self.fixtures / "scenarios", display_root=self.root)

    @cached_property
    def front_doors(self) -> list[FrontDoorScenario | BrokenScenario]:
        """The front-door scenarios (``fixtures/scenarios/front-door/``): cases only for a
        gateway on trial."""
        return load_front_doors(self.fixtures / "scenarios", display_root=self.root)

    def valid_scenarios(self) -> list[Scenario]:
        return list(iter_scenarios(self.scenarios))

    def broken_scenarios(self) -> list[BrokenScenario]:
        return [s for s in self.scenarios if isinstance(s, BrokenScenario)]

    def config(self, recording: bool = False) -> TargetsConfig:
        config = load_targets(self.fixtures / "targets.yaml")
        return with_environment(config) if recording else config
