"""Stage 3, exchange: send the wire request and get the wire response.

Replay answers from the case's cassette; recording sends to the simulator (the request named
by scenario) or to the live service (the request for the environment's settings, signed with
real credentials) and writes the cassette. Every failure is a finding for the case."""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from vcr.errors import CannotOverwriteExistingCassetteException

import harness
from adapters.base import MissingCredentialsError, TranslationError, WireRequest
from harness import cassettes, registry
from harness.errors import CassetteError
from harness.findings import Finding
from harness.run_options import RunOptions
from harness.simulator import SIMULATOR_ERROR_HEADER
from harness.stages.prepare import Prepared
from harness.targets import TargetsConfig
from harness.transport import (
    SCENARIO_HEADER,
    Exchange,
    RecordingLog,
    RoutingTransport,
    redact,
    send,
)
from harness.vocabulary import JSON


@dataclass(frozen=True)
class Exchanged:
    """The wire exchange of a case and where its answer came from."""

    exchange: Exchange
    provenance: JSON


class Exchanger:
    """Sends cases' wire requests for one run; live credentials are built once per target,
    and every credential value sent is kept in `secrets` (never to be written anywhere)."""

    def __init__(self, config: TargetsConfig, options: RunOptions) -> None:
        self.config = config
        self.options = options
        self.secrets: set[str] = set()
        self._auth: dict[str, httpx.Auth | None] = {}

    def exchange(self, prepared: Prepared, wire: WireRequest) -> Exchanged | Finding:
        path = prepared.case.cassette_path(self.options.fixtures)
        try:
            if self.options.records(prepared.case.id):
                exchange, meta = self._record(prepared, wire, path)
            else:
                exchange, meta = self._replay(wire, path)
        except CannotOverwriteExistingCassetteException as exc:
            message = (
                f"{self.options.shown(path)}: no recorded interaction matches this request "
                f"({_vcr_reason(exc)}); see the wire request against its golden"
            )
            return Finding("cassette", "", None, None, message)
        except CassetteError as exc:
            return Finding("cassette", "", None, None, self.options.relative(str(exc)))
        except MissingCredentialsError as exc:
            return Finding("transport", "", None, None, f"credentials: {exc}")
        except TranslationError as exc:  # the request for the live settings
            return Finding("translate", exc.path, None, None, f"request (live): {exc.message}")
        except httpx.HTTPError as exc:
            return Finding("transport", "", None, None, f"{type(exc).__name__}: {exc}")
        return Exchanged(exchange, self._provenance(path, meta))

    def _replay(self, wire: WireRequest, path: Path) -> tuple[Exchange, JSON | None]:
        with cassettes.replaying(path) as cassette:
            exchange = send(wire, transport=RoutingTransport(), rechunk=self.options.rechunk)
            return exchange, cassettes.provenance_of(cassette)

    def _record(
        self, prepared: Prepared, wire: WireRequest, path: Path
    ) -> tuple[Exchange, JSON | None]:
        log = RecordingLog()
        sent, transport, auth = self._route(prepared, wire, log)
        with cassettes.recording(path, self._new_provenance(prepared), log) as cassette:
            exchange = send(sent, transport=transport, auth=auth, rechunk=self.options.rechunk)
            meta = cassettes.provenance_of(cassette)
            if self.options.mode == "record-simulator":
                _refuse_simulator_failure(exchange, path)
        self.secrets |= log.secrets
        return redact(exchange, log.secrets), meta

    def _route(
        self, prepared: Prepared, wire: WireRequest, log: RecordingLog
    ) -> tuple[WireRequest, httpx.BaseTransport, httpx.Auth | None]:
        """What a recording sends, how, and with which credentials. The simulator gets the
        configured request, named by scenario; a live service gets the request for the
        environment's settings (its base URL, region, project), signed with real
        credentials, recorded under the configured URL."""
        case = prepared.case
        if self.options.mode == "record-simulator":
            if not self.options.simulator_url:
                raise CassetteError("recording from the simulator needs a running simulator")
            transport = RoutingTransport(
                redirect_to=self.options.simulator_url,
                extra_headers={SCENARIO_HEADER: case.scenario.id},
                log=log,
            )
            return wire, transport, None
        settings = case.settings(self._sending_config())
        sent = registry.adapter(case.target).encode_request(prepared.call, settings)
        transport = RoutingTransport(record_as=wire.url, log=log)
        return sent, transport, self.live_auth(case.target)

    def live_auth(self, target: str) -> httpx.Auth | None:
        """The target's live credentials, built once per run (MissingCredentialsError names
        what to set)."""
        if target not in self._auth:
            settings = self._sending_config().profile(target).settings
            self._auth[target] = registry.adapter(target).build_auth(settings, True)
        return self._auth[target]

    def _sending_config(self) -> TargetsConfig:
        return self.options.live_config or self.config

    def _new_provenance(self, prepared: Prepared) -> JSON:
        case = prepared.case
        live = self.options.mode == "record-live"
        settings = case.settings(self._sending_config())
        return {
            "source": "live" if live else "simulator",
            "recorded_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "model_id": case.model_id(self.config),
            "region": settings.region,
            "base_url": settings.base_url if live else None,
            "api_version": case.api_version(self.config),
            "parity_version": harness.__version__,
        }

    def _provenance(self, path: Path, meta: JSON | None) -> JSON:
        data = dict(meta or {"source": "unknown"})
        data["cassette"] = self.options.shown(path)
        if path.is_file():
            data["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        return data


def _refuse_simulator_failure(exchange: Exchange, path: Path) -> None:
    """The simulator's own failure (not a scripted answer) is never saved as a cassette."""
    if exchange.response.headers.get(SIMULATOR_ERROR_HEADER):
        detail = exchange.response.body.decode("utf-8", "replace")
        with contextlib.suppress(ValueError, AttributeError):
            detail = str(json.loads(detail).get("message") or detail)
        raise CassetteError(f"{path}: not recorded: the simulator could not answer: {detail}")


def _vcr_reason(exc: Exception) -> str:
    for line in str(exc).splitlines():
        if "differs" in line or "not match" in line.lower():
            return line.strip()
    return "request differs from the recording"


def sending_url(config: TargetsConfig, target: str) -> str:
    """Where a live recording of ``target`` sends its requests (base URL or host)."""
    settings = config.profile(target).settings
    if settings.base_url:
        return settings.base_url
    if settings.region:
        return f"its public endpoint in {settings.region}"
    return "its public endpoint"
