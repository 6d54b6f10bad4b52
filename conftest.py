"""The pytest gate is a plugin of the harness; this file loads it, and pytest's own
``pytester``, with which the gate's tests run the gate in-process."""

pytest_plugins = ["harness.pytest_plugin", "pytester"]
