"""Scenario files: load the YAML, validate it, and report mistakes with file and line.

A scenario is one YAML file under ``fixtures/scenarios/``; its id is its path there without
the ``.yaml`` suffix (``tools/single-call``). `docs/SCENARIOS.md` is the reference for the
format; this package is its enforcement: `yaml_source` parses within limits and gives line
numbers, `validate` (with `requests`, `reply` and `declarations`) checks the format, and
`model` holds the result. A broken file becomes a `BrokenScenario` so that it fails alone
while every other scenario still runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from harness.errors import ScenarioError
from harness.scenarios import front_door
from harness.scenarios.fields import Fields
from harness.scenarios.front_door import FrontDoorScenario
from harness.scenarios.model import (
    CONVERSE_STOP_REASONS,
    EXPECT_OPS,
    OUTPUT_BLOCK_FIELDS,
    STOP_REASONS,
    BrokenScenario,
    Expectation,
    KnownDifference,
    NotApplicable,
    Refusal,
    Scenario,
)
from harness.scenarios.validate import scenario as _validate
from harness.scenarios.yaml_source import parse

__all__ = [
    "CONVERSE_STOP_REASONS",
    "EXPECT_OPS",
    "OUTPUT_BLOCK_FIELDS",
    "STOP_REASONS",
    "BrokenScenario",
    "Expectation",
    "FrontDoorScenario",
    "KnownDifference",
    "NotApplicable",
    "Refusal",
    "Scenario",
    "discover",
    "discover_front_door",
    "iter_scenarios",
    "load_all",
    "load_front_door_file",
    "load_front_doors",
    "load_scenario",
    "scenario_id_for",
]


def scenario_id_for(file: Path, root: Path) -> str:
    """The id a file under ``root`` gets: its relative path without ``.yaml``."""
    rel = file.relative_to(root).as_posix()
    return rel[: -len(".yaml")] if rel.endswith(".yaml") else rel


def discover(root: Path) -> list[Path]:
    """Every Messages scenario file under ``root``, sorted for a stable order (front-door
    scenarios, under ``front-door/``, are a form of their own: `discover_front_door`)."""
    return sorted(
        p for p in root.rglob("*.yaml") if p.is_file() and not front_door.is_front_door(p, root)
    )


def discover_front_door(root: Path) -> list[Path]:
    """Every front-door scenario file under ``root`` (``front-door/``), sorted."""
    folder = root / front_door.FOLDER
    return sorted(p for p in folder.rglob("*.yaml") if p.is_file()) if folder.is_dir() else []


def load_front_doors(
    root: Path, display_root: Path | None = None
) -> list[FrontDoorScenario | BrokenScenario]:
    """Load every front-door scenario under ``root``; broken files are returned, not raised."""
    out: list[FrontDoorScenario | BrokenScenario] = []
    for file in discover_front_door(root):
        out.append(load_front_door_file(file, root, display_root))
    return out


def load_front_door_file(
    file: Path, root: Path, display_root: Path | None = None
) -> FrontDoorScenario | BrokenScenario:
    """One front-door file, or the `BrokenScenario` whose cases fail alone with its error."""
    sid = scenario_id_for(file, root)
    try:
        return front_door.load_front_door(file, sid, _display(file, display_root))
    except ScenarioError as exc:
        return BrokenScenario(sid, file, exc)


def load_all(root: Path, display_root: Path | None = None) -> list[Scenario | BrokenScenario]:
    """Load every scenario under ``root``; broken files are returned, not raised."""
    out: list[Scenario | BrokenScenario] = []
    for file in discover(root):
        try:
            out.append(load_scenario(file, root, display_root))
        except ScenarioError as exc:
            out.append(BrokenScenario(scenario_id_for(file, root), file, exc))
    return out


def load_scenario(file: Path, root: Path, display_root: Path | None = None) -> Scenario:
    """Load and validate one scenario file, raising `ScenarioError` with file and line."""
    shown = _display(file, display_root)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ScenarioError(shown, None, f"cannot read the file: {exc}") from None
    document = parse(raw, shown)
    return _validate(Fields(shown, document), document.data, scenario_id_for(file, root), file)


def iter_scenarios(items: Sequence[Scenario | BrokenScenario]) -> Iterator[Scenario]:
    """Only the scenarios that loaded."""
    return (s for s in items if isinstance(s, Scenario))


def _display(file: Path, display_root: Path | None) -> str:
    if display_root is not None:
        try:
            return file.resolve().relative_to(display_root.resolve()).as_posix()
        except ValueError:
            pass
    return file.as_posix()
