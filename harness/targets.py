"""fixtures/targets.yaml: logical model names, and each target's region, project and URL."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from adapters.base import API_VERSIONS, DEFAULT_API_VERSION, TargetSettings
from harness import registry
from harness.errors import ConfigError
from harness.scenarios import KnownDifference
from harness.vocabulary import MODES

_TARGET_KEYS = {"region", "project", "base_url", "api_version", "options", "known_differences"}


@dataclass(frozen=True)
class TargetProfile:
    """A target's settings, the API version it speaks by default, and the differences from
    the canonical target that hold for every scenario on it (declared with a reason)."""

    settings: TargetSettings
    api_version: str = DEFAULT_API_VERSION
    known_differences: tuple[KnownDifference, ...] = ()

    def known_differences_for(self, mode: str) -> list[KnownDifference]:
        return [k for k in self.known_differences if k.mode in (None, mode)]


@dataclass(frozen=True)
class TargetsConfig:
    """The whole of fixtures/targets.yaml."""

    models: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    profiles: Mapping[str, TargetProfile] = field(default_factory=dict)

    def profile(self, target: str) -> TargetProfile:
        return self.profiles.get(target) or TargetProfile(TargetSettings(name=target))

    def model_id(self, logical: str, target: str) -> str:
        """The target's id for a logical model name; unknown names pass through unchanged."""
        ids = self.models.get(logical)
        if ids is None:
            return logical
        return ids.get(target, logical)


def load_targets(path: Path) -> TargetsConfig:
    """Load and validate fixtures/targets.yaml (a missing file means all defaults)."""
    if not path.exists():
        return TargetsConfig()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read targets file: {_first_line(exc)}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping with `models` and `targets`")
    unknown = set(data) - {"models", "targets"}
    if unknown:
        raise ConfigError(f"{path}: unknown key {sorted(unknown)[0]!r} (allowed: models, targets)")
    for key in ("models", "targets"):
        if not isinstance(data.get(key) or {}, dict):
            raise ConfigError(f"{path}: {key}: must be a mapping")
    models: dict[str, dict[str, str]] = {}
    for name, ids in (data.get("models") or {}).items():
        if not isinstance(ids, dict):
            raise ConfigError(f"{path}: models.{name}: must map target names to model ids")
        for target, model_id in ids.items():
            _check_target(path, f"models.{name}", target)
            if not isinstance(model_id, str) or not model_id:
                raise ConfigError(f"{path}: models.{name}.{target}: must be a model id string")
        models[str(name)] = {str(k): str(v) for k, v in ids.items()}
    profiles: dict[str, TargetProfile] = {}
    for target, raw in (data.get("targets") or {}).items():
        _check_target(path, "targets", target)
        profiles[target] = _profile(path, target, raw or {})
    return TargetsConfig(models=models, profiles=profiles)


def with_environment(config: TargetsConfig, env: Mapping[str, str] | None = None) -> TargetsConfig:
    """Apply recording-time overrides from the environment (never used when replaying)."""
    env = os.environ if env is None else env
    profiles = dict(config.profiles)
    for target in registry.targets():
        entry = registry.entry(target)
        profile = config.profile(target)
        overrides = {
            "base_url": registry.env_value(entry.base_url_env, env),
            "region": registry.env_value(entry.region_env, env),
            "project": registry.env_value(entry.project_env, env),
        }
        if overrides["base_url"]:
            overrides["base_url"] = overrides["base_url"].rstrip("/")
        changes: dict[str, Any] = {key: value for key, value in overrides.items() if value}
        profiles[target] = replace(profile, settings=replace(profile.settings, **changes))
    return replace(config, profiles=profiles)


def _profile(path: Path, target: str, raw: Any) -> TargetProfile:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: targets.{target}: must be a mapping")
    unknown = set(raw) - _TARGET_KEYS
    if unknown:
        allowed = ", ".join(sorted(_TARGET_KEYS))
        raise ConfigError(
            f"{path}: targets.{target}.{sorted(unknown)[0]}: unknown key (allowed: {allowed})"
        )
    api_version = str(raw.get("api_version", DEFAULT_API_VERSION))
    if api_version not in API_VERSIONS:
        raise ConfigError(
            f"{path}: targets.{target}.api_version: must be one of {', '.join(API_VERSIONS)}"
        )
    options = raw.get("options") or {}
    if not isinstance(options, dict):
        raise ConfigError(f"{path}: targets.{target}.options: must be a mapping")
    for key in ("region", "project", "base_url"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise ConfigError(f"{path}: targets.{target}.{key}: must be a string")
    known = _known_differences(path, target, raw.get("known_differences") or [])
    settings = TargetSettings(
        name=target,
        region=raw.get("region"),
        project=raw.get("project"),
        base_url=raw.get("base_url"),
        options=options,
    )
    return TargetProfile(settings=settings, api_version=api_version, known_differences=known)


def _known_differences(path: Path, target: str, raw: Any) -> tuple[KnownDifference, ...]:
    where = f"{path}: targets.{target}.known_differences"
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: must be a list")
    out = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict) or set(entry) - {"path", "reason", "mode"}:
            raise ConfigError(f"{where}[{i}]: must be a mapping of path, reason and mode")
        for key in ("path", "reason"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ConfigError(f"{where}[{i}].{key}: must be a non-empty string")
        mode = entry.get("mode")
        if mode is not None and mode not in MODES:
            raise ConfigError(f"{where}[{i}].mode: must be one of {', '.join(MODES)}")
        out.append(
            KnownDifference(target=target, path=entry["path"], reason=entry["reason"], mode=mode)
        )
    return tuple(out)


def _check_target(path: Path, where: str, target: Any) -> None:
    if target not in registry.targets():
        known = ", ".join(registry.targets())
        raise ConfigError(f"{path}: {where}: unknown target {target!r} (expected one of: {known})")


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
