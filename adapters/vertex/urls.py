"""Vertex AI endpoint URLs for Claude, built as the official ``AnthropicVertex`` client does.

Regional hosts: ``global`` -> ``aiplatform.googleapis.com``; the multi-regions ``us`` and
``eu`` -> ``aiplatform.{us,eu}.rep.googleapis.com``; any other region ->
``{region}-aiplatform.googleapis.com``. Path values are percent-encoded as path segments
(``@`` and ``:`` stay literal, ``/`` becomes ``%2F``, ``;`` becomes ``%3B``), as the 2.x SDK
does.

Every value is checked before it reaches the URL (`adapters.url_safety`): the region is one
DNS label (it is part of the host), project and model are not empty, ``.`` or ``..``, and a
base URL is an absolute http(s) URL; anything else is a TranslationError naming the field.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from adapters import url_safety

_SEGMENT_SAFE = "!$&'()*+,=:@"  # RFC 3986 pchar minus ';', which some servers cut at

COUNT_TOKENS_MODEL = "count-tokens"


# Anthropic's dated model ids (claude-sonnet-4-5-20250929); Vertex writes the date after '@'
_DATED_ID = re.compile(r"^(claude-[a-z0-9.-]+)-(\d{8})$")


def model_id_warnings(model_id: str) -> tuple[str, ...]:
    """A warning when ``model_id`` is an Anthropic API id with its date, which Vertex AI
    names ``<model>@<date>``."""
    dated = _DATED_ID.match(model_id)
    if dated is None:
        return ()
    return (
        f"model: {model_id!r} is an Anthropic API id; Vertex AI names it "
        f"{dated[1]}@{dated[2]} and finds no other",
    )


def root_url(region: str, base_url: str | None = None) -> str:
    """The ``.../v1`` root for ``region``; ``base_url`` (a gateway, the simulator) wins."""
    url_safety.host_label(region, "settings.region")
    if base_url:
        return url_safety.base_url(base_url)
    if region == "global":
        return "https://aiplatform.googleapis.com/v1"
    if region in ("us", "eu"):
        return f"https://aiplatform.{region}.rep.googleapis.com/v1"
    return f"https://{region}-aiplatform.googleapis.com/v1"


def quote_segment(value: str) -> str:
    """``value`` percent-encoded for use as one URL path segment."""
    return quote(value, safe=_SEGMENT_SAFE)


def model_url(root: str, project: str, region: str, model: str, specifier: str) -> str:
    """``{root}/projects/{p}/locations/{r}/publishers/anthropic/models/{model}:{specifier}``."""
    url_safety.path_segment(project, "settings.project")
    url_safety.host_label(region, "settings.region")
    url_safety.path_segment(model, "model")
    return (
        f"{root}/projects/{quote_segment(project)}/locations/{quote_segment(region)}"
        f"/publishers/anthropic/models/{quote_segment(model)}:{specifier}"
    )


def messages_url(root: str, project: str, region: str, model: str, stream: bool) -> str:
    """Messages go to ``:streamRawPredict`` when streaming, ``:rawPredict`` otherwise."""
    return model_url(root, project, region, model, "streamRawPredict" if stream else "rawPredict")


def count_tokens_url(root: str, project: str, region: str) -> str:
    """Token counting has its own pseudo-model, always ``:rawPredict``."""
    return model_url(root, project, region, COUNT_TOKENS_MODEL, "rawPredict")
