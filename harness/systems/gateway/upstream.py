"""Judging what a gateway sent upstream: every request its backend received for a case,
against the reference translator's wire request for that target.

Documented canonicalizations no backend can tell apart are applied first (and shown, by
name, as information); what remains is a finding classed as a dropped field, an added field
or a changed value. A request the backend rejected as the real service would, none at all,
or more than one for a single client request, are findings too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from adapters.base import WireRequest
from harness.canonical import Difference, canonical_request, compare_requests
from harness.findings import Finding
from harness.outcome import Outcome
from harness.vocabulary import JSON

_COMPARED_HEADERS: dict[str, tuple[str, ...]] = {
    "anthropic": ("anthropic-version", "anthropic-user-profile-id", "anthropic-workspace-id"),
    "vertex": ("anthropic-user-profile-id",),
}
"""Per target, the headers whose value is compared when the reference translator sends them
(elsewhere the version is in the body; Bedrock reads a user profile from the body)."""
_LIST_HEADERS: dict[str, tuple[str, ...]] = {
    "anthropic": ("anthropic-beta",),
    "vertex": ("anthropic-beta",),
}
"""Per target, the comma-list headers compared as sets: the native API and Vertex AI read
the beta flags from ``anthropic-beta`` only; Bedrock reads them from the body."""


@dataclass(frozen=True)
class Upstream:
    """One request a backend received: as sent, and how the backend answered it."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes
    status: int
    rejection: str | None = None
    """Why the simulated service refused it, when it did (as the real service would)."""
    scenario: str | None = None


@dataclass
class UpstreamJudgement:
    problems: list[Finding] = field(default_factory=list)
    """No request, several, or one the service would reject."""
    differences: list[Finding] = field(default_factory=list)
    """Fields dropped, added or changed against the reference translator's request."""
    applied: list[str] = field(default_factory=list)
    """The canonicalizations applied, by name (information, not findings)."""

    @property
    def findings(self) -> list[Finding]:
        return [*self.problems, *self.differences]

    def to_dict(self, received: list[Upstream], noted: list[Finding] | None = None) -> JSON:
        """The upstream record of a case; ``noted`` are differences kept as information."""
        record: JSON = {
            "requests": [
                {"method": r.method, "path": r.path, "status": r.status, "rejection": r.rejection}
                for r in received
            ],
            "canonicalizations": sorted(set(self.applied)),
        }
        if noted:
            record["noted"] = [f.to_dict() for f in noted]
        return record


def judge(
    target: str,
    reference: WireRequest,
    received: list[Upstream],
    reference_refusal: tuple[int, str] | None = None,
) -> UpstreamJudgement:
    """Findings for what reached the ``target`` backend, against ``reference``;
    ``reference_refusal`` is the status and error message the reference translator's own
    request got, when the service refused it too (`refusal`)."""
    judgement = UpstreamJudgement()
    if not received:
        judgement.problems.append(
            Finding(
                "upstream",
                "",
                "one request to the backend",
                "none",
                f"the gateway sent no request to the {target} backend",
            )
        )
        return judgement
    if len(received) > 1:
        judgement.problems.append(
            Finding(
                "upstream",
                "",
                1,
                len(received),
                f"the gateway sent {len(received)} requests to the {target} backend for one "
                "client request (a retry, or a request split in several)",
            )
        )
    url = urlsplit(reference.url)
    path = f"{url.path}?{url.query}" if url.query else url.path
    expected = canonical_request(target, reference.method, path, reference.body or b"")
    for index, request in enumerate(received):
        where = f"upstream[{index}]" if len(received) > 1 else "upstream"
        actual = canonical_request(target, request.method, request.path, request.body)
        judgement.applied.extend([*expected.applied, *actual.applied])
        differences = _differences(where, compare_requests(expected, actual))
        differences.extend(_headers(target, where, reference.headers, request.headers))
        judgement.differences.extend(differences)
        if differences and _gateways_refusal(request, reference_refusal):
            judgement.problems.append(
                Finding(
                    "upstream",
                    where,
                    None,
                    request.status,
                    f"the {target} service would reject this request: {request.rejection}",
                )
            )
    return judgement


def refusal(outcome: Outcome | None) -> tuple[int, str] | None:
    """The status and error message of a reference outcome that is an error, else None."""
    if outcome is None or outcome.is_stream or not isinstance(outcome.body, dict):
        return None
    error = outcome.body.get("error")
    if outcome.status < 400 or not isinstance(error, dict):
        return None
    message = error.get("message")
    return (outcome.status, message) if isinstance(message, str) and message else None


def _gateways_refusal(request: Upstream, reference_refusal: tuple[int, str] | None) -> bool:
    """Whether the service refused a request that differs from the reference's because of
    the gateway: the very request the reference translator sends gets the very same answer,
    and a refusal the reference's own request got too is not caused by the difference."""
    if request.rejection is None:
        return False
    if reference_refusal is None:
        return True
    status, message = reference_refusal
    return not (request.status == status and request.rejection.endswith(message))


def _differences(where: str, found: list[Difference]) -> list[Finding]:
    words = {"dropped": "dropped", "added": "added", "changed": "changed"}
    return [
        Finding(
            "upstream",
            f"{where}.{d.path}" if d.path else where,
            d.expected,
            d.actual,
            f"{words.get(d.kind, d.kind)} against the reference translator's request",
        )
        for d in found
    ]


def _headers(
    target: str, where: str, expected: Mapping[str, str], actual: Mapping[str, str]
) -> list[Finding]:
    low = {k.lower(): v for k, v in actual.items()}
    expected = {k.lower(): v for k, v in expected.items()}
    found: list[Finding] = []
    for name in _COMPARED_HEADERS.get(target, ()):
        if name in expected and low.get(name) != expected[name]:
            found.append(_header_finding(where, name, expected[name], low.get(name)))
    for name in _LIST_HEADERS.get(target, ()):
        want = _items(expected.get(name))
        got = _items(low.get(name))
        if want != got:
            found.append(_header_finding(where, name, sorted(want), sorted(got)))
    return found


def _header_finding(where: str, name: str, expected: object, actual: object) -> Finding:
    return Finding(
        "upstream",
        f"{where}.headers.{name}",
        expected,
        actual,
        "changed against the reference translator's request",
    )


def _items(value: str | None) -> set[str]:
    return {part.strip() for part in (value or "").split(",") if part.strip()}
