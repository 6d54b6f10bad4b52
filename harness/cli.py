"""The `parity` command: run, record, serve, translate, check, report.

Every mistake a user can make (a bad file, an unknown target, unreadable input) ends in one
line on stderr and exit status 2, never a traceback. `run` exits 1 when a case is red.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from adapters.base import (
    API_VERSIONS,
    DEFAULT_API_VERSION,
    Call,
    Endpoint,
    TranslationError,
    WireResponse,
)
from adapters.openai.front_stream import ChunkStream
from adapters.protocol.sse import encode_events
from harness import registry, validate
from harness.errors import ParityError
from harness.findings import Finding
from harness.fronts import NATIVE_FRONT, fronts, get_front
from harness.session import Project, SessionOptions, run_session
from harness.stages.decode import decode


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
        return code
    except ParityError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _fail(message: str) -> NoReturn:
    print(f"parity: {message}", file=sys.stderr)
    raise SystemExit(2)


# -- run / record ------------------------------------------------------------------------


def _cmd_run(args: argparse.Namespace) -> int:
    project = Project.find(args.root)
    options = SessionOptions(
        mode="replay",
        keyword=args.keyword,
        targets=tuple(args.target or ()),
        update_golden=args.update_golden,
        results_path=args.results,
        write_report=not args.no_report,
        rechunk=args.rechunk,
    )
    outcome = run_session(project, options, out=sys.stdout)
    return 1 if outcome.red else 0


def _cmd_record(args: argparse.Namespace) -> int:
    project = Project.find(args.root)
    options = SessionOptions(
        mode="record-live" if args.live else "record-simulator",
        keyword=args.keyword,
        targets=tuple(args.target or ()),
        update_golden=args.update_golden,
        results_path=args.results,
        write_report=not args.no_report,
    )
    outcome = run_session(project, options, out=sys.stdout)
    return 1 if outcome.red else 0


# -- serve -------------------------------------------------------------------------------


def _cmd_serve(args: argparse.Namespace) -> int:
    from harness.resolver import ScenarioResolver
    from harness.simulator.server import SimulatorServer

    project = Project.find(args.root)
    scenarios = project.valid_scenarios()
    for broken in project.broken_scenarios():
        print(f"parity: skipped: {broken.error}", file=sys.stderr)
    resolver = ScenarioResolver(scenarios, project.config())
    from harness.simulator.journal import Journal, jsonl_sink
    from harness.simulator.server import verifying_backends

    backends = verifying_backends(os.environ) if args.verify_credentials else None
    journal = Journal()
    if args.log is not None:
        try:
            log = open(args.log, "a", encoding="utf-8")  # noqa: SIM115 (open while serving)
        except OSError as exc:
            _fail(f"{args.log}: cannot write the request log: {exc.strerror or exc}")
        journal = Journal(sink=jsonl_sink(log))
    server = SimulatorServer(
        resolver,
        host=args.host,
        port=args.port,
        max_requests=args.max_requests,
        backends=backends,
        journal=journal,
    )
    try:
        url = server.bind()
    except OSError as exc:
        _fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    print(f"Parity simulator: {len(scenarios)} scenarios at {url} (Ctrl-C stops it)", flush=True)
    for backend in server.backends:
        for route in backend.routes:
            print(f"  {backend.name:<18} {route}", flush=True)
    server.serve_forever()
    return 0


# -- translate ---------------------------------------------------------------------------


def _cmd_translate_request(args: argparse.Namespace) -> int:
    project = Project.find(args.root)
    config = project.config()
    body = _read_json(args.file)
    front = get_front(args.front)
    if not isinstance(body, dict):
        _fail(f"{_name(args.file)}: expected a JSON object (an {front.title} request)")
    if front.name != NATIVE_FRONT:
        if args.count_tokens:
            _fail(f"the {front.title} front has no count_tokens endpoint")
        try:
            body = front.to_anthropic(body)
        except TranslationError as exc:
            _fail(f"{_name(args.file)}: cannot map the {front.title} request: {exc}")
    if "model" in body and isinstance(body["model"], str):
        body["model"] = config.model_id(body["model"], args.to)
    endpoint: Endpoint = "count_tokens" if args.count_tokens else "messages"
    profile = config.profile(args.to)
    settings = profile.settings
    if args.region:
        settings = replace(settings, region=args.region)
    if args.project:
        settings = replace(settings, project=args.project)
    call = Call(
        endpoint=endpoint,
        body=body,
        api_version=args.api_version or profile.api_version,
        betas=tuple(args.beta or ()),
    )
    try:
        wire = registry.adapter(args.to).encode_request(call, settings)
    except TranslationError as exc:
        _fail(f"cannot translate to {args.to}: {exc}")
    print(json.dumps(wire.to_dict(), indent=2, ensure_ascii=False))
    return 0


def _cmd_translate_response(args: argparse.Namespace) -> int:
    raw = _read_bytes(args.file)
    front = get_front(args.to)
    client_request: dict[str, Any] = {}
    if args.request:
        loaded = _read_json(args.request)
        if not isinstance(loaded, dict):
            _fail(f"{args.request}: expected a JSON object (the client's request)")
        client_request = loaded
    if args.stream:
        client_request = {**client_request, "stream": True}
    request: dict[str, Any] = {"model": "unknown", "max_tokens": 1, "messages": []}
    if args.request:
        try:
            request = front.to_anthropic(client_request)
        except TranslationError as exc:
            _fail(f"{args.request}: cannot map the {front.title} request: {exc}")
    if args.stream:
        request = {**request, "stream": True}
    call = Call(endpoint="messages", body=request, api_version=args.api_version)
    status = args.status
    streamed = args.stream and 200 <= status < 300
    content_type = "text/event-stream" if streamed else "application/json"
    response = WireResponse(status, {"content-type": content_type}, raw)
    decoded = decode(registry.adapter(args.source), call, response, where=_name(args.file))
    problems = [f for f in decoded.findings if f.message.startswith("stream: ")]
    for finding in problems:
        print(f"parity: warning: {finding.message.removeprefix('stream: ')}", file=sys.stderr)
    if decoded.outcome is None:
        failure = next(f for f in decoded.findings if f not in problems)
        _fail(f"cannot translate the response from {args.source}: {_finding_text(failure)}")
    outcome = decoded.outcome.to_dict()
    try:
        shown = front.client_outcome({"stream": True, **client_request}, outcome)
    except TranslationError as exc:
        _fail(f"cannot translate the response from {args.source}: {exc}")
    outcome = shown if shown is not None else outcome
    if "events" in outcome:
        sys.stdout.write(encode_events(outcome["events"]).decode())
    elif "chunks" in outcome:
        stream = ChunkStream(outcome["chunks"], outcome["done"])
        sys.stdout.write(stream.encode().decode())
    else:
        print(json.dumps(outcome, indent=2, ensure_ascii=False))
    return 0


def _finding_text(finding: Finding) -> str:
    message = finding.message.removeprefix("response: ")
    return f"{finding.path}: {message}" if finding.path else message


# -- check / report ----------------------------------------------------------------------


def _cmd_check(args: argparse.Namespace) -> int:
    raw = _read_bytes(args.file)
    problems = validate.check(raw, stream=args.stream, name=_name(args.file))
    for line in problems:
        print(line)
    return 1 if problems else 0


def _cmd_report(args: argparse.Namespace) -> int:
    from harness.report import write_reports

    path = Path(args.results or Project.find(args.root).reports / "results.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        _fail(f"{path}: no results file; run `parity run` first")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        _fail(f"{path}: cannot read results: {str(exc).splitlines()[0]}")
    out_dir = Path(args.out) if args.out else path.parent
    try:
        paths = write_reports(data, out_dir)
    except OSError as exc:
        _fail(f"{out_dir}: cannot write the reports: {exc.strerror or exc}")
    print(f"wrote {paths.html}, {paths.junit}, {paths.summary}")
    return 0


# -- input helpers -----------------------------------------------------------------------


def _name(file: str | None) -> str:
    return "<stdin>" if file in (None, "-") else str(file)


def _read_bytes(file: str | None) -> bytes:
    if file in (None, "-"):
        return sys.stdin.buffer.read()
    try:
        return Path(str(file)).read_bytes()
    except OSError as exc:
        _fail(f"{file}: cannot read: {exc.strerror or exc}")


def _read_json(file: str | None) -> Any:
    raw = _read_bytes(file)
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        _fail(f"{_name(file)}: not valid JSON: {str(exc).splitlines()[0]}")


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parity",
        description="Conformance and fixture-replay harness for Anthropic Messages API "
        "translations.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--root", default=None, help="project root (default: found from cwd)")

    def selection(p: argparse.ArgumentParser) -> None:
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

    run = sub.add_parser("run", help="replay every case offline, check and grade it")
    common(run)
    selection(run)
    run.add_argument(
        "--rechunk",
        type=_positive,
        default=None,
        metavar="N",
        help="re-split every replayed response into N-byte pieces (tests stream decoders)",
    )
    run.set_defaults(handler=_cmd_run)

    record = sub.add_parser("record", help="record cassettes from the simulator or live")
    common(record)
    selection(record)
    source = record.add_mutually_exclusive_group()
    source.add_argument(
        "--simulator", action="store_true", help="record from the simulator (the default)"
    )
    source.add_argument("--live", action="store_true", help="record from the live services")
    record.set_defaults(handler=_cmd_record)

    serve = sub.add_parser("serve", help="run the backend simulator as a standalone server")
    common(serve)
    serve.add_argument("--port", type=_port, default=8765)
    serve.add_argument("--host", default="127.0.0.1", choices=["127.0.0.1", "localhost", "::1"])
    serve.add_argument("--max-requests", type=_positive, default=100_000)
    serve.add_argument(
        "--verify-credentials",
        action="store_true",
        help="check SigV4 signatures against AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / "
        "AWS_SESSION_TOKEN (and Bedrock API keys against AWS_BEARER_TOKEN_BEDROCK) from this "
        "environment, as Bedrock would",
    )
    serve.add_argument(
        "--log",
        metavar="FILE.jsonl",
        help="append one JSON line per request: route, target, scenario or why none, status, "
        "latency_ms (no bodies, no credentials)",
    )
    serve.set_defaults(handler=_cmd_serve)

    translate = sub.add_parser("translate", help="show what the reference translator does")
    tsub = translate.add_subparsers(dest="direction", required=True, metavar="DIRECTION")
    treq = tsub.add_parser("request", help="Anthropic request -> a target's wire request")
    common(treq)
    treq.add_argument("--to", required=True, choices=registry.targets())
    treq.add_argument(
        "--from",
        dest="front",
        choices=fronts(),
        default="anthropic",
        help="the API the request is written in (openai: through the front door)",
    )
    treq.add_argument("--api-version", choices=API_VERSIONS, default=None)
    treq.add_argument("--region", default=None)
    treq.add_argument("--project", default=None)
    treq.add_argument("--beta", action="append", help="an anthropic-beta flag (repeatable)")
    treq.add_argument(
        "--count-tokens", action="store_true", help="translate a /v1/messages/count_tokens request"
    )
    treq.add_argument("file", nargs="?", default="-")
    treq.set_defaults(handler=_cmd_translate_request)
    tres = tsub.add_parser("response", help="a target's raw response -> Anthropic form")
    common(tres)
    tres.add_argument("--from", dest="source", required=True, choices=registry.targets())
    tres.add_argument(
        "--to",
        choices=fronts(),
        default="anthropic",
        help="the API to answer in (openai: a chat.completion or chunk stream)",
    )
    tres.add_argument("--stream", action="store_true")
    tres.add_argument("--status", type=int, default=200)
    tres.add_argument("--request", default=None, help="the Anthropic request it answers")
    tres.add_argument("--api-version", choices=API_VERSIONS, default=DEFAULT_API_VERSION)
    tres.add_argument("file", nargs="?", default="-")
    tres.set_defaults(handler=_cmd_translate_response)

    check = sub.add_parser("check", help="validate an Anthropic Message or SSE stream")
    check.add_argument("--stream", action="store_true")
    check.add_argument("file", nargs="?", default="-")
    check.set_defaults(handler=_cmd_check)

    report = sub.add_parser("report", help="render the alignment report from results")
    common(report)
    report.add_argument(
        "results", nargs="?", default=None, help="results file (default: the project's reports/)"
    )
    report.add_argument("--out", default=None, help="output folder (default: beside results)")
    report.set_defaults(handler=_cmd_report)
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
