"""``parity gateway serve``: the null gateway in the foreground on 127.0.0.1.

`add_serve_parser` adds ``serve`` to the ``parity gateway`` actions. Routing comes from
``--config FILE`` (docs/GATEWAYS.md), ``--simulator URL`` (every target aimed at Parity's
simulator) and ``--backend TARGET=URL`` (one target's base URL), the flags winning over the
file; model names and target settings from the project's fixtures/targets.yaml. A mistake is
a one-line error (`harness.errors.ParityError`), never a traceback.
"""

from __future__ import annotations

import argparse
from dataclasses import fields
from pathlib import Path
from typing import Any

from harness import registry
from harness.errors import ParityError
from harness.gateway.config import GatewayConfig, build_config, load_config
from harness.gateway.server import NullGateway

DEFAULT_PORT = 8780


def add_serve_parser(actions: Any) -> None:
    """Add ``serve`` to the actions of ``parity gateway``."""
    serve = actions.add_parser(
        "serve", help="serve the reference translator as an Anthropic-compatible gateway"
    )
    serve.add_argument("--root", default=None, help="project root (default: found from cwd)")
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT)
    serve.add_argument("--config", default=None, metavar="FILE", help="routing configuration")
    serve.add_argument(
        "--simulator", default=None, metavar="URL", help="aim every target at this simulator"
    )
    serve.add_argument(
        "--backend",
        action="append",
        default=[],
        metavar="TARGET=URL",
        help="the base URL of one target's backend (repeatable)",
    )
    serve.add_argument(
        "--default-target",
        choices=registry.targets(),
        default=None,
        help="where a model name without '<target>/' goes",
    )
    serve.set_defaults(handler=serve_command)


def serve_command(args: argparse.Namespace) -> int:
    """Start the gateway and serve until Ctrl-C."""
    from harness.session import Project

    config = gateway_config(args, Project.find(args.root).config())
    gateway = NullGateway(config, port=args.port)
    try:
        url = gateway.bind()
    except OSError as exc:
        reason = exc.strerror or exc
        raise ParityError(f"cannot listen on 127.0.0.1:{args.port}: {reason}") from None
    print(f"Parity null gateway at {url} (Ctrl-C stops it)", flush=True)
    for target in config.served_targets():
        where = config.backends.get(target) or f"the simulator at {config.simulator}"
        print(f"  {target:<18} {target}/<model> -> {where}", flush=True)
    gateway.serve_forever()
    return 0


def gateway_config(args: argparse.Namespace, targets: Any) -> GatewayConfig:
    """The configuration from ``--config``, with the flags applied over it."""
    base = load_config(Path(args.config), targets) if args.config else None
    options: dict[str, Any] = {}
    if base is not None:
        targets = base.targets
        skip = {"targets", "simulator", "backends"}
        options = {f.name: getattr(base, f.name) for f in fields(base) if f.name not in skip}
    backends = dict(base.backends) if base is not None else {}
    for item in args.backend:
        target, sep, url = item.partition("=")
        if not sep or not target or not url:
            raise ParityError(f"--backend {item!r}: expected TARGET=URL")
        backends[target] = url
    if args.default_target:
        options["default_target"] = args.default_target
    simulator = args.simulator or (base.simulator if base is not None else None)
    return build_config(targets, simulator=simulator, backends=backends, **options)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got {text!r}")
    return int(text)
