"""Where the test suite spends its CPU: an opt-in pytest plugin and its summary.

Wall time says little on a shared machine; CPU seconds (user + system, of each pytest
process and of the children it waited for) do not depend on what else runs. Record, then
summarize (into an empty directory; each pytest process, xdist workers included,
writes its own file):

    PARITY_CPU_DIR=/tmp/cpu .venv/bin/pytest -p benchmarks.suite_cpu -n auto -m "not clients"
    .venv/bin/python -m benchmarks.suite_cpu /tmp/cpu

The summary gives each process's collection and test CPU and its garbage-collection time,
then the costliest files and tests. A test's children count only once waited for: a process
kept across tests (an SDK interpreter, a gateway) shows in its process's total, not in a test.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
import time
from collections import Counter
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

_GC = {"seconds": 0.0, "started": 0.0}


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    waited = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, waited.ru_utime + waited.ru_stime


def _write(record: dict[str, Any]) -> None:
    folder = os.environ.get("PARITY_CPU_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        with (Path(folder) / f"{os.getpid()}.jsonl").open("a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")


def _on_gc(phase: str, _info: dict[str, Any]) -> None:
    if phase == "start":
        _GC["started"] = time.process_time()
    else:
        _GC["seconds"] += time.process_time() - _GC["started"]


def pytest_sessionstart(session: pytest.Session) -> None:
    gc.callbacks.append(_on_gc)
    _write({"event": "start", "cpu": _cpu()})


def pytest_collection_finish(session: pytest.Session) -> None:
    _write({"event": "collected", "cpu": _cpu(), "tests": len(session.items)})


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, None, None]:
    before = _cpu()
    yield
    after = _cpu()
    _write({"event": "test", "id": item.nodeid, "own": after[0] - before[0],
            "children": after[1] - before[1]})  # fmt: skip


def pytest_unconfigure(config: pytest.Config) -> None:
    _write({"event": "end", "cpu": _cpu(), "gc": _GC["seconds"]})


def summarize(folder: Path, top: int = 25) -> None:
    tests: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.jsonl")):
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        marks = {r["event"]: r for r in records if r["event"] != "test"}
        mine = [r for r in records if r["event"] == "test"]
        tests += mine
        end = marks.get("end", {"cpu": [0, 0], "gc": 0})
        collect = marks["collected"]["cpu"][0] - marks["start"]["cpu"][0] if mine else 0.0
        print(f"process {path.stem}: {len(mine)} tests, collection {collect:.1f} s, "
              f"total {sum(end['cpu']):.1f} s (gc {end['gc']:.1f} s)")  # fmt: skip
    by_file: Counter[str] = Counter()
    for test in tests:
        by_file[test["id"].split("::")[0]] += test["own"] + test["children"]
    print(f"\n{len(tests)} tests, {sum(by_file.values()):.1f} s of CPU; costliest files:")
    for name, seconds in by_file.most_common(top):
        print(f"  {seconds:6.1f}  {name}")
    print("\ncostliest tests (own + waited children):")
    for test in sorted(tests, key=lambda t: -(t["own"] + t["children"]))[:top]:
        print(f"  {test['own'] + test['children']:6.2f}  {test['id'][:110]}")


if __name__ == "__main__":
    summarize(Path(sys.argv[1]))
