"""The code base stays lint-clean and type-clean: ruff and mypy run as part of the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_ruff_finds_nothing() -> None:
    result = run(str(BIN / "ruff"), "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied() -> None:
    result = run(str(BIN / "ruff"), "format", "--check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_finds_nothing() -> None:
    # incremental, with the cache a developer's `mypy` run keeps (.mypy_cache): a warm run
    # re-checks only what changed and finds what a cold one finds, in a second, not twenty
    result = run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_reference_translator_stands_alone() -> None:
    """`adapters/` (the translator and the Anthropic wire protocol it speaks) imports nothing
    from the engine: `harness/` may use the adapters, never the reverse."""
    import ast

    offenders = []
    for path in sorted((ROOT / "adapters").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders.extend(
                f"{path.relative_to(ROOT)}:{node.lineno}: {name}"
                for name in names
                if name == "harness" or name.startswith("harness.")
            )
    assert offenders == []


MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
LONG_FILES: dict[str, str] = {}
"""Files allowed over MAX_FILE_LINES, each with the reason."""
LONG_FUNCTIONS: dict[str, str] = {
    "harness/cli.py:_parser": "an argument parser reads best as one declaration",
}
"""Functions allowed over MAX_FUNCTION_LINES, each with the reason."""


def test_modules_and_functions_stay_small_enough_to_read() -> None:
    """No file in harness/ or adapters/ over ~400 lines and no function over ~60, except
    those listed above with their reason."""
    import ast

    too_long: list[str] = []
    for path in sorted([*(ROOT / "harness").rglob("*.py"), *(ROOT / "adapters").rglob("*.py")]):
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_FILE_LINES and rel not in LONG_FILES:
            too_long.append(f"{rel}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES and f"{rel}:{node.name}" not in LONG_FUNCTIONS:
                    too_long.append(f"{rel}:{node.name}: {length} lines")
    assert too_long == []
