"""Parity: the engine that runs Anthropic Messages API scenarios against every backend."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("parity")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
