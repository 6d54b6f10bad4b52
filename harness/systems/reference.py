"""The reference system: Parity's own translator, in-process, through the stages."""

from __future__ import annotations

from adapters.base import TranslationError, WireRequest
from harness import registry
from harness.cases import Case
from harness.findings import Finding
from harness.run_options import RunOptions
from harness.stages.decode import decode
from harness.stages.encode import encode
from harness.stages.exchange import Exchanger
from harness.stages.prepare import Prepared, prepare
from harness.systems import REFERENCE, Execution
from harness.targets import TargetsConfig


class ReferenceSystem:
    """prepare -> encode -> exchange -> decode, and the client's view for its front."""

    name = REFERENCE

    def __init__(self, config: TargetsConfig, options: RunOptions) -> None:
        self.config = config
        self.options = options
        self.exchanger = Exchanger(config, options)

    @property
    def secrets(self) -> set[str]:
        return self.exchanger.secrets

    def not_applicable(self, case: Case) -> str | None:
        return None

    def execute(self, case: Case) -> Execution:
        ex = Execution()
        prepared = prepare(case, self.config)
        if isinstance(prepared, Finding):
            return _failed(ex, prepared)
        ex.request = prepared.call.body
        wire = encode(prepared)
        if isinstance(wire, Finding):
            return _failed(ex, wire)
        ex.wire = wire
        return self._send(ex, prepared, wire)

    def _send(self, ex: Execution, prepared: Prepared, wire: WireRequest) -> Execution:
        exchanged = self.exchanger.exchange(prepared, wire)
        if isinstance(exchanged, Finding):
            return _failed(ex, exchanged)
        ex.transport_ms = exchanged.exchange.elapsed_ms
        ex.provenance = exchanged.provenance
        cassette = str(exchanged.provenance.get("cassette", "the response"))
        decoded = decode(
            registry.adapter(prepared.case.target),
            prepared.call,
            exchanged.exchange.response,
            exchanged.exchange.chunks,
            where=cassette,
        )
        ex.outcome = decoded.outcome
        ex.findings.extend(decoded.findings)
        if ex.outcome is not None:
            try:
                ex.front = prepared.case.front().client_outcome(
                    prepared.client_request, ex.outcome.to_dict()
                )
            except TranslationError as exc:
                ex.findings.append(
                    Finding("translate", exc.path, None, None, f"front door: {exc.message}")
                )
        return ex


def _failed(ex: Execution, finding: Finding) -> Execution:
    ex.findings.append(finding)
    return ex
