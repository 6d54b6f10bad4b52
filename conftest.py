"""The pytest gate is a plugin of the harness; this file loads it, and pytest's own
``pytester``, with which the gate's tests run the gate in-process."""

import gc

import pytest

pytest_plugins = ["harness.pytest_plugin", "pytester"]


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collecting made (the modules, about 5,000 test items, the corpus) lives to the
    end of the run: frozen, it is left out of every later garbage collection, each of which
    would otherwise walk all of it again."""
    gc.freeze()
