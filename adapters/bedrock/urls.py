"""Bedrock runtime endpoint URLs: the host for a region, and model ids placed in the path.

Host: ``https://bedrock-runtime.{region}.amazonaws.com`` unless the target's ``base_url``
replaces it. A model id of any kind (foundation model, ``us.``/``eu.``/``global.`` inference
profile, inference-profile or application-inference-profile ARN) is one path segment: it is
percent-encoded with ``:`` kept literal and ``/`` written ``%2F`` (an ARN's literal ``/``
would split the route, and Bedrock answers ``UnknownOperationException``). This is how
``AnthropicBedrock`` quotes it; ``%3A`` for ``:`` would be accepted as well.

`model_name` recovers the Claude model name from an id, for replies that carry none.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import quote

from adapters.base import TranslationError

_PROFILE_PREFIX = re.compile(r"^(?:[a-z]+\.)?anthropic\.")
_VERSION_SUFFIX = re.compile(r"-v\d+(?::\d+)?$")
Operation = Literal["invoke", "invoke-with-response-stream", "converse", "converse-stream"]

_SAFE = ":"


def root_url(region: str, base_url: str | None = None) -> str:
    """The runtime endpoint for ``region``; ``base_url`` (a gateway, the simulator) wins."""
    if base_url:
        return base_url.rstrip("/")
    return f"https://bedrock-runtime.{region}.amazonaws.com"


def quote_model_id(model_id: str) -> str:
    """``model_id`` as one path segment: ``:`` literal, ``/`` as ``%2F``, the rest quoted."""
    return quote(model_id, safe=_SAFE)


def model_url(root: str, model_id: str, operation: Operation) -> str:
    """``{root}/model/{model id}/{operation}``."""
    return f"{root}/model/{quote_model_id(model_id)}/{operation}"


def model_id(body: dict[str, object]) -> str:
    """The model id of a messages call (it goes in the URL, not the body)."""
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise TranslationError("a model id is required to address Bedrock", path="model")
    return model


def model_name(model_id: str) -> str:
    """The Claude model name a Bedrock model id points at, for replies that name no model:
    the last ARN segment without its ``{geo}.anthropic.`` prefix and ``-vN:M`` suffix
    (``us.anthropic.claude-sonnet-4-5-20250929-v1:0`` -> ``claude-sonnet-4-5-20250929``).
    An id that names no Claude model (an application inference profile) is kept whole."""
    tail = model_id.rsplit("/", 1)[-1]
    if not _PROFILE_PREFIX.match(tail):
        return model_id
    return _VERSION_SUFFIX.sub("", _PROFILE_PREFIX.sub("", tail))
