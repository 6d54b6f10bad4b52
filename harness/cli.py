"""The `parity` command: run, record, serve, translate, check, report.

This module parses the arguments and runs one command (`harness.commands`); what a command
raises becomes one line on stderr and an exit code scripts can trust:

- 0: done (translated; valid; no red case).
- 1: findings (`check` found problems; `translate response` printed the translation of a
  response that had problems; `run` or `record` has a red case).
- 2: unusable input (a bad option, an unreadable or malformed file, input beyond the limits
  of `harness.cli_input`) or a refusal by the translator.
- 141: stdout was closed by its reader (``| head``); nothing more is written, quietly.
- 130: interrupted.

Every line on stderr starts with ``parity:``; warnings with ``parity: warning:``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from adapters.base import API_VERSIONS, DEFAULT_API_VERSION
from harness import registry
from harness.cli_output import CLOSED_PIPE, INTERRUPTED, UNUSABLE, say
from harness.commands.check import check
from harness.commands.clients import clients_run
from harness.commands.gateway import gateway_run
from harness.commands.report import report
from harness.commands.run import record as record_cassettes
from harness.commands.run import run
from harness.commands.serve import serve
from harness.commands.translate_request import translate_request
from harness.commands.translate_response import translate_response
from harness.errors import ParityError
from harness.fronts import fronts
from harness.gateway.cli import add_serve_parser

EXIT_CODES = """exit status:
  0    done: translated, valid, no red case
  1    findings: check found problems; translate response printed the translation of a
       response that had problems (each a "parity: warning:" line on stderr); run or
       record has a red case
  2    unusable input (bad option, unreadable file, not JSON, beyond the input limits)
       or a refusal by the translator, as one "parity:" line on stderr
  141  stdout closed by its reader (| head): output stops quietly"""


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``parity`` with ``argv``; the exit status (never raises, never a traceback for
    bad input)."""
    try:
        args = _parser().parse_args(argv)
        code: int = args.handler(args)
        sys.stdout.flush()
        return code
    except SystemExit as exc:  # argparse: --help, or a usage error already reported
        return exc.code if isinstance(exc.code, int) else UNUSABLE
    except ParityError as exc:
        say(str(exc))
        return UNUSABLE
    except BrokenPipeError:
        _drop_stdout()
        return CLOSED_PIPE
    except KeyboardInterrupt:
        say("interrupted")
        return INTERRUPTED


def _drop_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's last flush of what is
    still buffered cannot fail again (as the Python docs on SIGPIPE recommend)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors as one ``parity:`` line."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("parity").strip()
        say(f"{command + ': ' if command else ''}{message} (see `{self.prog} --help`)")
        raise SystemExit(UNUSABLE)


# -- argument parsing --------------------------------------------------------------------


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def _port(text: str) -> int:
    value = _positive(text) if text != "0" else 0
    if value > 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got {value}")
    return value


def _status(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an HTTP status, got {text!r}") from None
    if not 100 <= value <= 599:
        raise argparse.ArgumentTypeError(f"expected an HTTP status from 100 to 599, got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="parity",
        description="Conformance and fixture-replay harness for Anthropic Messages API "
        "translations.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_session_commands(sub)
    _add_serve(sub)
    translate = sub.add_parser("translate", help="show what the reference translator does")
    directions = translate.add_subparsers(dest="direction", required=True, metavar="DIRECTION")
    _add_translate_request(directions)
    _add_translate_response(directions)
    _add_check(sub)
    _add_report(sub)
    _add_gateway(sub)
    _add_clients(sub)
    return parser


if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[_Parser]


def _with_exit_codes(
    sub: Subparsers, name: str, help: str, description: str
) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=help,
        description=description,
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _root(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", default=None, help="project root (default: found from cwd)")


def _add_session_commands(sub: Subparsers) -> None:
    replay = sub.add_parser("run", help="replay every case offline, check and grade it")
    record = sub.add_parser("record", help="record cassettes from the simulator or live")
    for p in (replay, record):
        _root(p)
        p.add_argument(
            "-k", dest="keyword", default=None, help="only cases whose id or tags contain this text"
        )
        p.add_argument(
            "--target", action="append", choices=registry.targets(), help="only this target"
        )
        p.add_argument(
            "--update-golden",
            action="store_true",
            help="write golden files from this run (review the diff)",
        )
        p.add_argument("--results", default=None, help="results file (reports/results.json)")
        p.add_argument("--no-report", action="store_true", help="skip the HTML/JUnit/summary")
    replay.add_argument(
        "--rechunk",
        type=_positive,
        default=None,
        metavar="N",
        help="re-split every replayed response into N-byte pieces (tests stream decoders)",
    )
    replay.set_defaults(handler=run)
    source = record.add_mutually_exclusive_group()
    source.add_argument(
        "--simulator", action="store_true", help="record from the simulator (the default)"
    )
    source.add_argument("--live", action="store_true", help="record from the live services")
    record.set_defaults(handler=record_cassettes)


def _add_serve(sub: Subparsers) -> None:
    p = sub.add_parser("serve", help="run the backend simulator as a standalone server")
    _root(p)
    p.add_argument("--port", type=_port, default=8765)
    p.add_argument("--host", default="127.0.0.1", choices=["127.0.0.1", "localhost", "::1"])
    p.add_argument("--max-requests", type=_positive, default=100_000)
    p.add_argument(
        "--verify-credentials",
        action="store_true",
        help="check SigV4 signatures against AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / "
        "AWS_SESSION_TOKEN (and Bedrock API keys against AWS_BEARER_TOKEN_BEDROCK) from this "
        "environment, as Bedrock would",
    )
    p.add_argument(
        "--log",
        metavar="FILE.jsonl",
        help="append one JSON line per request: route, target, scenario or why none, status, "
        "latency_ms (no bodies, no credentials)",
    )
    p.set_defaults(handler=serve)


def _add_translate_request(sub: Subparsers) -> None:
    p = _with_exit_codes(
        sub,
        "request",
        help="Anthropic request -> a target's wire request",
        description="Print the wire request (method, url, headers, body) a target receives "
        "for an Anthropic (or OpenAI) request, as JSON. A request the API would refuse (no "
        "max_tokens, empty messages, a model id the target does not use) is translated with "
        "a warning.",
    )
    _root(p)
    p.add_argument("--to", required=True, choices=registry.targets())
    p.add_argument(
        "--from",
        dest="front",
        choices=fronts(),
        default="anthropic",
        help="the API the request is written in (openai: through the front door)",
    )
    p.add_argument("--api-version", choices=API_VERSIONS, default=None)
    p.add_argument("--region", default=None)
    p.add_argument("--project", default=None)
    p.add_argument("--beta", action="append", help="an anthropic-beta flag (repeatable)")
    p.add_argument(
        "--count-tokens", action="store_true", help="translate a /v1/messages/count_tokens request"
    )
    p.add_argument("file", nargs="?", default="-", help="the request (default: stdin)")
    p.set_defaults(handler=translate_request)


def _add_translate_response(sub: Subparsers) -> None:
    p = _with_exit_codes(
        sub,
        "response",
        help="a target's raw response -> what the client receives",
        description="Print exactly what the client receives for a target's raw response: the "
        "Anthropic body (Message, count_tokens result or error) as JSON, or the SSE stream; "
        "with --to openai the chat.completion (or error) body, or the chunk stream. The HTTP "
        "status is not printed unless --include-status is given.",
    )
    _root(p)
    p.add_argument("--from", dest="source", required=True, choices=registry.targets())
    p.add_argument(
        "--to",
        choices=fronts(),
        default="anthropic",
        help="the API to answer in (openai: a chat.completion or chunk stream)",
    )
    p.add_argument("--stream", action="store_true", help="the response is a stream")
    p.add_argument(
        "--status", type=_status, default=200, help="the response's HTTP status (default: 200)"
    )
    p.add_argument(
        "--include-status",
        action="store_true",
        help='print {"status", "body"} ({"status", "events"}, {"status", "chunks", "done"} '
        "for streams) as JSON instead of the body or stream alone",
    )
    p.add_argument("--request", default=None, help="the request it answers (in the --to API)")
    p.add_argument("--api-version", choices=API_VERSIONS, default=DEFAULT_API_VERSION)
    p.add_argument("file", nargs="?", default="-", help="the raw response (default: stdin)")
    p.set_defaults(handler=translate_response)


def _add_check(sub: Subparsers) -> None:
    p = _with_exit_codes(
        sub,
        "check",
        help="validate an Anthropic Message or SSE stream",
        description="Validate an Anthropic Message, error or count_tokens result (or with "
        "--stream an SSE stream) against the official types and the stream grammar; one line "
        "per problem on stdout.",
    )
    p.add_argument("--stream", action="store_true", help="the input is an SSE stream")
    p.add_argument("file", nargs="?", default="-", help="the body or stream (default: stdin)")
    p.set_defaults(handler=check)


def _add_report(sub: Subparsers) -> None:
    p = sub.add_parser("report", help="render the alignment report from results")
    _root(p)
    p.add_argument(
        "results", nargs="?", default=None, help="results file (default: the project's reports/)"
    )
    p.add_argument("--out", default=None, help="output folder (default: beside results)")
    p.set_defaults(handler=report)


def _add_gateway(sub: Subparsers) -> None:
    gateway = sub.add_parser("gateway", help="put a gateway on trial (docs/GATEWAYS.md)")
    actions = gateway.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = _with_exit_codes(
        actions,
        "run",
        help="run the selected cases through a gateway and beside the reference",
        description="Start Parity's simulator as every backend and the gateway its profile "
        "describes, send every selected case through the gateway's front as raw HTTP, judge "
        "what the gateway sent upstream and what its client received, and write results and "
        "reports with the reference translator's cases beside the gateway's.",
    )
    _root(p)
    p.add_argument("profile", help="the gateway profile (YAML; see docs/GATEWAYS.md)")
    p.add_argument(
        "-k", dest="keyword", default=None, help="only cases whose id or tags contain this text"
    )
    p.add_argument("--target", action="append", choices=registry.targets(), help="only this target")
    p.add_argument(
        "--concurrency",
        type=_positive,
        default=4,
        metavar="N",
        help="cases in flight at once (1 for a gateway that does not forward headers)",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="also what strict clients trip over: extra fields, null or 0 for absent, "
        "model echo, OpenAI error type and code, chunk positions",
    )
    p.add_argument("--results", default=None, help="results file (reports/results.json)")
    p.add_argument("--no-report", action="store_true", help="skip the HTML/JUnit/summary")
    p.set_defaults(handler=gateway_run)
    add_serve_parser(actions)


def _add_clients(sub: Subparsers) -> None:
    clients = sub.add_parser("clients", help="run real clients through a gateway")
    actions = clients.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = _with_exit_codes(
        actions,
        "run",
        help="run every client scenario on every target (docs/CLIENTS.md)",
        description="Start Parity's simulator as every backend and the null gateway (or the "
        "gateway of --gateway PROFILE), run the pinned Claude Code CLI through it for each "
        "client scenario and target in a throw-away directory, judge what it did, sent and "
        "received, and write results and reports.",
    )
    _root(p)
    p.add_argument("-k", dest="keyword", default=None, help="only scenarios whose id has this")
    p.add_argument("--target", action="append", choices=registry.targets(), help="only this target")
    p.add_argument(
        "--timeout", type=_positive, default=180, metavar="S", help="seconds per client run"
    )
    p.add_argument(
        "--gateway",
        default=None,
        metavar="PROFILE",
        help="the gateway's profile (default: gateways/null/profile.yaml, the null gateway)",
    )
    p.add_argument("--results", default=None, help="results file (reports/clients/results.json)")
    p.add_argument("--no-report", action="store_true", help="skip the HTML/JUnit/summary")
    p.set_defaults(handler=clients_run)


if __name__ == "__main__":
    raise SystemExit(main())
