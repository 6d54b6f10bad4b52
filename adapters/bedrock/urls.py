"""Bedrock runtime endpoint URLs: the host for a region, and model ids placed in the path.

Host: ``https://bedrock-runtime.{region}.amazonaws.com`` unless the target's ``base_url``
replaces it. A model id of any kind (foundation model, ``us.``/``eu.``/``us-gov.``/``global.``
inference profile, inference-profile or application-inference-profile ARN) is one path
segment: it is percent-encoded with ``:`` kept literal and ``/`` written ``%2F`` (an ARN's
literal ``/`` would split the route, and Bedrock answers ``UnknownOperationException``).
This is how ``AnthropicBedrock`` quotes it for the API version of the call: the 0.x SDK
(``2023-06-01``) keeps only ``:`` literal, the 2.x SDK (``2026-10-21``) keeps ``;`` literal
too. ``%3A`` for ``:`` would be accepted as well.

The region is checked to be one DNS label (it is part of the host) and the model id not to
be empty, ``.`` or ``..`` (`adapters.url_safety`), so that no setting or model id can move
the request to another host or path. A bare Claude model name (``claude-sonnet-4-5-20250929``,
no ``anthropic.`` provider and no ``-vN:M`` version) is sent as given, since it could name a
custom deployment, but `model_id_warnings` says that Bedrock will most likely not know it.

`model_name` recovers the Claude model name from an id, for replies that carry none.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import quote

from adapters import url_safety
from adapters.base import DEFAULT_API_VERSION, TranslationError

# the geography of a cross-region inference profile (``us.``, ``us-gov.``, ``global.``...)
_GEOGRAPHY = re.compile(r"^[a-z]+(?:-[a-z]+)*\.(?=anthropic\.)")
# an optional geography before the provider
_PROFILE_PREFIX = re.compile(r"^(?:[a-z]+(?:-[a-z]+)*\.)?anthropic\.")
# ``-v1:0``, and the context-window variants such as ``-v1:0:200k``
_VERSION_SUFFIX = re.compile(r"-v\d+(?::[0-9a-z]+)*$")
# a Claude model name as the Anthropic API spells it, with nothing Bedrock adds
_BARE_CLAUDE = re.compile(r"claude-[a-z0-9.-]*\Z")
Operation = Literal[
    "invoke", "invoke-with-response-stream", "converse", "converse-stream", "count-tokens"
]

# API version -> the characters `AnthropicBedrock` of that generation keeps literal
_SAFE = {"2023-06-01": ":", "2026-10-21": ":;"}


def root_url(region: str, base_url: str | None = None) -> str:
    """The runtime endpoint for ``region``; ``base_url`` (a gateway, the simulator) wins."""
    url_safety.host_label(region, "settings.region")
    if base_url:
        return url_safety.base_url(base_url)
    return f"https://bedrock-runtime.{region}.amazonaws.com"


def quote_model_id(model_id: str, api_version: str = DEFAULT_API_VERSION) -> str:
    """``model_id`` as one path segment: ``:`` literal (and ``;`` for ``2026-10-21``), ``/``
    as ``%2F``, the rest quoted."""
    return quote(model_id, safe=_SAFE.get(api_version, _SAFE[DEFAULT_API_VERSION]))


def model_url(
    root: str, model_id: str, operation: Operation, api_version: str = DEFAULT_API_VERSION
) -> str:
    """``{root}/model/{model id}/{operation}``, the id quoted as for ``api_version``."""
    url_safety.path_segment(model_id, "model")
    return f"{root}/model/{quote_model_id(model_id, api_version)}/{operation}"


def model_id(body: dict[str, object]) -> str:
    """The model id of a messages call (it goes in the URL, not the body)."""
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise TranslationError("a model id is required to address Bedrock", path="model")
    return model


def model_id_warnings(model_id: str) -> tuple[str, ...]:
    """A warning when ``model_id`` is a bare Claude model name rather than a Bedrock model
    id (no ``{geo}.anthropic.`` provider prefix, no ``-vN:M`` version, not an ARN)."""
    if not _BARE_CLAUDE.match(model_id):
        return ()
    return (
        f"model: {model_id!r} is an Anthropic model name, not a Bedrock model id; Bedrock "
        "expects a foundation model or inference profile id such as "
        f"'anthropic.{model_id}-v1:0' or 'us.anthropic.{model_id}-v1:0', or an ARN",
    )


def is_cross_region_profile(model_id: str) -> bool:
    """Whether ``model_id`` is a cross-region inference profile id (``us.anthropic.…``)."""
    return _GEOGRAPHY.match(model_id) is not None


def without_geography(model_id: str) -> str:
    """The foundation model a cross-region profile id runs on (``us.anthropic.x-v1:0`` ->
    ``anthropic.x-v1:0``); any other id unchanged."""
    return _GEOGRAPHY.sub("", model_id)


def model_name(model_id: str) -> str:
    """The Claude model name a Bedrock model id points at, for replies that name no model:
    the last ARN segment without its ``{geo}.anthropic.`` prefix and ``-vN:M[:variant]``
    suffix (``us.anthropic.claude-sonnet-4-5-20250929-v1:0`` -> ``claude-sonnet-4-5-20250929``,
    ``anthropic.claude-3-haiku-20240307-v1:0:200k`` -> ``claude-3-haiku-20240307``).
    An id that names no Claude model (an application inference profile) is kept whole."""
    tail = model_id.rsplit("/", 1)[-1]
    if not _PROFILE_PREFIX.match(tail):
        return model_id
    return _VERSION_SUFFIX.sub("", _PROFILE_PREFIX.sub("", tail))
