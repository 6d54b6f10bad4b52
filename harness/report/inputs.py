"""The reports' input contract: check a results dict against schema 1 and tally it.

Every report reads ``reports/results.json`` through :func:`check_results`, which either
returns the same dict typed as :class:`Results` or raises :class:`ReportInputError` with a
one-line message that names the offending field (``cases[3].verdict: expected one of green,
amber, red, grey, got 'blue'``). Keys documented as nullable may also be absent.

It accepts what the engine writes in bad situations too: ``request`` and ``api_version`` are
null for a scenario that did not load, a provenance without cassette metadata has no
``source`` (or ``sha256`` when the cassette is missing), and a package that is not
installed has a null version.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NoReturn, NotRequired, TypedDict, cast

from harness import registry
from harness.errors import ParityError
from harness.vocabulary import MODES, RECORD_MODES, VERDICTS, Verdict

SYMBOLS: dict[str, str] = {"green": "✓", "amber": "≈", "red": "✕", "grey": "–"}
"""One symbol per verdict, so that colour is never the only signal."""


_PROVENANCE_TEXT = (
    "sha256",
    "source",
    "recorded_at",
    "model_id",
    "region",
    "base_url",
    "api_version",
    "parity_version",
)


class ReportInputError(ParityError):
    """A results dict that does not follow schema 1; the message names the field."""


class Finding(TypedDict):
    check: str
    path: str
    expected: Any
    actual: Any
    message: str


class KnownDifference(TypedDict):
    path: str
    reason: str
    matched: bool


class Provenance(TypedDict):
    cassette: str
    sha256: NotRequired[str | None]
    source: NotRequired[str | None]  # simulator | live, or unknown without metadata
    recorded_at: NotRequired[str | None]
    model_id: NotRequired[str | None]
    region: NotRequired[str | None]
    base_url: NotRequired[str | None]
    api_version: NotRequired[str | None]
    parity_version: NotRequired[str | None]


class Case(TypedDict):
    id: str
    scenario: str
    title: str
    tags: list[str]
    target: str
    mode: str
    front: str
    api_version: str | None
    verdict: Verdict
    reason: NotRequired[str | None]
    findings: list[Finding]
    known_differences: list[KnownDifference]
    request: dict[str, Any] | None  # None when the scenario did not load
    wire_request: NotRequired[dict[str, Any] | None]
    golden_wire_request: NotRequired[dict[str, Any] | None]
    outcome: NotRequired[dict[str, Any] | None]
    golden_outcome: NotRequired[dict[str, Any] | None]
    front_outcome: NotRequired[dict[str, Any] | None]  # OpenAI-front scenarios
    golden_front_outcome: NotRequired[dict[str, Any] | None]
    canonical_case: NotRequired[str | None]
    provenance: NotRequired[Provenance | None]
    timing_ms: dict[str, float]


class Run(TypedDict):
    parity_version: str
    git_commit: NotRequired[str | None]
    started_at: str
    finished_at: str
    record_mode: str
    python: str
    packages: dict[str, str | None]  # None: not installed
    selection: NotRequired[str | None]


class Results(TypedDict):
    schema: int
    run: Run
    totals: dict[str, int]
    cases: list[Case]


def check_results(results: object) -> Results:
    """Return ``results`` typed as :class:`Results`, or raise :class:`ReportInputError`."""
    top = _object(results, "results")
    if top.get("schema") != 1:
        _fail("schema", f"expected 1, got {_show(top.get('schema'))}")
    _check_run(_object(_required(top, "run", ""), "run"))
    cases = _array(_required(top, "cases", ""), "cases")
    seen_ids: dict[str, int] = {}
    seen_cells: dict[tuple[str, str, str], int] = {}
    for index, raw in enumerate(cases):
        path = f"cases[{index}]"
        case = _check_case(_object(raw, path), path)
        first = seen_ids.setdefault(case["id"], index)
        if first != index:
            _fail(f"{path}.id", f"duplicate of cases[{first}].id {_show(case['id'])}")
        system = str(raw.get("system") or "reference")
        cell = (case["scenario"], f"{case['target']}@{system}", case["mode"])
        first = seen_cells.setdefault(cell, index)
        if first != index:
            _fail(path, f"same scenario, target, mode and system as cases[{first}]")
    _check_totals(_object(_required(top, "totals", ""), "totals"), cast(list[Case], cases))
    return cast(Results, top)


def verdict_counts(cases: Iterable[Case]) -> dict[str, int]:
    """How many cases have each verdict, in verdict order (zeros included)."""
    counts = Counter(case["verdict"] for case in cases)
    return {verdict: counts.get(verdict, 0) for verdict in VERDICTS}


def tally_by(
    cases: Iterable[Case], keys: Callable[[Case], Iterable[str]]
) -> dict[str, dict[str, int]]:
    """Verdict counts per group; a case may belong to several groups (e.g. its tags)."""
    groups: dict[str, Counter[str]] = {}
    for case in cases:
        for key in keys(case):
            groups.setdefault(key, Counter())[case["verdict"]] += 1
    return {key: {v: counter.get(v, 0) for v in VERDICTS} for key, counter in groups.items()}


def target_sort_key(target: str) -> tuple[int, str]:
    """Known targets in their fixed order (the canonical one first), others after, by name;
    a system's column (``vertex@litellm``) right after its target's."""
    order = registry.targets()
    base, _, system = target.partition("@")
    if base in order:
        return (order.index(base), system)
    return (len(order), target)


def by_column(results: dict[str, Any]) -> dict[str, Any]:
    """``results`` with each case of a system under test other than the reference shown in
    a column of its own beside its target's: target ``vertex@litellm``."""
    if not isinstance(results, dict) or not isinstance(results.get("cases"), list):
        return results  # check_results names what is wrong
    cases = []
    for case in results["cases"]:
        system = case.get("system") if isinstance(case, dict) else None
        if system and system != "reference" and isinstance(case.get("target"), str):
            case = {**case, "target": f"{case['target']}@{system}"}
        cases.append(case)
    return {**results, "cases": cases}


def mode_sort_key(mode: str) -> int:
    return MODES.index(mode)


# --- field checks -------------------------------------------------------------------------


def _check_run(run: Mapping[str, Any]) -> None:
    for key in ("parity_version", "started_at", "finished_at", "python"):
        _string(run, key, "run")
    _string(run, "git_commit", "run", nullable=True)
    _string(run, "selection", "run", nullable=True)
    _choice(run, "record_mode", "run", RECORD_MODES)
    packages = _object(_required(run, "packages", "run"), "run.packages")
    for name in packages:
        _string(packages, name, "run.packages", nullable=True)


def _check_case(case: Mapping[str, Any], path: str) -> Case:
    for key in ("id", "scenario", "title", "target", "front"):
        _string(case, key, path)
    _string(case, "api_version", path, nullable=True)
    if not case["target"]:
        _fail(f"{path}.target", "expected a non-empty string")
    _choice(case, "mode", path, MODES)
    _choice(case, "verdict", path, VERDICTS)
    _string(case, "reason", path, nullable=True)
    _string(case, "canonical_case", path, nullable=True)
    for index, tag in enumerate(_array(_required(case, "tags", path), f"{path}.tags")):
        if not isinstance(tag, str):
            _fail(f"{path}.tags[{index}]", f"expected a string, got {_show(tag)}")
    for index, raw in enumerate(_array(_required(case, "findings", path), f"{path}.findings")):
        where = f"{path}.findings[{index}]"
        finding = _object(raw, where)
        for key in ("check", "path", "message"):
            _string(finding, key, where)
        _required(finding, "expected", where)
        _required(finding, "actual", where)
    known = _array(_required(case, "known_differences", path), f"{path}.known_differences")
    for index, raw in enumerate(known):
        where = f"{path}.known_differences[{index}]"
        difference = _object(raw, where)
        _string(difference, "path", where)
        _string(difference, "reason", where)
        if not isinstance(_required(difference, "matched", where), bool):
            _fail(f"{where}.matched", f"expected true or false, got {_show(difference['matched'])}")
    if _required(case, "request", path) is not None:
        _object(case["request"], f"{path}.request")
    for key in ("wire_request", "golden_wire_request"):
        if case.get(key) is not None:
            _check_wire_request(_object(case[key], f"{path}.{key}"), f"{path}.{key}")
    for key in ("outcome", "golden_outcome"):
        if case.get(key) is not None:
            _check_outcome(_object(case[key], f"{path}.{key}"), f"{path}.{key}")
    for key in ("front_outcome", "golden_front_outcome"):
        if case.get(key) is not None:
            front = _object(case[key], f"{path}.{key}")
            if not isinstance(front.get("status"), int):
                _fail(
                    f"{path}.{key}.status", f"expected an integer, got {_show(front.get('status'))}"
                )
    if case.get("provenance") is not None:
        _check_provenance(_object(case["provenance"], f"{path}.provenance"), f"{path}.provenance")
    timing = _object(_required(case, "timing_ms", path), f"{path}.timing_ms")
    for key, value in timing.items():
        if not _is_number(value):
            _fail(f"{path}.timing_ms.{key}", f"expected a number, got {_show(value)}")
    return cast(Case, case)


def _check_wire_request(wire: Mapping[str, Any], path: str) -> None:
    _string(wire, "method", path)
    _string(wire, "url", path)
    _object(_required(wire, "headers", path), f"{path}.headers")


def _check_outcome(outcome: Mapping[str, Any], path: str) -> None:
    status = _required(outcome, "status", path)
    if not isinstance(status, int) or isinstance(status, bool):
        _fail(f"{path}.status", f"expected an integer, got {_show(status)}")
    if "events" in outcome:
        for index, event in enumerate(_array(outcome["events"], f"{path}.events")):
            _object(event, f"{path}.events[{index}]")
    elif "body" not in outcome:
        _fail(path, "expected a body or an events list")


def _check_provenance(provenance: Mapping[str, Any], path: str) -> None:
    _string(provenance, "cassette", path)
    for key in _PROVENANCE_TEXT:
        _string(provenance, key, path, nullable=True)


def _check_totals(totals: Mapping[str, Any], cases: list[Case]) -> None:
    counted = verdict_counts(cases)
    for verdict in VERDICTS:
        value = _required(totals, verdict, "totals")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            _fail(f"totals.{verdict}", f"expected a count, got {_show(value)}")
        if value != counted[verdict]:
            _fail(f"totals.{verdict}", f"says {value}, but {counted[verdict]} cases are {verdict}")


# --- primitives -----------------------------------------------------------------------------


def _fail(path: str, message: str) -> NoReturn:
    raise ReportInputError(f"{path}: {message}")


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _required(obj: Mapping[str, Any], key: str, parent: str) -> Any:
    if key not in obj:
        _fail(_join(parent, key), "missing")
    return obj[key]


def _object(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        _fail(path, f"expected an object, got {_show(value)}")
    return cast(Mapping[str, Any], value)


def _array(value: object, path: str) -> list[Any]:
    if not isinstance(value, list):
        _fail(path, f"expected an array, got {_show(value)}")
    return value


def _string(obj: Mapping[str, Any], key: str, parent: str, *, nullable: bool = False) -> None:
    value = obj.get(key) if nullable else _required(obj, key, parent)
    if value is None and nullable:
        return
    if not isinstance(value, str):
        wanted = "a string or null" if nullable else "a string"
        _fail(_join(parent, key), f"expected {wanted}, got {_show(value)}")


def _choice(obj: Mapping[str, Any], key: str, parent: str, choices: tuple[str, ...]) -> None:
    value = _required(obj, key, parent)
    if value not in choices:
        _fail(_join(parent, key), f"expected one of {', '.join(choices)}, got {_show(value)}")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _show(value: object) -> str:
    """A short, one-line rendering of a bad value for an error message."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
