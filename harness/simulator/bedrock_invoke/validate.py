"""An InvokeModel body checked as Bedrock checks it (after auth): a JSON object without
``model`` or ``stream``, a supported ``anthropic_version``, the typed Messages fields
(``max_tokens`` and ``messages`` required, ``stop_sequences`` a list of strings), accepted
beta flags, and no ``x-anthropic-billing-header`` in the system prompt (a reserved keyword
there: the service refused Claude Code's attribution block with exactly this message,
anthropics/claude-code#24168)."""

from __future__ import annotations

from harness.simulator import Rejection, SimRequest, read_json_object
from harness.simulator.anthropic.validate import body_problem
from harness.simulator.bedrock.validate import check_betas
from harness.simulator.server_tools import unrun_server_tool

BODY_VERSIONS = ("bedrock-2023-05-31", "2026-10-21")
_EXTRANEOUS = ("model", "stream")
RESERVED_IN_SYSTEM = "x-anthropic-billing-header"
# The server tools Claude on Bedrock runs: regex tool search (Anthropic's tool search page;
# BM25 is not offered there). Any other server tool type fails the body's tool schema, as
# web search did with 400 "tools.0: Input tag 'web_search_20250305' found using 'type' does
# not match any of the expected tags: ..." (anthropic-sdk-python#948; the list of expected
# tags the service appends is left out). Held against `adapters.bedrock.refused.SERVER_TOOLS`.
SERVER_TOOLS = frozenset({"tool_search_tool_regex"})


def refusal(request: SimRequest) -> Rejection | None:
    """Bedrock's refusal of an InvokeModel body, or None when it passes."""
    try:
        body = read_json_object(request.body)
    except ValueError as exc:
        return Rejection(400, f"Malformed input request: {exc}, please reformat your input")
    for key in _EXTRANEOUS:
        if key in body:
            return Rejection(
                400,
                f"Malformed input request: #: extraneous key [{key}] is not permitted, "
                "please reformat your input and try again.",
            )
    version = body.get("anthropic_version")
    if version is None:
        return Rejection(
            400, "Malformed input request: #: required key [anthropic_version] not found"
        )
    if version not in BODY_VERSIONS:
        return Rejection(400, f"Malformed input request: anthropic_version {version!r} is invalid")
    betas = body.get("anthropic_beta")
    problem = body_problem(body, "messages", betas if isinstance(betas, list) else ())
    if problem is not None:
        field, reason = problem
        if reason == "Field required":
            text = f"#: required key [{field}] not found"
        else:
            text = f"#/{field.replace('.', '/')}: {reason.lower()}"
        return Rejection(
            400, f"Malformed input request: {text}, please reformat your input and try again."
        )
    unrun = unrun_server_tool(body, SERVER_TOOLS)
    if unrun is not None:
        index, kind = unrun
        return Rejection(
            400,
            f"tools.{index}: Input tag '{kind}' found using 'type' does not match any of the "
            "expected tags",
        )
    if any(RESERVED_IN_SYSTEM in text for text in _system_texts(body.get("system"))):
        return Rejection(
            400,
            f"{RESERVED_IN_SYSTEM} is a reserved keyword and may not be used in the system prompt.",
        )
    return check_betas(body.get("anthropic_beta"), "anthropic_beta")


def _system_texts(system: object) -> list[str]:
    """The texts of a ``system`` prompt: the string, or each text block's text."""
    if isinstance(system, str):
        return [system]
    if not isinstance(system, list):
        return []
    return [b["text"] for b in system if isinstance(b, dict) and isinstance(b.get("text"), str)]
