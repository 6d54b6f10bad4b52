"""Both OpenAI targets send a JSON POST to api.openai.com/v1, or to the checked base_url."""

from __future__ import annotations

import json

import pytest

from adapters.base import TargetSettings, TranslationError
from adapters.openai.auth import BEARER_PLACEHOLDER
from adapters.openai_common.wire import json_post


def test_by_default_the_request_goes_to_openai_with_the_key_as_a_placeholder() -> None:
    wire = json_post(TargetSettings("openai"), "/responses", {"model": "gpt-5", "n": "é"})
    assert (wire.method, wire.url) == ("POST", "https://api.openai.com/v1/responses")
    assert wire.headers == {
        "content-type": "application/json",
        "authorization": BEARER_PLACEHOLDER,
    }
    assert json.loads(wire.body or b"") == {"model": "gpt-5", "n": "é"}


def test_a_base_url_setting_replaces_the_host_and_prefix() -> None:
    settings = TargetSettings("openai", base_url="http://127.0.0.1:4000/v1/")
    wire = json_post(settings, "/chat/completions", {})
    assert wire.url == "http://127.0.0.1:4000/v1/chat/completions"


def test_a_base_url_with_a_query_is_refused_naming_the_setting() -> None:
    with pytest.raises(TranslationError) as caught:
        json_post(TargetSettings("openai", base_url="https://x.example/v1?a=1"), "/r", {})
    assert caught.value.path == "settings.base_url"
