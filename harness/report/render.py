"""The alignment page: one self-contained HTML file rendered from a results dict.

The page is static HTML for everything a person scans (totals, per-target and per-tag
tallies, the scenario x target matrix, the legend, run metadata) plus the cases embedded
once as JSON; the drill-down of a case and its diffs are built in the browser on demand.
Its inline stylesheet and script are allowed by their sha256 in a strict
Content-Security-Policy, so the page loads nothing from anywhere, from disk or a server.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from harness.report.inputs import (
    SYMBOLS,
    Case,
    ReportInputError,
    Results,
    Run,
    check_results,
    mode_sort_key,
    tally_by,
    target_sort_key,
    verdict_counts,
)
from harness.vocabulary import MODES, VERDICTS

# what JSON may hold but an HTML <script> block may not: "</script", "<!--", and the
# line separators that old JavaScript parsers treat as line ends
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)
# encodeURIComponent's set of characters left as they are
_URI_COMPONENT_SAFE = "!'()*~"


def render_html(results: Mapping[str, Any]) -> str:
    """The alignment page for ``results`` (schema 1) as one self-contained HTML string."""
    checked = check_results(results)
    css, js = _assets()
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src '{_sha256(js)}'",
            f"style-src '{_sha256(css)}'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    context = _page(checked) | {
        "csp": csp,
        "css": Markup(css),
        "js": Markup(js),
        "data": _case_data(checked["cases"]),
    }
    return _environment().get_template("alignment.html.j2").render(context)


def script_json(value: Any) -> Markup:
    """``value`` as JSON that is safe inside ``<script type="application/json">``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Markup(text.translate(_SCRIPT_SAFE))


def _case_data(cases: list[Case]) -> Markup:
    try:
        return script_json({"cases": cases})
    except ValueError:
        for index, case in enumerate(cases):
            try:
                script_json(case)
            except ValueError:
                raise ReportInputError(
                    f"cases[{index}]: holds NaN or Infinity, which JSON cannot represent"
                ) from None
        raise


def case_fragment(case_id: str) -> str:
    """The URL fragment (without ``#``) that opens a case: its id, percent-encoded the way
    JavaScript's ``encodeURIComponent`` does it."""
    return quote(case_id, safe=_URI_COMPONENT_SAFE)


# --- page model ---------------------------------------------------------------------------


def _page(results: Results) -> dict[str, Any]:
    cases = results["cases"]
    counts = verdict_counts(cases)
    targets = sorted({case["target"] for case in cases}, key=target_sort_key)
    modes = sorted({case["mode"] for case in cases}, key=mode_sort_key) or list(MODES)
    by_target = tally_by(cases, lambda case: [case["target"]])
    by_tag = tally_by(cases, lambda case: case["tags"])
    red = counts["red"]
    headline = f"{red} red" if red else "no red"
    return {
        "page_title": f"Parity alignment · {headline} · {len(cases)} cases",
        "run": _run(results["run"]),
        "totals": [{"verdict": v, "symbol": SYMBOLS[v], "count": counts[v]} for v in VERDICTS],
        "total_cases": len(cases),
        "red_count": red,
        "symbols": SYMBOLS,
        "targets": [{"name": t} for t in targets],
        "modes": modes,
        "tags": [{"name": tag} for tag in sorted(by_tag)],
        "groups": [
            {
                "title": "target",
                "filter": "target",
                "rows": [_tally_row(t, by_target[t]) for t in targets],
            },
            {
                "title": "tag",
                "filter": "tag",
                "rows": [_tally_row(tag, by_tag[tag]) for tag in sorted(by_tag)],
            },
        ],
        "rows": _matrix(cases, targets, modes),
    }


def _run(run: Run) -> dict[str, Any]:
    return {
        "parity_version": run["parity_version"],
        "commit": run.get("git_commit"),
        "started": _utc(run["started_at"]),
        "finished": _utc(run["finished_at"]),
        "duration": _duration(run["started_at"], run["finished_at"]),
        "record_mode": run["record_mode"],
        "selection": run.get("selection"),
        "python": run["python"],
        "packages": [
            (name, version or "not installed") for name, version in sorted(run["packages"].items())
        ],
    }


def _tally_row(name: str, counts: dict[str, int]) -> dict[str, Any]:
    total = sum(counts.values())
    segments = []
    x = 0.0
    for verdict in VERDICTS:
        width = 100.0 * counts[verdict] / total if total else 0.0
        if width:
            segments.append({"verdict": verdict, "x": f"{x:.2f}", "width": f"{width:.2f}"})
        x += width
    label = ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v])
    return {
        "name": name,
        "counts": [counts[v] for v in VERDICTS],
        "segments": segments,
        "label": label,
    }


def _matrix(cases: list[Case], targets: list[str], modes: list[str]) -> list[dict[str, Any]]:
    """One row per scenario (sorted by id); one cell per target and mode, in column order."""
    by_scenario: dict[str, dict[tuple[str, str], int]] = {}
    for index, case in enumerate(cases):
        by_scenario.setdefault(case["scenario"], {})[(case["target"], case["mode"])] = index
    rows = []
    for scenario in sorted(by_scenario):
        slots = by_scenario[scenario]
        cells = []
        for target in targets:
            for position, mode in enumerate(modes):
                slot = slots.get((target, mode))
                cells.append(_cell(cases, slot, target, mode, first=position == 0))
        title = cases[next(iter(slots.values()))]["title"]
        rows.append({"scenario": scenario, "title": title, "cells": cells})
    return rows


def _cell(
    cases: list[Case], index: int | None, target: str, mode: str, *, first: bool
) -> dict[str, Any]:
    if index is None:
        return {"index": None, "first": first, "label": f"{target} {mode}: no case"}
    case = cases[index]
    verdict = case["verdict"]
    return {
        "index": index,
        "first": first,
        "href": case_fragment(case["id"]),
        "verdict": verdict,
        "symbol": SYMBOLS[verdict],
        "label": f"{target} {mode}: {verdict}",
    }


def _utc(stamp: str) -> str:
    """``2026-11-21T12:00:00Z`` as ``2026-11-21 12:00:00 UTC``; anything else unchanged."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.utcoffset() is None or moment.utcoffset():
        return stamp
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _duration(start: str, end: str) -> str | None:
    try:
        seconds = (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
    except (ValueError, TypeError):
        return None
    if seconds < 0:
        return None
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


# --- assets -------------------------------------------------------------------------------


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("harness.report", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html", "j2"), default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _assets() -> tuple[str, str]:
    """The page's stylesheet and script, exactly as inlined (their hashes go in the CSP)."""
    environment = _environment()
    css = environment.get_template("alignment.css.j2").render()
    js = environment.get_template("alignment.js.j2").render()
    for name, text, closing in (("css", css, "</style"), ("js", js, "</script")):
        if closing in text.lower():
            raise RuntimeError(f"the page's {name} must not contain {closing}")
    return css, js


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")
