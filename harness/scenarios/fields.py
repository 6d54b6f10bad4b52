"""Field checks for scenario validation: each failure is a `ScenarioError` that names the
file, the line (from the document's node tree) and the dotted field."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from harness.errors import ScenarioError
from harness.scenarios.yaml_source import Document

Path = Sequence[str | int]


class Fields:
    """Typed accessors over one scenario document that fail with file, line and field."""

    def __init__(self, file: str, document: Document) -> None:
        self.file = file
        self.document = document

    def line(self, path: Path) -> int | None:
        return self.document.line(path)

    def fail(self, path: Path, message: str) -> ScenarioError:
        dotted = dotted_path(path)
        text = f"{dotted}: {message}" if dotted else message
        return ScenarioError(self.file, self.line(path), text)

    def mapping(self, value: Any, path: Path) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"must be a mapping, got {type_name(value)}")
        return value

    def seq(self, value: Any, path: Path) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(path, f"must be a list, got {type_name(value)}")
        return value

    def string(self, value: Any, path: Path) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"must be a non-empty string, got {type_name(value)}")
        return value

    def integer(self, value: Any, path: Path, minimum: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, f"must be an integer, got {type_name(value)}")
        if value < minimum:
            raise self.fail(path, f"must be at least {minimum}, got {value}")
        return value

    def keys(self, data: Mapping[str, Any], allowed: Collection[str], path: Path) -> None:
        for key in data:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                raise self.fail([*path, key], f"unknown key (allowed: {hint})")

    def choice(self, value: Any, options: Sequence[str], path: Path) -> str:
        if value not in options:
            raise self.fail(path, f"must be one of {', '.join(options)}, got {value!r}")
        return str(value)


def type_name(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def dotted_path(path: Path) -> str:
    out = ""
    for key in path:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            out += f".{key}" if out else str(key)
    return out
