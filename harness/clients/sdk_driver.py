"""A program written the way an application uses the official SDKs, run by Parity as a client
in a process of its own (`harness.clients.sdk`): it imports nothing of Parity's.

It holds one conversation: the prompt as the user's turn, then, while the model asks for
tools, the tools run for real in the working directory and their results go back, until the
model answers. The SDK styles (``client``):

- ``anthropic-sdk``: ``messages.create``, a tool loop of the application's own;
- ``anthropic-sdk-stream``: ``messages.stream``, the text read from ``text_stream`` and the
  turn from ``get_final_message()``;
- ``anthropic-sdk-tool-runner``: ``beta.messages.tool_runner`` with ``@beta_tool``
  functions, which runs the loop itself;
- ``openai-sdk``: ``chat.completions.create``, a tool loop of the application's own;
- ``openai-sdk-stream``: ``chat.completions.stream``, the turn from
  ``get_final_completion()``.

The tools: ``read_file`` (a file's text) and ``write_file`` (writes it), for relative paths
inside the working directory only. Usage: ``python sdk_driver.py '<json settings>'`` with
``client``, ``base_url``, ``api_key``, ``auth_token`` (the anthropic SDK's Bearer token, or
null), ``headers`` (sent with every request), ``model``, ``prompt``, ``max_turns``, and
optionally ``system`` (a system prompt), ``cache_system`` (marked ``cache_control``),
``attach`` (PNG files sent with the prompt as images) and ``count_tokens`` (the anthropic
SDK counts the first request's tokens first and prints a ``count_tokens`` line). It prints one
JSON object a line: a ``user`` message for each tool result sent back, and a final
``result`` (``result``, ``is_error``, ``num_turns``); exit 1 when the SDK raised.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

import anthropic
import openai
from anthropic.lib.tools import beta_tool

MAX_TOKENS = 1024

TOOLS: list[dict[str, Any]] = [
    {
        "name": "read_file",
        "description": "Read a text file in the working directory.",
        "input_schema": {
            "type": "object",
            "properties": {"path": {"type": "string", "description": "Relative path"}},
            "required": ["path"],
        },
    },
    {
        "name": "write_file",
        "description": "Write a text file in the working directory.",
        "input_schema": {
            "type": "object",
            "properties": {"path": {"type": "string"}, "content": {"type": "string"}},
            "required": ["path", "content"],
        },
    },
]


def _inside(path: str) -> Path:
    target = (Path.cwd() / path).resolve()
    if Path.cwd().resolve() not in target.parents:
        raise ValueError(f"{path}: outside the working directory")
    return target


def run_tool(name: str, arguments: dict[str, Any]) -> str:
    """Run one tool for real; its result text (or what went wrong)."""
    try:
        if name == "read_file":
            return _inside(str(arguments["path"])).read_text(encoding="utf-8")
        if name == "write_file":
            content = str(arguments["content"])
            _inside(str(arguments["path"])).write_text(content, encoding="utf-8")
            return f"wrote {len(content.encode('utf-8'))} bytes"
        return f"unknown tool {name}"
    except (KeyError, OSError, ValueError) as exc:
        return f"error: {exc}"


def emit(value: dict[str, Any]) -> None:
    print(json.dumps(value), flush=True)


def reported(result: str) -> str:
    """Print a tool result as sent back (stream-json's shape) and return it."""
    emit({"type": "user", "message": {"content": [{"type": "tool_result", "content": result}]}})
    return result


def _images(settings: dict[str, Any]) -> list[str]:
    """The base64 text of each attached image file (PNG)."""
    return [
        base64.b64encode(_inside(name).read_bytes()).decode("ascii")
        for name in settings.get("attach") or []
    ]


def anthropic_prompt(settings: dict[str, Any]) -> Any:
    """The user's first turn: the prompt, after any attached images."""
    images = _images(settings)
    if not images:
        return settings["prompt"]
    source = [{"type": "base64", "media_type": "image/png", "data": data} for data in images]
    blocks: list[dict[str, Any]] = [{"type": "image", "source": s} for s in source]
    return [*blocks, {"type": "text", "text": settings["prompt"]}]


def anthropic_system(settings: dict[str, Any]) -> dict[str, Any]:
    """The ``system`` argument, marked for prompt caching when asked."""
    text = settings.get("system")
    if not text:
        return {}
    if not settings.get("cache_system"):
        return {"system": text}
    return {"system": [{"type": "text", "text": text, "cache_control": {"type": "ephemeral"}}]}


def openai_prompt(settings: dict[str, Any]) -> Any:
    images = _images(settings)
    if not images:
        return settings["prompt"]
    urls = [{"url": f"data:image/png;base64,{data}"} for data in images]
    parts: list[dict[str, Any]] = [{"type": "text", "text": settings["prompt"]}]
    return parts + [{"type": "image_url", "image_url": u} for u in urls]


def count_tokens(
    client: anthropic.Anthropic,
    settings: dict[str, Any],
    messages: list[dict[str, Any]],
    extra: dict[str, Any],
) -> None:
    """Count the first request's tokens, as an application does before sending it."""
    try:
        arguments: dict[str, Any] = {"messages": messages, "tools": TOOLS, **extra}
        counted = client.messages.count_tokens(model=settings["model"], **arguments)
    except anthropic.APIError as exc:
        emit({"type": "count_tokens", "error": f"{type(exc).__name__}: {exc}"})
        return
    emit({"type": "count_tokens", "input_tokens": counted.input_tokens})


def anthropic_loop(settings: dict[str, Any], stream: bool) -> tuple[str, int]:
    client = anthropic.Anthropic(
        base_url=settings["base_url"],
        api_key=settings["api_key"],
        auth_token=settings["auth_token"],
        default_headers=settings["headers"],
    )
    messages: list[dict[str, Any]] = [{"role": "user", "content": anthropic_prompt(settings)}]
    extra = anthropic_system(settings)
    if settings.get("count_tokens"):
        count_tokens(client, settings, messages, extra)
    for turn in range(1, settings["max_turns"] + 1):
        kwargs: dict[str, Any] = {
            "model": settings["model"],
            "max_tokens": MAX_TOKENS,
            "messages": messages,
            "tools": TOOLS,
            **extra,
        }
        if stream:
            with client.messages.stream(**kwargs) as events:
                for _text in events.text_stream:
                    pass
                message = events.get_final_message()
        else:
            message = client.messages.create(**kwargs)
        content = [block.model_dump(exclude_none=True) for block in message.content]
        messages.append({"role": "assistant", "content": content})
        calls = [b for b in message.content if b.type == "tool_use"]
        if message.stop_reason != "tool_use" or not calls:
            return "".join(b.text for b in message.content if b.type == "text"), turn
        results = [
            {
                "type": "tool_result",
                "tool_use_id": call.id,
                "content": reported(run_tool(call.name, dict(call.input))),
            }
            for call in calls
        ]
        messages.append({"role": "user", "content": results})
    raise RuntimeError(f"no answer after {settings['max_turns']} turns")


@beta_tool
def read_file(path: str) -> str:
    """Read a text file in the working directory.

    Args:
        path: Relative path
    """
    return reported(run_tool("read_file", {"path": path}))


@beta_tool
def write_file(path: str, content: str) -> str:
    """Write a text file in the working directory.

    Args:
        path: Relative path
        content: The text to write
    """
    return reported(run_tool("write_file", {"path": path, "content": content}))


def anthropic_tool_runner(settings: dict[str, Any]) -> tuple[str, int]:
    client = anthropic.Anthropic(
        base_url=settings["base_url"],
        api_key=settings["api_key"],
        auth_token=settings["auth_token"],
        default_headers=settings["headers"],
    )
    runner = client.beta.messages.tool_runner(
        model=settings["model"],
        max_tokens=MAX_TOKENS,
        messages=[{"role": "user", "content": anthropic_prompt(settings)}],
        tools=[read_file, write_file],
        max_iterations=settings["max_turns"],
        **anthropic_system(settings),
    )
    turns, last = 0, None
    for message in runner:
        turns, last = turns + 1, message
    if last is None:
        raise RuntimeError("the tool runner produced no message")
    return "".join(b.text for b in last.content if b.type == "text"), turns


def _function(tool: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": tool["name"],
            "description": tool["description"],
            "parameters": tool["input_schema"],
        },
    }


def openai_loop(settings: dict[str, Any], stream: bool) -> tuple[str, int]:
    client = openai.OpenAI(
        base_url=settings["base_url"],
        api_key=settings["api_key"],
        default_headers=settings["headers"],
    )
    messages: list[dict[str, Any]] = [{"role": "user", "content": openai_prompt(settings)}]
    if settings.get("system"):
        messages.insert(0, {"role": "system", "content": settings["system"]})
    tools = [_function(t) for t in TOOLS]
    for turn in range(1, settings["max_turns"] + 1):
        kwargs: dict[str, Any] = {
            "model": settings["model"],
            "max_tokens": MAX_TOKENS,
            "messages": messages,
            "tools": tools,
        }
        if stream:
            with client.chat.completions.stream(**kwargs) as events:
                for _ in events:
                    pass
                completion = events.get_final_completion()
        else:
            completion = client.chat.completions.create(**kwargs)
        message = completion.choices[0].message
        calls = message.tool_calls or []
        turn_message: dict[str, Any] = {"role": "assistant"}
        if message.content is not None:
            turn_message["content"] = message.content
        if calls:
            turn_message["tool_calls"] = [
                {
                    "id": c.id,
                    "type": "function",
                    "function": {"name": c.function.name, "arguments": c.function.arguments},
                }
                for c in calls
            ]
        messages.append(turn_message)
        if not calls:
            return message.content or "", turn
        for call in calls:
            arguments = json.loads(call.function.arguments or "{}")
            result = reported(run_tool(call.function.name, arguments))
            messages.append({"role": "tool", "tool_call_id": call.id, "content": result})
    raise RuntimeError(f"no answer after {settings['max_turns']} turns")


def converse(settings: dict[str, Any]) -> tuple[str, int]:
    client = settings["client"]
    if client == "anthropic-sdk-tool-runner":
        return anthropic_tool_runner(settings)
    if client.startswith("anthropic-sdk"):
        return anthropic_loop(settings, stream=client.endswith("-stream"))
    return openai_loop(settings, stream=client.endswith("-stream"))


def main(argv: list[str]) -> int:
    settings = json.loads(argv[1])
    try:
        text, turns = converse(settings)
    except (anthropic.APIError, openai.APIError, RuntimeError, ValueError) as exc:
        emit({"type": "result", "is_error": True, "result": f"{type(exc).__name__}: {exc}"})
        return 1
    emit({"type": "result", "is_error": False, "result": text, "num_turns": turns})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
