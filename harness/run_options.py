"""How a run's cases are executed: where fixtures live, replay or record, golden updates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harness.targets import TargetsConfig
from harness.vocabulary import RunMode


@dataclass(frozen=True)
class RunOptions:
    """How cases run: where fixtures live, replay or record, golden updates, re-chunking."""

    fixtures: Path
    mode: RunMode = "replay"
    update_golden: bool = False
    rechunk: int | None = None
    simulator_url: str | None = None
    project_root: Path | None = None
    live_config: TargetsConfig | None = None
    """When recording live: the configuration requests are sent with (the environment's
    base URLs, regions and projects applied); cassettes and goldens keep ``config``'s."""
    strict: bool = False
    """For a system under test other than the reference: also what strict clients trip over
    (fields the canonical outcome lacks, null sent for an absent field or the reverse, a
    usage count of 0 left out, the model name echoed, an OpenAI-front error's type and code,
    the chunk an expectation names); by default those are set aside as no client's concern."""
    record_cases: frozenset[str] | None = None
    """When recording: the ids of the cases to record (all when None). Any other case a
    recorded case needs (its canonical case, for parity) is replayed from its cassette."""

    def records(self, case_id: str) -> bool:
        return self.mode != "replay" and (self.record_cases is None or case_id in self.record_cases)

    def shown(self, path: Path) -> str:
        """``path`` relative to the project (results must not depend on the checkout)."""
        root = self.project_root
        if root is not None:
            try:
                return path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                pass
        return path.as_posix()

    def relative(self, message: str) -> str:
        """``message`` with the project's absolute paths made relative."""
        root = self.project_root
        if root is None:
            return message
        return message.replace(f"{root.resolve()}/", "").replace(f"{root}/", "")
