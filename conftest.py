"""The pytest gate is a plugin of the harness; this file only loads it."""

pytest_plugins = ["harness.pytest_plugin"]
