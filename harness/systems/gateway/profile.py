"""Gateway profiles: how Parity reaches (and, optionally, starts) a gateway under test.

A profile is a YAML file (format in docs/GATEWAYS.md). Every mistake is a `ProfileError`
naming the file and the field. Values may refer to the environment as ``${NAME}`` or
``${NAME:-default}``; they are resolved when the gateway is called and never written anywhere
(results, reports and logs show the reference, not the value).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from harness import registry
from harness.errors import ParityError
from harness.fronts import fronts

_ENV_REF = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}")
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_TOP_KEYS = {"name", "title", "fronts", "headers", "forwards_headers", "targets", "start"}
_TARGET_KEYS = {"model", "headers", "unsupported", "unsupported_scenarios"}
_START_KEYS = {"command", "env", "config", "config_path", "ready", "log"}
_READY_KEYS = {"path", "timeout"}


class ProfileError(ParityError):
    """A gateway profile that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class TargetRoute:
    """How the gateway reaches one target: the model name its clients send for it, extra
    request headers, or the reason it cannot serve that target (its cases are grey); or the
    reason it cannot serve it behind some of its fronts (``unsupported_fronts``)."""

    model: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    unsupported: str | None = None
    unsupported_fronts: Mapping[str, str] = field(default_factory=dict)
    """Front name -> why the gateway cannot serve this target behind that front."""
    unsupported_scenarios: Mapping[str, str] = field(default_factory=dict)
    """Scenario id -> why the trial cannot put that scenario to the gateway faithfully on
    this target (e.g. it needs a service the gateway reaches past its backend URL)."""

    def unsupported_for(self, front: str, scenario: str) -> str | None:
        """Why a client of ``front`` cannot reach this target through the gateway for
        ``scenario``, if so."""
        return (
            self.unsupported
            or self.unsupported_fronts.get(front)
            or self.unsupported_scenarios.get(scenario)
        )


@dataclass(frozen=True)
class StartSpec:
    """How Parity starts the gateway: the command (a list; ``{port}``, ``{config}``,
    ``{python}``, ``{profile_dir}`` and ``{simulator_url}`` filled in), extra environment,
    a config template rendered before start, where in the working folder it is written,
    the readiness probe and the log file name."""

    command: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict)
    config: str | None = None
    config_path: str | None = None
    """Where the rendered config goes, relative to ``{workdir}`` (default: the template's
    name without ``.j2``); for a gateway that reads its config from a fixed place under
    ``$HOME`` (then ``env: {HOME: "{workdir}"}``)."""
    ready_path: str = "/"
    ready_timeout: float = 60.0
    log: str | None = None


@dataclass(frozen=True)
class GatewayProfile:
    name: str
    title: str
    path: Path
    fronts: Mapping[str, str]
    """Front name -> base URL (``{port}`` filled in when Parity starts the gateway)."""
    headers: Mapping[str, str]
    forwards_headers: bool
    """Whether the gateway passes client headers on to its backend (Parity then names the
    scenario and the case in headers the simulator reads)."""
    targets: Mapping[str, TargetRoute]
    start: StartSpec | None = None

    def route(self, target: str) -> TargetRoute:
        """The route to ``target``; a target the profile does not list is unsupported."""
        return self.targets.get(target) or TargetRoute(
            unsupported=f"the {self.name} profile has no route to the {target} target"
        )


def load_profile(path: Path) -> GatewayProfile:
    """Read and validate the profile at ``path``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read the profile: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ProfileError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ProfileError(f"{path}: not valid YAML: {first}") from None
    return _Reader(path).profile(data)


def resolve_env(value: str, env: Mapping[str, str]) -> str:
    """``value`` with ``${NAME}`` / ``${NAME:-default}`` replaced from ``env`` (a variable
    that is unset and has no default is a ProfileError naming it)."""

    def one(match: re.Match[str]) -> str:
        name, default = match["name"], match["default"]
        if env.get(name):
            return env[name]
        if default is not None:
            return default
        raise ProfileError(f"the environment variable {name} is not set")

    return _ENV_REF.sub(one, value)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, message: str) -> ProfileError:
        return ProfileError(f"{self.path}: {where}: {message}")

    def mapping(self, value: Any, where: str, keys: set[str] | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be a mapping")
        if keys is not None:
            unknown = sorted(str(k) for k in value if k not in keys)
            if unknown:
                allowed = ", ".join(sorted(keys))
                field = f"{where}.{unknown[0]}".removeprefix("profile.")
                raise self.fail(field, f"unknown key (allowed: {allowed})")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "must be a non-empty string")
        return value

    def headers(self, value: Any, where: str) -> dict[str, str]:
        raw = self.mapping(value or {}, where)
        return {str(k).lower(): self.text(v, f"{where}.{k}") for k, v in raw.items()}

    def profile(self, data: Any) -> GatewayProfile:
        top = self.mapping(data, "profile", _TOP_KEYS)
        name = self.text(top.get("name"), "name")
        if not _NAME.match(name) or name == "reference":
            raise self.fail("name", "must be lower-case letters, digits and '-' (not 'reference')")
        front_urls = self.mapping(top.get("fronts"), "fronts")
        if not front_urls:
            raise self.fail("fronts", "must name at least one front (anthropic, openai)")
        for front, url in front_urls.items():
            if front not in fronts():
                raise self.fail(
                    f"fronts.{front}", f"unknown front (expected one of: {', '.join(fronts())})"
                )
            if not str(self.text(url, f"fronts.{front}")).startswith(("http://", "https://")):
                raise self.fail(f"fronts.{front}", "must be an http(s) base URL")
        if top.get("start") is None and any("{port}" in str(u) for u in front_urls.values()):
            raise self.fail(
                "fronts", "{port} is Parity's to choose only when it starts the gateway"
            )
        forwards = top.get("forwards_headers", False)
        if not isinstance(forwards, bool):
            raise self.fail("forwards_headers", "must be true or false")
        return GatewayProfile(
            name=name,
            title=self.text(top.get("title", name), "title"),
            path=self.path,
            fronts={str(k): str(v).rstrip("/") for k, v in front_urls.items()},
            headers=self.headers(top.get("headers"), "headers"),
            forwards_headers=forwards,
            targets=self.targets(top.get("targets")),
            start=self.start(top["start"]) if top.get("start") is not None else None,
        )

    def targets(self, value: Any) -> dict[str, TargetRoute]:
        raw = self.mapping(value, "targets")
        routes: dict[str, TargetRoute] = {}
        for target, spec in raw.items():
            where = f"targets.{target}"
            if target not in registry.targets():
                known = ", ".join(registry.targets())
                raise self.fail(where, f"unknown target (expected one of: {known})")
            entry = self.mapping(spec, where, _TARGET_KEYS)
            unsupported = entry.get("unsupported")
            if unsupported is not None and not isinstance(unsupported, dict):
                routes[target] = TargetRoute(
                    unsupported=self.text(unsupported, f"{where}.unsupported")
                )
                continue
            routes[target] = TargetRoute(
                model=self.text(entry.get("model"), f"{where}.model"),
                headers=self.headers(entry.get("headers"), f"{where}.headers"),
                unsupported_fronts=self.unsupported_fronts(unsupported, f"{where}.unsupported"),
                unsupported_scenarios=self.reasons(
                    entry.get("unsupported_scenarios"), f"{where}.unsupported_scenarios"
                ),
            )
        return routes

    def unsupported_fronts(self, value: Any, where: str) -> dict[str, str]:
        """``unsupported`` as a mapping: front name -> why this target is out of reach
        behind that front (its other fronts still reach it)."""
        reasons = self.reasons(value, where)
        for front in reasons:
            if front not in fronts():
                known = ", ".join(fronts())
                raise self.fail(f"{where}.{front}", f"unknown front (expected one of: {known})")
        return reasons

    def reasons(self, value: Any, where: str) -> dict[str, str]:
        """A mapping of names to non-empty reasons."""
        raw = self.mapping(value or {}, where)
        return {str(k): self.text(v, f"{where}.{k}") for k, v in raw.items()}

    def log_name(self, value: Any) -> str | None:
        if value is None:
            return None
        name = self.text(value, "start.log")
        if "/" in name or "\\" in name or name.startswith("."):
            raise self.fail("start.log", "must be a file name (written under reports/gateways/)")
        return name

    def config_path(self, value: Any, template: str | None) -> str | None:
        if value is None:
            return None
        where = "start.config_path"
        if template is None:
            raise self.fail(where, "needs start.config (the template it is rendered from)")
        path = PurePosixPath(self.text(value, where))
        if path.is_absolute() or ".." in path.parts or "\\" in str(path):
            raise self.fail(where, "must be a relative path inside the working folder")
        return str(path)

    def start(self, value: Any) -> StartSpec:
        raw = self.mapping(value, "start", _START_KEYS)
        command = raw.get("command")
        if not isinstance(command, list) or not command:
            raise self.fail("start.command", "must be a non-empty list of arguments")
        args = tuple(self.text(a, f"start.command[{i}]") for i, a in enumerate(command))
        env = {
            str(k): self.text(v, f"start.env.{k}")
            for k, v in self.mapping(raw.get("env") or {}, "start.env").items()
        }
        ready = self.mapping(raw.get("ready") or {}, "start.ready", _READY_KEYS)
        timeout = ready.get("timeout", 60)
        if (
            not isinstance(timeout, int | float)
            or isinstance(timeout, bool)
            or not 0 < timeout <= 600
        ):
            raise self.fail("start.ready.timeout", "must be a number of seconds from 1 to 600")
        config = raw.get("config")
        if config is not None:
            self.text(config, "start.config")
            if not (self.path.parent / config).is_file():
                raise self.fail("start.config", f"no template {config} beside the profile")
        return StartSpec(
            command=args,
            env=env,
            config=config,
            config_path=self.config_path(raw.get("config_path"), config),
            ready_path=self.text(ready.get("path", "/"), "start.ready.path"),
            ready_timeout=float(timeout),
            log=self.log_name(raw.get("log")),
        )
