"""The null gateway: Parity's reference translator served as an Anthropic-compatible
gateway (``/v1/messages``, count_tokens, ``/v1/models`` and the OpenAI front at
``/v1/chat/completions``), each model name routed to a target and a backend base URL.

`NullGateway(config).running()` serves it on a loopback port for a ``with`` block;
``parity gateway serve`` in the foreground. See docs/GATEWAYS.md, "The null gateway".
"""

from __future__ import annotations

from harness.gateway.config import GatewayConfig, Route, build_config, load_config
from harness.gateway.server import NullGateway

__all__ = ["GatewayConfig", "NullGateway", "Route", "build_config", "load_config"]
