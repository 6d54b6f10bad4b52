"""`parity translate request`: the wire request a target receives for a client's request.

Prints the wire request as JSON (``method``, ``url``, ``headers``, ``body``) and exits 0;
warns (``parity: warning:``) about a request the API would refuse, and still translates it;
exits 2 with one line for unusable input or a translator's refusal.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from adapters.base import Call, Endpoint, TranslationError, WireRequest
from harness import registry
from harness.cli_input import input_name, read_json
from harness.cli_output import OK, fail, json_text, warn, write
from harness.commands.request_warnings import request_warnings
from harness.fronts import NATIVE_FRONT, get_front
from harness.session import Project


def translate_request(args: argparse.Namespace) -> int:
    config = Project.find(args.root).config()
    name = input_name(args.file)
    body = _anthropic_request(read_json(args.file), args.front, name, args.count_tokens)
    if isinstance(body.get("model"), str):
        body["model"] = config.model_id(body["model"], args.to)
    endpoint: Endpoint = "count_tokens" if args.count_tokens else "messages"
    for problem in request_warnings(body, endpoint):
        warn(f"{name}: {problem}")
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
    wire = _encode(args.to, call, settings, name)
    for problem in wire.warnings:
        warn(f"{name}: {problem}")
    write(json_text(wire.to_dict(), f"the {args.to} wire request"))
    return OK


def _anthropic_request(loaded: Any, front_name: str, name: str, count_tokens: bool) -> Any:
    front = get_front(front_name)
    if not isinstance(loaded, dict):
        fail(f"{name}: expected a JSON object (an {front.title} request)")
    if front.name == NATIVE_FRONT:
        return loaded
    if count_tokens:
        fail(f"the {front.title} front has no count_tokens endpoint")
    try:
        body = front.to_anthropic(loaded)
    except TranslationError as exc:
        fail(f"{name}: cannot map the {front.title} request: {exc}")
    except Exception as exc:  # a front door failing on odd input is a refusal, not a crash
        fail(f"{name}: the {front.title} front door failed: {type(exc).__name__}: {str(exc)[:200]}")
    return body


def _encode(target: str, call: Call, settings: Any, name: str) -> WireRequest:
    try:
        return registry.adapter(target).encode_request(call, settings)
    except TranslationError as exc:
        fail(f"cannot translate to {target}: {exc}")
    except Exception as exc:  # the translator failing on odd input is a refusal, not a crash
        fail(f"{name}: the {target} translator failed: {type(exc).__name__}: {str(exc)[:200]}")
