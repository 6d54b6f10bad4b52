"""The null gateway's routing: which target, model id and backend answer a model name.

A client's ``model`` picks a route, in this order:

1. a name in ``models`` (``name: {target, model}``), the model being a logical name of
   fixtures/targets.yaml or a target's own id;
2. ``<target>/<model>`` (``vertex/sonnet``, ``bedrock-converse/haiku``,
   ``openai/claude-sonnet-4-6``);
3. any other name goes to ``default_target`` when one is set.

The model id sent is the target's id for a logical name (fixtures/targets.yaml), or the name
itself. A target is served when it has a backend: ``backends.<target>`` is the base URL its
adapter builds on (``TargetSettings.base_url``: Vertex's and OpenAI's include ``/v1``), and
``simulator`` aims every other target at Parity's simulator, keeping the path of the target's
public URL as Parity's recordings do. The other settings (region, project, options, the
default API version) are the target's in fixtures/targets.yaml.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from adapters import url_safety
from adapters.base import TargetSettings, TranslationError
from harness import registry
from harness.errors import ConfigError
from harness.gateway.errors import GatewayError
from harness.targets import TargetsConfig, load_targets

_KEYS = (
    "simulator",
    "backends",
    "default_target",
    "models",
    "targets_file",
    "live_credentials",
    "forward_headers",
    "max_concurrency",
    "timeout",
    "drop_betas",
    "target_options",
)


@dataclass(frozen=True)
class Route:
    """Where one model name goes: the target, the model id it is sent as, the target's
    settings (base URL included), the API version the target speaks by default, and the
    simulator URL the request is aimed at (None: its own URL)."""

    target: str
    model_id: str
    settings: TargetSettings
    api_version: str
    aim_at: str | None = None


@dataclass(frozen=True)
class GatewayConfig:
    """The whole routing configuration (see the module docstring)."""

    targets: TargetsConfig
    simulator: str | None = None
    backends: Mapping[str, str] = field(default_factory=dict)
    default_target: str | None = None
    models: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    live_credentials: bool = False
    forward_headers: tuple[str, ...] = ()
    max_concurrency: int = 64
    timeout: float = 120.0
    drop_betas: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Per target, beta flags removed from a call before its translator sees them (a
    gateway's policy for flags a backend refuses, declared in its configuration)."""
    target_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Per target, adapter options set over the target's own (fixtures/targets.yaml)."""

    def __post_init__(self) -> None:
        served = self.served_targets()
        if not served:
            raise ConfigError("the gateway has no backend: give `simulator` or `backends`")
        if self.default_target is not None and self.default_target not in served:
            raise ConfigError(f"default_target: {self.default_target!r} has no backend")
        for name, (target, _) in self.models.items():
            if target not in served:
                raise ConfigError(f"models.{name}.target: {target!r} has no backend")

    def served_targets(self) -> tuple[str, ...]:
        """The targets with a backend, in registry order."""
        return tuple(
            t for t in registry.targets() if t in self.backends or self.simulator is not None
        )

    def route(self, model: str) -> Route:
        """The route for a client's model name; 404 ``not_found_error`` when there is none."""
        if model in self.models:
            target, name = self.models[model]
            return self._route(target, name)
        target, sep, name = model.partition("/")
        if sep and name and target in registry.targets():
            if target not in self.served_targets():
                raise GatewayError(404, f"model: {model} (no backend for target {target!r})")
            return self._route(target, name)
        if self.default_target is not None:
            return self._route(self.default_target, model)
        raise GatewayError(404, f"model: {model}")

    def model_names(self) -> list[str]:
        """Every name `/v1/models` lists: the ``models`` names, ``<target>/<logical>`` for
        each served target and logical model, and the logical names themselves when there is
        a default target."""
        names = list(self.models)
        logical = list(self.targets.models)
        for target in self.served_targets():
            names.extend(f"{target}/{name}" for name in logical)
        if self.default_target is not None:
            names.extend(logical)
        return list(dict.fromkeys(names))

    def _route(self, target: str, name: str) -> Route:
        profile = self.targets.profile(target)
        base_url = self.backends.get(target)
        options = {**profile.settings.options, **self.target_options.get(target, {})}
        settings = replace(profile.settings, base_url=base_url, options=options)
        return Route(
            target=target,
            model_id=self.targets.model_id(name, target),
            settings=settings,
            api_version=profile.api_version,
            aim_at=None if base_url is not None else self.simulator,
        )


def build_config(
    targets: TargetsConfig,
    *,
    simulator: str | None = None,
    backends: Mapping[str, str] | None = None,
    **options: Any,
) -> GatewayConfig:
    """A configuration from code or the command line; URLs and target names are checked."""
    checked = {
        _target(target, f"backends.{target}"): _url(url, f"backends.{target}")
        for target, url in (backends or {}).items()
    }
    aim = _url(simulator, "simulator") if simulator is not None else None
    return GatewayConfig(targets, simulator=aim, backends=checked, **options)


def load_config(path: Path, targets: TargetsConfig) -> GatewayConfig:
    """Read a gateway configuration file (YAML); a ConfigError names the file and field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(f"{path}: cannot read the gateway configuration: {first}") from None
    try:
        return _parse(data, path, targets)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _parse(data: Any, path: Path, targets: TargetsConfig) -> GatewayConfig:
    if not isinstance(data, dict):
        raise ConfigError("must be a mapping (keys: " + ", ".join(_KEYS) + ")")
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise ConfigError(f"{unknown[0]}: unknown key (allowed: {', '.join(_KEYS)})")
    if data.get("targets_file") is not None:
        targets = load_targets(path.parent / _string(data["targets_file"], "targets_file"))
    backends = _mapping(data.get("backends"), "backends")
    options: dict[str, Any] = {
        "models": _models(_mapping(data.get("models"), "models")),
        "live_credentials": _flag(data.get("live_credentials", False), "live_credentials"),
        "forward_headers": tuple(
            _string(h, f"forward_headers[{i}]").lower()
            for i, h in enumerate(_list(data.get("forward_headers"), "forward_headers"))
        ),
        "max_concurrency": _count(data.get("max_concurrency", 64), "max_concurrency"),
        "timeout": float(_count(data.get("timeout", 120), "timeout")),
        "drop_betas": _drop_betas(_mapping(data.get("drop_betas"), "drop_betas")),
        "target_options": {
            _target(t, f"target_options.{t}"): _mapping(v, f"target_options.{t}")
            for t, v in _mapping(data.get("target_options"), "target_options").items()
        },
    }
    if data.get("default_target") is not None:
        options["default_target"] = _target(data["default_target"], "default_target")
    simulator = data.get("simulator")
    return build_config(
        targets,
        simulator=None if simulator is None else _string(simulator, "simulator"),
        backends={str(k): _string(v, f"backends.{k}") for k, v in backends.items()},
        **options,
    )


def _models(raw: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    models: dict[str, tuple[str, str]] = {}
    for name, entry in raw.items():
        where = f"models.{name}"
        entry = _mapping(entry, where)
        if set(entry) != {"target", "model"}:
            raise ConfigError(f"{where}: must have exactly the keys target and model")
        target = _target(entry["target"], f"{where}.target")
        models[str(name)] = (target, _string(entry["model"], f"{where}.model"))
    return models


def _drop_betas(raw: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    return {
        _target(target, f"drop_betas.{target}"): frozenset(
            _string(flag, f"drop_betas.{target}[{i}]")
            for i, flag in enumerate(_list(flags, f"drop_betas.{target}"))
        )
        for target, flags in raw.items()
    }


def _url(value: str, where: str) -> str:
    try:
        return url_safety.base_url(value, where)
    except TranslationError as exc:
        raise ConfigError(str(exc)) from None


def _target(value: Any, where: str) -> str:
    if value not in registry.targets():
        known = ", ".join(registry.targets())
        raise ConfigError(f"{where}: unknown target {value!r} (expected one of: {known})")
    return str(value)


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: must be a non-empty string")
    return value


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: must be a mapping")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConfigError(f"{where}: must be a list")
    return value


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: must be true or false")
    return value


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{where}: must be a whole number of at least 1")
    return value
