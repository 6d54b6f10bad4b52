"""Cassettes: one vcrpy YAML file per case, replayed by default, recorded on request.

Matching ignores JSON key order and percent-encoding differences in the path (a model id's
``:`` or ``@`` may be quoted or not); of the headers, only those that carry request
parameters (`MATCHED_HEADERS`) are matched. Credential headers are scrubbed on the way in, and a
final scan of everything about to be written fails closed: nothing is written if a secret
survives. Each cassette carries its provenance in vcrpy's cassette metadata.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import vcr
import yaml
from vcr.cassette import Cassette
from vcr.errors import MissingMetadataError
from vcr.request import Request as VcrRequest
from vcr.serialize import deserialize, serialize

from harness.cassette_shape import check_cassette
from harness.errors import CassetteError
from harness.secrets import REDACTED, is_secret_header, scan
from harness.transport import SCENARIO_HEADER, RecordingLog

PROVENANCE_KEY = "provenance"
MATCH_ON = (
    "method",
    "scheme",
    "host",
    "port",
    "parity_path",
    "query",
    "parity_body",
    "parity_headers",
)
MATCHED_HEADERS = ("anthropic-user-profile-id", "anthropic-workspace-id")
"""Request headers that carry request parameters (not credentials, not transport): a
replayed request matches a recorded one only if it sends the same values (or neither)."""


class SecretLeakError(CassetteError):
    """A secret survived scrubbing; the cassette was not written."""


def replay_vcr() -> vcr.VCR:
    """A VCR that only replays: an unmatched request is an error, never a network call."""
    return _make_vcr("none", _scrub_request, _scrub_response, set(), [])


def record_vcr(log: RecordingLog, refusals: list[CassetteError]) -> vcr.VCR:
    """A VCR that records into a fresh cassette only the requests ``log`` knows (under the
    URL it names), scrubs the credential values ``log`` saw, and scans for them before save.
    A cassette it will not write is reported in ``refusals`` rather than raised, because
    vcrpy unpatches httpx only after a save that returns."""

    def before_request(request: VcrRequest) -> VcrRequest | None:
        record_as = log.urls.get(request.uri)
        if record_as is None:
            return None  # not the case's own request (e.g. a credentials token refresh)
        request.uri = record_as
        return _scrub_request(request)

    def before_response(response: dict[str, Any]) -> dict[str, Any]:
        response = _scrub_response(response)
        body = response.get("body", {})
        text = body.get("string")
        if isinstance(text, bytes):
            for secret in sorted(log.secrets, key=len, reverse=True):
                text = text.replace(secret.encode(), REDACTED.encode())
            body["string"] = text
        elif isinstance(text, str):
            for secret in sorted(log.secrets, key=len, reverse=True):
                text = text.replace(secret, REDACTED)
            body["string"] = text
        return response

    return _make_vcr("once", before_request, before_response, log.secrets, refusals)


@contextmanager
def replaying(path: Path) -> Iterator[Cassette]:
    """Replay the cassette at ``path``; a missing or unreadable one is a `CassetteError`."""
    if not path.is_file():
        raise CassetteError(f"{path}: cassette missing; record it with `parity record`")
    if not path.read_bytes().strip():
        raise CassetteError(f"{path}: cassette is empty; record it again with `parity record`")
    try:
        with replay_vcr().use_cassette(str(path)) as cassette:
            yield cassette
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, CassetteError):
            raise
        raise CassetteError(
            f"{path}: cassette is corrupted ({_first_line(exc)}); record it again"
        ) from None


@contextmanager
def recording(path: Path, provenance: dict[str, Any], log: RecordingLog) -> Iterator[Cassette]:
    """Record into ``path``: into a temp file first, moved into place only on success.
    Send the case's request through a `RoutingTransport` holding the same ``log``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".recording-", suffix=".yaml", dir=path.parent)
    os.close(fd)
    os.unlink(tmp_name)  # vcrpy must see no cassette so that it records
    tmp = Path(tmp_name)
    refusals: list[CassetteError] = []
    try:
        with record_vcr(log, refusals).use_cassette(str(tmp)) as cassette:
            cassette.get_metadata(PROVENANCE_KEY, provenance)
            yield cassette
            if len(cassette) == 0:
                raise CassetteError(f"{path}: nothing was recorded")
        for refusal in refusals:
            raise type(refusal)(str(refusal).replace(str(tmp), str(path)))
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def provenance_of(cassette: Cassette) -> dict[str, Any] | None:
    try:
        value = cassette.get_metadata(PROVENANCE_KEY, None)
    except MissingMetadataError:
        return None
    return value if isinstance(value, dict) else None


# -- vcrpy configuration -------------------------------------------------------------------


def _make_vcr(
    record_mode: str,
    before_request: Callable[[VcrRequest], VcrRequest | None],
    before_response: Callable[[dict[str, Any]], dict[str, Any]],
    known_secrets: set[str],
    refusals: list[CassetteError],
) -> vcr.VCR:
    recorder = vcr.VCR(
        serializer="yaml",
        record_mode=record_mode,
        match_on=MATCH_ON,
        decode_compressed_response=True,
        before_record_request=before_request,
        before_record_response=before_response,
        record_on_exception=False,
    )
    recorder.register_matcher("parity_path", _match_path)
    recorder.register_matcher("parity_body", _match_body)
    recorder.register_matcher("parity_headers", _match_headers)
    recorder.register_persister(_persister(known_secrets, refusals))
    return recorder


def _match_path(r1: VcrRequest, r2: VcrRequest) -> None:
    if unquote(r1.path) != unquote(r2.path):
        raise AssertionError(f"{unquote(r1.path)} != {unquote(r2.path)}")


def _match_body(r1: VcrRequest, r2: VcrRequest) -> None:
    b1, b2 = _body_bytes(r1.body), _body_bytes(r2.body)
    if b1 == b2:
        return
    try:
        if json.loads(b1) == json.loads(b2):
            return
    except ValueError:
        pass
    raise AssertionError("request bodies differ")


def _match_headers(r1: VcrRequest, r2: VcrRequest) -> None:
    for name in MATCHED_HEADERS:
        if _header(r1, name) != _header(r2, name):
            raise AssertionError(f"{name}: {_header(r1, name)!r} != {_header(r2, name)!r}")


def _header(request: VcrRequest, name: str) -> str | None:
    for key, value in request.headers.items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) else value)
    return None


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    return body if isinstance(body, bytes) else str(body).encode()


def _scrub_request(request: VcrRequest) -> VcrRequest:
    for name in list(request.headers):
        low = name.lower()
        if low in (SCENARIO_HEADER, "host"):
            del request.headers[name]
        elif is_secret_header(low) and not _is_placeholder(request.headers[name]):
            request.headers[name] = REDACTED
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if is_secret_header(name):
            del headers[name]
    return response


def _is_placeholder(value: str) -> bool:
    return value.startswith("<") or value.startswith("Bearer <") or value == REDACTED


def _persister(known_secrets: set[str], refusals: list[CassetteError]) -> type:
    class ScanningPersister:
        """Loads cassettes; saves only after a secret scan, atomically. Never raises while
        saving (vcrpy would leave httpx patched): a refusal goes to ``refusals``."""

        @staticmethod
        def load_cassette(cassette_path: str, serializer: Any) -> Any:
            from vcr.persisters.filesystem import CassetteNotFoundError

            path = Path(cassette_path)
            if not path.is_file():
                raise CassetteNotFoundError()
            try:
                data = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CassetteError(f"{path}: cannot read cassette: {exc}") from None
            if not data.strip():
                raise CassetteNotFoundError()
            try:
                parsed = serializer.deserialize(data)
                check_cassette(parsed)
                return deserialize(data, _Parsed(parsed))
            except Exception as exc:
                raise CassetteError(
                    f"{path}: cassette is corrupted ({_first_line(exc)}); record it again"
                ) from None

        @staticmethod
        def save_cassette(cassette_path: str, cassette_dict: Any, serializer: Any) -> None:
            data = serialize(cassette_dict, serializer)
            leaks = scan(data, known_secrets)
            if leaks:
                refusals.append(
                    SecretLeakError(
                        f"{cassette_path}: refusing to write a cassette holding a secret "
                        f"({', '.join(sorted(set(leaks)))})"
                    )
                )
                return
            path = Path(cassette_path)
            tmp: str | None = None
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=".cassette-", dir=path.parent)
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(data)
                os.replace(tmp, path)
            except OSError as exc:
                if tmp is not None and os.path.exists(tmp):
                    os.unlink(tmp)
                refusals.append(CassetteError(f"{cassette_path}: cannot write: {exc}"))

    return ScanningPersister


class _Parsed:
    """A vcrpy serializer that hands back a cassette already parsed (and checked)."""

    def __init__(self, data: Any) -> None:
        self._data = data

    def deserialize(self, _text: str) -> Any:
        return self._data


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
