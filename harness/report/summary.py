"""The Markdown summary for a CI step summary (e.g. ``$GITHUB_STEP_SUMMARY``).

It holds the totals, the run line, a per-target table with verdict symbols and the list of
red cases with their first finding. The list is capped (``max_red``) and every line is cut
to a fixed length, so the document stays a few tens of KiB, far below the 1 MiB a step
summary may hold, however large the run. Text from the results is escaped so that it renders
as plain text, never as Markdown or HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from harness.report.inputs import (
    SYMBOLS,
    Case,
    Run,
    check_results,
    tally_by,
    target_sort_key,
    verdict_counts,
)
from harness.vocabulary import VERDICTS

MAX_RED = 50
_TEXT_LIMIT = 160
_VALUE_LIMIT = 60
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&#!])")
_WHITESPACE = re.compile(r"\s+")


def render_summary(results: Mapping[str, Any], *, max_red: int = MAX_RED) -> str:
    """The Markdown summary for ``results`` (schema 1); lists at most ``max_red`` red cases."""
    checked = check_results(results)
    cases = checked["cases"]
    counts = verdict_counts(cases)
    lines = ["## Parity alignment report", "", _totals_line(counts, len(cases)), ""]
    lines += [_run_line(checked["run"]), ""]
    lines += _target_table(cases)
    red = [case for case in cases if case["verdict"] == "red"]
    lines += ["", f"### {SYMBOLS['red']} Red cases ({len(red)})", ""]
    if not red:
        lines.append("No red cases.")
    lines += [_red_line(case) for case in red[:max_red]]
    if len(red) > max_red:
        more = len(red) - max_red
        noun = "red case" if more == 1 else "red cases"
        lines += ["", f"…and {more} more {noun}; alignment.html lists all of them."]
    return "\n".join(lines) + "\n"


def _totals_line(counts: dict[str, int], total: int) -> str:
    parts = [f"{SYMBOLS[v]} {counts[v]} {v}" for v in ("red", "amber", "green", "grey")]
    parts[0] = f"**{parts[0]}**" if counts["red"] else parts[0]
    verdict = "CI fails (red cases)" if counts["red"] else "CI passes (no red cases)"
    return f"{' · '.join(parts)} · {total} cases: {verdict}."


def _run_line(run: Run) -> str:
    commit = run.get("git_commit")
    parts = [
        f"Parity {_text(run['parity_version'])}",
        f"commit {_code(commit[:12])}" if commit else "no git commit",
        _text(run["started_at"]),
        _text(run["record_mode"]),
    ]
    if run.get("selection"):
        parts.append(f"selection {_code(str(run.get('selection')))}")
    return " · ".join(parts)


def _target_table(cases: list[Case]) -> list[str]:
    per_target = tally_by(cases, lambda case: [case["target"]])
    header = " | ".join(f"{SYMBOLS[v]} {v}" for v in VERDICTS)
    lines = [f"| target | {header} | total |", "| --- |" + " ---: |" * (len(VERDICTS) + 1)]
    for target in sorted(per_target, key=target_sort_key):
        counts = per_target[target]
        cells = " | ".join(str(counts[v]) for v in VERDICTS)
        lines.append(f"| {_text(target)} | {cells} | {sum(counts.values())} |")
    return lines


def _red_line(case: Case) -> str:
    line = f"- {SYMBOLS['red']} {_code(case['id'])}"
    if not case["findings"]:
        return line + ": no findings recorded"
    first = case["findings"][0]
    where = f" {_code(first['path'])}" if first["path"] else ""
    line += f": {_text(first['check'])}{where}: {_text(first['message'])}"
    if first["expected"] is not None or first["actual"] is not None:
        line += f" (expected {_json(first['expected'])}, actual {_json(first['actual'])})"
    more = len(case["findings"]) - 1
    if more:
        line += f" (+{more} more finding{'s' if more != 1 else ''})"
    return line


def _json(value: Any) -> str:
    return _code(_cut(json.dumps(value, ensure_ascii=False), _VALUE_LIMIT))


def _cut(text: str, limit: int) -> str:
    text = _WHITESPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(text: str) -> str:
    """Untrusted text as literal Markdown: one line, cut to length, punctuation escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _cut(text, _TEXT_LIMIT))


def _code(text: str) -> str:
    """Untrusted text as an inline code span that no backtick inside can break."""
    text = _cut(text, _TEXT_LIMIT)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"
