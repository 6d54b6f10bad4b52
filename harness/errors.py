"""User-facing errors: each one prints as a single line that names the file or field."""

from __future__ import annotations


class ParityError(Exception):
    """A mistake the user can fix (bad YAML, bad CLI input, a corrupted cassette).

    The CLI prints ``str(error)`` as one line and exits 2; it is never shown as a traceback.
    """


class ScenarioError(ParityError):
    """A scenario file that cannot be loaded; the message starts with ``file:line:``."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


class ConfigError(ParityError):
    """A problem in fixtures/targets.yaml or in the environment's target overrides."""


class CassetteError(ParityError):
    """A cassette that is missing, unreadable, or does not hold the expected interaction."""
