"""The Messages API surface as the official ``anthropic`` SDK 2.12 types declare it: the
names `harness.coverage` measures the corpus against.

The 2.x SDK lives in a venv of its own (``.venv/sdk2``, `make install`), beside the 0.x SDK
Parity runs on, so the types are read by a short script run with its site-packages first on
the path. Each kind is one SDK type and how its members are named:

| kind | SDK type | a member's name |
|---|---|---|
| ``response_blocks`` | ``ContentBlock`` | its ``type`` |
| ``request_blocks`` | ``ContentBlockParam`` | its ``type`` |
| ``deltas`` | ``RawContentBlockDelta`` | its ``type`` |
| ``tools`` | ``ToolUnionParam`` | its ``type`` (``custom`` for a custom tool) |
| ``tool_choice`` | ``ToolChoiceParam`` | its ``type`` |
| ``thinking`` | ``ThinkingConfigParam`` | its ``type`` |
| ``stop_reasons`` | ``StopReason`` | the literal |
| ``request_parameters`` | ``MessageCreateParamsBase`` | the key |
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

KINDS = (
    "response_blocks",
    "request_blocks",
    "deltas",
    "tools",
    "tool_choice",
    "thinking",
    "stop_reasons",
    "request_parameters",
)
SDK_VERSION = "2.12"

# Runs inside the 2.x SDK: prints {kind: [name, ...]} in the SDK's own order.
_SCRIPT = r"""
import json, re, typing
import anthropic
from anthropic import types as T
from anthropic.types import message_create_params

def members(union):
    if typing.get_origin(union) is typing.Annotated:
        return members(typing.get_args(union)[0])
    if typing.get_origin(union) is typing.Union:
        return [m for arg in typing.get_args(union) for m in members(arg)]
    return [union]

def tag(cls):
    if hasattr(cls, "model_fields"):
        return typing.get_args(cls.model_fields["type"].annotation)[0]
    for klass in cls.__mro__:
        annotation = getattr(klass, "__annotations__", {}).get("type")
        if annotation is not None:
            text = annotation if isinstance(annotation, str) else repr(annotation)
            return re.search(r"Literal\[['\"]([^'\"]+)['\"]", text).group(1)
    raise SystemExit(f"{cls.__name__} has no type tag")

unions = {
    "response_blocks": T.ContentBlock,
    "request_blocks": T.ContentBlockParam,
    "deltas": T.RawContentBlockDelta,
    "tools": T.ToolUnionParam,
    "tool_choice": T.ToolChoiceParam,
    "thinking": T.ThinkingConfigParam,
}
out = {kind: [tag(m) for m in members(union)] for kind, union in unions.items()}
out["stop_reasons"] = list(typing.get_args(T.StopReason))
out["request_parameters"] = list(message_create_params.MessageCreateParamsBase.__annotations__)
print(json.dumps({"version": anthropic.__version__, "kinds": out}))
"""


class SdkUnavailable(RuntimeError):
    """The 2.x SDK is not installed where Parity looks for it."""


def sdk2_site_packages(prefix: str = sys.prefix) -> Path:
    """Where `make install` puts the 2.x SDK: ``.venv/sdk2``'s site-packages."""
    base = f"{prefix}/sdk2"
    return Path(sysconfig.get_path("purelib", vars={"base": base, "platbase": base}))


def sdk_surface(site_packages: Path | None = None) -> dict[str, list[str]]:
    """Every kind's member names, as the installed 2.12 SDK declares them."""
    path = site_packages or sdk2_site_packages()
    if not (path / "anthropic").is_dir():
        raise SdkUnavailable(f"the anthropic 2.x SDK is not installed in {path} (make install)")
    env = {**os.environ, "PYTHONPATH": str(path)}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SdkUnavailable(f"reading the SDK's types failed: {done.stderr.strip()[-300:]}")
    found = json.loads(done.stdout)
    if not str(found["version"]).startswith(SDK_VERSION + "."):
        raise SdkUnavailable(f"expected the anthropic {SDK_VERSION} SDK, found {found['version']}")
    kinds: dict[str, list[str]] = found["kinds"]
    return {kind: kinds[kind] for kind in KINDS}
