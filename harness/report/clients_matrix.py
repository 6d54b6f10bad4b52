"""The client matrix: client x system under test x target at a glance, from every client
run's results (``reports/clients/results.json`` and ``reports/clients/<gateway>/results.json``).

One row per client, one column per gateway and target; a cell holds the verdict of that
client's cases there (the worst of them: red over amber over green; grey when the gateway
cannot reach the target) and how many of its scenarios were green or amber. Below it, one row
per client scenario with each case's verdict. Written as ``matrix.html`` and ``matrix.md``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import registry

_ORDER = ("red", "amber", "green", "grey")
_COLOURS = {"green": "#2e7d32", "amber": "#b26a00", "red": "#c62828", "grey": "#757575"}


@dataclass(frozen=True)
class Cell:
    verdict: str
    passed: int
    total: int
    cases: tuple[tuple[str, str], ...]
    """(scenario, verdict) of each case in the cell."""

    @property
    def label(self) -> str:
        return "grey" if self.verdict == "grey" else f"{self.passed}/{self.total}"


@dataclass(frozen=True)
class Matrix:
    clients: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]
    """(gateway, target), gateways in the order first seen (the null gateway first)."""
    cells: Mapping[tuple[str, str, str], Cell]
    """(client, gateway, target) -> cell."""
    scenarios: tuple[tuple[str, str], ...]
    """(client, scenario) rows of the detail table."""
    verdicts: Mapping[tuple[str, str, str], str]
    """(scenario, gateway, target) -> verdict."""


def load_cases(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """The client cases of every results file (files that cannot be read are skipped)."""
    cases: list[dict[str, Any]] = []
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        cases.extend(c for c in data.get("cases", []) if "client" in (c.get("tags") or []))
    return cases


def build(cases: Sequence[Mapping[str, Any]]) -> Matrix:
    by_cell: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    verdicts: dict[tuple[str, str, str], str] = {}
    rows: dict[tuple[str, str], None] = {}
    gateways: dict[str, None] = {}
    for case in cases:
        client, _, gateway = str(case["system"]).partition("@")
        key = (client, gateway, str(case["target"]))
        by_cell.setdefault(key, []).append((str(case["scenario"]), str(case["verdict"])))
        verdicts[(str(case["scenario"]), gateway, str(case["target"]))] = str(case["verdict"])
        rows[(client, str(case["scenario"]))] = None
        gateways[gateway] = None
    ordered = sorted(gateways, key=lambda g: (g != "null-gateway", g))
    targets = [t for t in registry.targets() if any(k[2] == t for k in by_cell)]
    targets += sorted({k[2] for k in by_cell} - set(targets))
    return Matrix(
        clients=tuple(dict.fromkeys(c for c, _ in sorted(rows))),
        columns=tuple((g, t) for g in ordered for t in targets),
        cells={key: _cell(items) for key, items in by_cell.items()},
        scenarios=tuple(sorted(rows)),
        verdicts=verdicts,
    )


def _cell(items: list[tuple[str, str]]) -> Cell:
    seen = {v for _, v in items}
    verdict = next((v for v in _ORDER if v in seen and (v != "grey" or seen == {"grey"})), "grey")
    passed = sum(1 for _, v in items if v in ("green", "amber"))
    total = sum(1 for _, v in items if v != "grey")
    return Cell(verdict, passed, total, tuple(sorted(items)))


def markdown(matrix: Matrix) -> str:
    """The matrix as a Markdown table (cells: verdict and scenarios passed / run)."""
    head = ["client", *(f"{g} {t}" for g, t in matrix.columns)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for client in matrix.clients:
        cells = [matrix.cells.get((client, g, t)) for g, t in matrix.columns]
        shown = [
            f"{c.verdict} {c.label}" if c and c.verdict != "grey" else "grey" if c else ""
            for c in cells
        ]
        lines.append("| " + " | ".join([client, *shown]) + " |")
    return "\n".join(lines) + "\n"


def render(matrix: Matrix) -> str:
    """The matrix as a standalone HTML page."""
    gateways = list(dict.fromkeys(g for g, _ in matrix.columns))
    span = {g: sum(1 for x, _ in matrix.columns if x == g) for g in gateways}
    top = "".join(f'<th colspan="{span[g]}">{_e(g)}</th>' for g in gateways)
    sub = "".join(f"<th>{_e(t)}</th>" for _, t in matrix.columns)
    rows = []
    for client in matrix.clients:
        cells = "".join(_td(matrix.cells.get((client, g, t))) for g, t in matrix.columns)
        rows.append(f"<tr><th>{_e(client)}</th>{cells}</tr>")
    detail = []
    for client, scenario in matrix.scenarios:
        cells = "".join(
            _verdict_td(matrix.verdicts.get((scenario, g, t))) for g, t in matrix.columns
        )
        detail.append(f"<tr><th>{_e(client)}</th><th>{_e(scenario)}</th>{cells}</tr>")
    header = f"<tr><th></th>{top}</tr><tr><th>client</th>{sub}</tr>"
    detail_header = (
        f"<tr><th></th><th></th>{top}</tr><tr><th>client</th><th>scenario</th>{sub}</tr>"
    )
    return _PAGE.format(matrix=header + "".join(rows), detail=detail_header + "".join(detail))


def write(cases: Sequence[Mapping[str, Any]], directory: Path) -> Matrix:
    """``matrix.html`` and ``matrix.md`` in ``directory``."""
    matrix = build(cases)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "matrix.html").write_text(render(matrix), encoding="utf-8")
    (directory / "matrix.md").write_text(markdown(matrix), encoding="utf-8")
    return matrix


def _td(cell: Cell | None) -> str:
    if cell is None:
        return "<td></td>"
    title = _e("\n".join(f"{s}: {v}" for s, v in cell.cases))
    colour = _COLOURS[cell.verdict]
    return f'<td title="{title}" style="background:{colour}">{_e(cell.label)}</td>'


def _verdict_td(verdict: str | None) -> str:
    if verdict is None:
        return "<td></td>"
    return f'<td style="background:{_COLOURS.get(verdict, "#fff")}">{_e(verdict)}</td>'


def _e(text: str) -> str:
    return html.escape(text, quote=True)


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parity client matrix</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5em; }}
table {{ border-collapse: collapse; margin-bottom: 2em; }}
th, td {{ border: 1px solid #ccc; padding: .3em .6em; text-align: center; }}
td {{ color: #fff; font-weight: 600; }}
th {{ background: #f4f4f4; }}
</style></head><body>
<h1>Client x system under test x target</h1>
<p>Each cell: the worst verdict of the client's cases there, and how many of its scenarios
passed (green or amber) of those run; grey: the gateway cannot reach the target. Hover for
the scenarios.</p>
<table>{matrix}</table>
<h2>Per scenario</h2>
<table>{detail}</table>
</body></html>
"""
