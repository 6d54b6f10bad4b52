"""The shape of a cassette that replay can use, checked before vcrpy sees it.

vcrpy trusts its YAML: a status that is not an integer, a body that is not text, a header
that is not a list of strings or a lone surrogate in a body would fail later, far from the
file (or not at all, and crash a check). `check_cassette` names the first such field, so
that the cassette layer reports it as a `CassetteError` for that case alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ShapeError(ValueError):
    """A field of a cassette that replay cannot use: ``where`` is its dotted path."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")


def check_cassette(data: Any) -> None:
    """Raise `ShapeError` naming the first field of ``data`` that replay cannot use."""
    top = _mapping(data, "the file")
    interactions = top.get("interactions")
    if not isinstance(interactions, list):
        raise ShapeError("interactions", f"must be a list, got {_kind(interactions)}")
    if "metadata" in top:
        _mapping(top["metadata"], "metadata")
    for i, item in enumerate(interactions):
        where = f"interactions[{i}]"
        interaction = _mapping(item, where)
        _request(_mapping(interaction.get("request"), f"{where}.request"), f"{where}.request")
        _response(_mapping(interaction.get("response"), f"{where}.response"), f"{where}.response")


def _request(request: Mapping[str, Any], where: str) -> None:
    for key in ("method", "uri"):
        if not isinstance(request.get(key), str):
            raise ShapeError(f"{where}.{key}", f"must be text, got {_kind(request.get(key))}")
    body = request.get("body")
    if body is not None:
        _text(body, f"{where}.body")
    headers = _mapping(request.get("headers", {}), f"{where}.headers")
    for name, values in headers.items():
        if isinstance(values, str):
            continue
        _strings(values, f"{where}.headers.{name}")


def _response(response: Mapping[str, Any], where: str) -> None:
    status = _mapping(response.get("status"), f"{where}.status")
    code = status.get("code")
    if isinstance(code, bool) or not isinstance(code, int):
        raise ShapeError(f"{where}.status.code", f"must be an integer, got {_kind(code)}")
    if not 100 <= code <= 599:
        raise ShapeError(f"{where}.status.code", f"must be an HTTP status (100-599), got {code}")
    message = status.get("message")
    if message is not None and not isinstance(message, str):
        raise ShapeError(f"{where}.status.message", f"must be text, got {_kind(message)}")
    headers = _mapping(response.get("headers", {}), f"{where}.headers")
    for name, values in headers.items():
        _strings(values, f"{where}.headers.{name}")
    body = _mapping(response.get("body"), f"{where}.body")
    _text(body.get("string"), f"{where}.body.string")


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ShapeError(where, f"must be a mapping, got {_kind(value)}")
    return value


def _strings(values: Any, where: str) -> None:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ShapeError(where, "must be a list of text values")
    for value in values:
        _encodable(value, where)


def _text(value: Any, where: str) -> None:
    if isinstance(value, bytes):
        return
    if not isinstance(value, str):
        raise ShapeError(where, f"must be text, got {_kind(value)}")
    _encodable(value, where)


def _encodable(value: str, where: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = value[exc.start]
        raise ShapeError(
            where, f"holds a lone surrogate (U+{ord(bad):04X}) at character {exc.start}"
        ) from None


def _kind(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "text", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )
